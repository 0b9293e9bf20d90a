import os
import os.path
from os.path import join, basename
print(os.path.join('a', 'b', 'c.py'), join('/x', '/y'), basename('/p/q.txt'), os.path.dirname('/p/q.txt'))
print(os.path.splitext('a/b.tar.gz'), os.path.splitext('.bashrc'), os.path.split('a/b/c'), os.path.normpath('a//b/../c'))
print(os.path.isabs('/a'), os.sep, os.path.exists(__file__), os.path.isfile(__file__), os.path.isdir(os.path.dirname(__file__)))
print(os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'nope')), os.getenv('AIFLOW_TEST_UNSET', 'dflt'))

# Hostile: 100,000 distinct patterns compiled and kept.
import re
pats = [re.compile('a{%d}b' % i) for i in range(100000)]

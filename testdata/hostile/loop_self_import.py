# Hostile: A module that imports itself again and again.
import importlib
import sys
while True:
    importlib.import_module('loop_self_import')

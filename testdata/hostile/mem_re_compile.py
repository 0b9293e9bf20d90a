# Hostile: 100,000 distinct patterns compiled and kept.
import re
pats = [re.compile('a%db[0-9]+c' % i) for i in range(100000)]

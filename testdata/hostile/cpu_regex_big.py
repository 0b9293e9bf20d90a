# Hostile: A regular expression over 60 MB, repeated.
import re
s = 'a' * (60 << 20)
for i in range(1000):
    re.findall('a+b', s)

# Hostile: One string of 10 GB.
s = 'a' * (10 ** 10)

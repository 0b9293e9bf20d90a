# Hostile: dict.fromkeys of a huge range.
d = dict.fromkeys(range(10 ** 10))

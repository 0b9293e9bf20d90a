# Hostile: min() of a range of ten billion.
m = min(range(10 ** 10))

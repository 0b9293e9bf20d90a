# Hostile: zip over a hundred views of a big range.
r = range(10 ** 8)
l = list(zip(*[r] * 100))

# Hostile: str() of a huge int.
x = 7 ** 2000000
s = str(x)

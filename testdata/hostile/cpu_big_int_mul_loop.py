# Hostile: Multiplying million-bit ints in a loop.
x = 3 ** 600000
for i in range(100000):
    y = x * x

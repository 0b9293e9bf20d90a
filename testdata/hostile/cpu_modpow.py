# Hostile: Modular pow with huge operands.
x = pow(3, 10 ** 100000, 10 ** 100000 + 7)

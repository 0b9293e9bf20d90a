# Hostile: int() of a ten-million digit string.
x = int('9' * 10 ** 7)

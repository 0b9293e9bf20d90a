# Hostile: str.ljust to a huge width.
s = 'a'.ljust(10 ** 10)

# Hostile: bytes(10**10).
b = bytes(10 ** 10)

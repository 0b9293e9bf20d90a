# Hostile: tuple(range(10**9)).
t = tuple(range(10 ** 9))

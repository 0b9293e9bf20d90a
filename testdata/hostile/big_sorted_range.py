# Hostile: sorted(range(10**9)).
l = sorted(range(10 ** 9))

# Hostile: Go-side list building in a loop.
x = [len([0] * (3 << 20)) for i in range(2000)]

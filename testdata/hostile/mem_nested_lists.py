# Hostile: A list of lists that doubles its memory each round.
x = [0]
for i in range(64):
    x = [x, x, list(range(1 << 20))]

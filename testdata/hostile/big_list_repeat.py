# Hostile: One list of ten billion items.
l = [0] * (10 ** 10)

# Hostile: An endless loop at top level.
while True:
    pass

# Hostile: Raising and catching in an endless loop.
while True:
    try:
        raise ValueError('x' * 1000)
    except ValueError:
        pass

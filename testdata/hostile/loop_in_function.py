# Hostile: An endless loop in a function.
def spin():
    n = 0
    while n >= 0:
        n += 1
spin()

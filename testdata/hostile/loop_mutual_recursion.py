# Hostile: Two functions that call each other for ever.
def a(n):
    return b(n)
def b(n):
    return a(n)
a(0)

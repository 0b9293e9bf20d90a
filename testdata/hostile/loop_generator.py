# Hostile: list() of an endless generator.
def gen():
    i = 0
    while True:
        yield i
        i += 1
l = list(gen())

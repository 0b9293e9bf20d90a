# Hostile: join of a generator of ten billion strings.
s = ''.join(str(i) for i in range(10 ** 10))

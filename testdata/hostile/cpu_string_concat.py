# Hostile: s += ... in a loop: quadratic copying.
s = ''
for i in range(10 ** 7):
    s += 'x' * 100

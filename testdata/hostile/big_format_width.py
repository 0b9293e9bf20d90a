# Hostile: A format spec with a huge width.
s = '{:>10000000000}'.format(1)

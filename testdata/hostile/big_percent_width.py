# Hostile: printf-style with a huge width.
s = '%*d' % (10 ** 10, 1)

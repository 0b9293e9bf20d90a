# Hostile: Formatting a huge int with grouping.
s = '{:,}'.format(10 ** (10 ** 6))

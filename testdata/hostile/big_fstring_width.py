# Hostile: An f-string with a huge width.
x = 1
s = f'{x:>10000000000}'

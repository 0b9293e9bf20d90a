# Hostile: split of a string into a hundred million parts.
s = 'a,' * (30 << 20)
parts = s.split(',')
more = [s.split(',') for i in range(100)]

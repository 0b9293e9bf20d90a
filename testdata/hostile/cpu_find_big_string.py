# Hostile: find() of an absent needle in 60 MB, repeated.
s = 'a' * (60 << 20)
for i in range(100000):
    s.find('b')

# Hostile: str.replace that multiplies a string's size.
s = 'a' * (1 << 20)
for i in range(10):
    s = s.replace('a', 'aaaa')

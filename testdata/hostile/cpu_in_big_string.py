# Hostile: 'in' on 60 MB strings in a loop.
s = 'a' * (60 << 20)
k = 0
for i in range(100000):
    if 'b' in s:
        k += 1

# The set and str methods the loader used to add, now native to the
# vendored gpython, called bound and through the class. Sets print
# sorted: their iteration order is not CPython's.
s = {3, 1}
s.update([2], (5, 1))
t = s.copy()
t.add(9)
u = s.union({7}, [8])
print(sorted(s), sorted(t), sorted(u), 9 in s, sorted(set.union(s, {0})))
print(repr('ab'.center(5)), repr('ab'.center(6, '*')), repr('abc'.center(6)), repr('a'.ljust(3, '.')), repr('a'.rjust(0)))
print('-42'.zfill(6), '+7'.zfill(4), 'x'.zfill(3), ', '.join(str(i) for i in range(4)), ''.join([]))
# Methods read from the class take the instance first.
print(str.join(',', ['a', 'b']), str.ljust('a', 3) + '|', str.zfill('7', 3), sorted(set.union({1}, {2})), frozenset.issubset(frozenset({1}), {1, 2}))
print(list(map(str.strip, [' a ', 'b '])), list(map(str.rjust, ['a', 'bb'], [3, 3])), str.split('a b'), list.copy([1]), dict.fromkeys({'k': 1}))
d = {frozenset({1, 2}): 'a'}
d[frozenset([2, 1])] = 'b'
print(len(d), d[frozenset({2, 1})], hash(frozenset({1, 2})) == hash(frozenset([2, 1])))

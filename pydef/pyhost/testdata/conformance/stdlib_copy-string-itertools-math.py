import copy, string, itertools, math
a = [1, [2, 3], {'k': [4]}]
b = copy.deepcopy(a); c = copy.copy(a)
b[1].append(9); c[1].append(8)
print(a, b)
print(string.ascii_lowercase[:5], string.digits, string.Template('$who likes ${what}').substitute(who='tim', what='pie'))
print(list(itertools.chain([1], (2, 3))), list(itertools.islice(itertools.count(5), 3)), list(itertools.product('ab', [1, 2])))
print(math.floor(2.7), math.ceil(2.1), math.sqrt(16), round(math.pi, 4))

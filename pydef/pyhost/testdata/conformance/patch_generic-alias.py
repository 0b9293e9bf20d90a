class Operator(object):
    pass


def make(names: list[str], extra: dict[str, list[int]] = None) -> tuple[int, ...]:
    return tuple(len(n) for n in names)


print(make(['a', 'bc']), list[int], dict[str, list[int]], tuple[int, ...], set[str], frozenset[int])
print(list[int]('ab'), dict[str, int](a=1), list[int].__origin__ is list, dict[str, int].__args__)
print(type[Operator].__args__[0] is Operator, list[int] == list[int], list[int] == list[str])
print(list.__getitem__([1, 2, 3], 1), dict.__getitem__({'k': 'v'}, 'k'), [1, 2][0], {'a': 1}['a'])
for attempt in (lambda: iter(list), lambda: [x for x in dict], lambda: Operator[int]):
    try:
        attempt()
    except TypeError as e:
        print('TypeError', e)

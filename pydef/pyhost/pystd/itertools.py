"""itertools for workflow definitions (the common functions, as
generators)."""


def chain(*iterables):
    for it in iterables:
        for x in it:
            yield x


def _from_iterable(iterables):
    for it in iterables:
        for x in it:
            yield x


chain.from_iterable = _from_iterable


def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def repeat(obj, times=None):
    if times is None:
        while True:
            yield obj
    else:
        for _ in range(times):
            yield obj


def cycle(iterable):
    saved = list(iterable)
    while saved:
        for x in saved:
            yield x


def islice(iterable, *args):
    if len(args) == 1:
        start, stop, step = 0, args[0], 1
    else:
        start, stop = args[0], args[1]
        step = args[2] if len(args) > 2 else 1
    start = start or 0
    step = step or 1
    i = 0
    nxt = start
    for x in iterable:
        if stop is not None and i >= stop:
            return
        if i == nxt:
            yield x
            nxt += step
        i += 1


def product(*iterables, **kwargs):
    pools = [tuple(p) for p in iterables] * kwargs.get("repeat", 1)
    result = [()]
    for pool in pools:
        result = [r + (y,) for r in result for y in pool]
    for prod in result:
        yield prod


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    for indices in product(range(n), repeat=r):
        if len(set(indices)) == r:
            yield tuple(pool[i] for i in indices)


def combinations(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    for indices in permutations(range(n), r):
        if sorted(indices) == list(indices):
            yield tuple(pool[i] for i in indices)


def zip_longest(*iterables, **kwargs):
    fill = kwargs.get("fillvalue")
    lists = [list(it) for it in iterables]
    longest = max([len(x) for x in lists]) if lists else 0
    for i in range(longest):
        yield tuple(x[i] if i < len(x) else fill for x in lists)


def accumulate(iterable, func=None):
    total = None
    first = True
    for x in iterable:
        if first:
            total = x
            first = False
        elif func is None:
            total = total + x
        else:
            total = func(total, x)
        yield total


def groupby(iterable, key=None):
    keyfunc = key if key is not None else (lambda v: v)
    group = []
    current = None
    started = False
    for x in iterable:
        k = keyfunc(x)
        if started and k != current:
            yield current, iter(group)
            group = []
        current = k
        started = True
        group.append(x)
    if started:
        yield current, iter(group)


def starmap(function, iterable):
    for args in iterable:
        yield function(*args)


def takewhile(predicate, iterable):
    for x in iterable:
        if not predicate(x):
            return
        yield x


def dropwhile(predicate, iterable):
    dropping = True
    for x in iterable:
        if dropping and predicate(x):
            continue
        dropping = False
        yield x

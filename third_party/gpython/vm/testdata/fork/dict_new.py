# Copyright 2026 The go-python Authors.  All rights reserved.
# Use of this source code is governed by a BSD-style
# license that can be found in the LICENSE file.

# dict(mapping, **kwargs), dict(pairs), dict(**kwargs): v0.2.0 raised
# "non-tuple sequence" for a mapping and dropped pairs given as lists.

DEFAULTS = {"retries": 1, "timeout": 30}
print(sorted(dict(DEFAULTS, retries=5).items()))
print(sorted(dict(DEFAULTS).items()), dict(DEFAULTS) is DEFAULTS)
print(sorted(dict(a=1, b=2).items()), dict())
print(sorted(dict([("x", 1), ["y", 2], "zw"]).items()))
print(sorted(dict(zip(["k1", "k2"], [10, 20])).items()))
print(sorted(dict(((k, len(k)) for k in ["aa", "b"]), c=0).items()))
print(sorted(dict([("x", 1)], x=9).items()))


class Mapping:
    def keys(self):
        return ["m", "n"]

    def __getitem__(self, k):
        return k * 2


print(sorted(dict(Mapping()).items()))
for bad in ([("a", 1, 2)], [1], ["abc"]):
    try:
        dict(bad)
    except (TypeError, ValueError) as e:
        print(type(e) is TypeError, e)
try:
    dict({}, {})
except TypeError as e:
    print("TypeError", e)

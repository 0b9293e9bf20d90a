# Cases whose printed output must be identical under CPython before and
# after the rewrite (see TestCPythonSemantics).
import math

x, y, name, width, prec = 42, 3.14159, "wörld", 10, 3
items = [("a", 1), ("b", 2)]
d = {"k": "v", "n": 7}


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)

    def __format__(self, spec):
        return "P<" + spec + ">"


p = Point(1, 2)
print(f"")
print(f"plain")
print(f"{x}")
print(f"a{x}b{y}c")
print(F"{name!r} {name!s} {name!a}")
print(f"{y:.2f} {y:>{width}.{prec}f}|")
print(f"{x:{'>' if x else '<'}{width}}|")
print(f"{x=} {y = :.1f} {name=!s} {p=}")
print(f"{p} {p!r} {p:spec} {p!s:>20}")
print(f"{{literal}} {{{x}}} }}{{")
print(f"{d['k']} {d['n']} {items[0][1]:03d}")
print(f"{'nested ' + f'{x:>4}'}")
print(f"{x, y}")
print(f"{[i * 2 for i in range(3)]}")
print("a" f"{x}" 'b' "c" f'{y:.1f}')
print(f"""triple {x
+ 1} "quoted" {y:.3}
second line {name}""")
print(rf"raw \d {x} \{x}" fr'\n{y:.0f}')
print(f"tab\t{x}\nnewline \\ {x}")
print(f'it\'s {x}' f"\"{x}\"")
print(f"""a"{x}""" f'''b'{x}''')
print(rf"""c"{x}""")
print(f"\N{BULLET} {x}")
print(f"{3.0:g} {1_000:,} {math.pi:.{prec}}")
print(f"{x!r:>{width}}|{name:*^{width + 2}}|")
print(f"{'{'}{'}'}")
print(f"{(lambda: 1)()}")
print(f"{x if x > 1 else y}")
print(f"{{{{x}}}}")
print(f"{x:}|")
print(f"{'a' 'b'}")
print(f'{x:{"0"}{width}}')
print(f"{name!r:^{width}}")
print(f"{'é'}{x}é")

task4, task5 = Point(4, 4), Point(5, 5)
status = {task4: "SUCCESS", 1: "one", "s": "str"}
print(len(status), status[task4], status[1], status["s"])
print({k: v for k, v in items}, {str(k): v for k, v in items})
print({v: k for k, v in items})
print({**d, "extra": 1}, {**d, **{"n": 8}}, {"a": 1, **d})
print({**d, 1: "x", task4: "p"}[1])
print([*range(3), *"ab", 9], (*range(2),), sorted({*"ba", "c"}))
print([*range(2)], (1, *[2, 3], 4))


def show(*args, **kw):
    return (args, sorted(kw.items()))


print(show(*[1], *[2, 3]), show(**{"a": 1}, **{"b": 2}))
print(show(0, *[1], 2, k=3, **{"m": 4}, n=5))
print(show(
    1,
    *[2],
    **d,
))
first, *rest = [1, 2, 3]
print(first, rest)
for a, *b in [(1, 2, 3)]:
    print(a, b)
print(1_000_000, 0x_ff, 1_0.5)


class Base:
    def hello(self, who):
        return "base " + who


class Child(Base):
    label: str = "child"
    count: int

    def hello(self, who):
        return super().hello(who) + " " + self.label

    @classmethod
    def make(cls):
        return cls()


print(Child.make().hello("x"))
value: int = 5
other: "str"
print(value)
print(f"""{'a':"^5}""", f'''{'b':'>3}''')
msg: str = f"hi {name!r}"
print(msg)
print(f"{x:{width}d}" f"{{}}" "{}" f"{'}'}")
print({**{1: 2}, **{3: 4}}[3], dict(**{"a": 1}, b=2))

# Generated: random f-strings (3.6-3.11 syntax) checked against CPython.
x, y, s, w, f = 42, 2.5, 'hé', 6, '*'
print(repr(F"""""" r"\d"))
print(repr(f"" 'p'))
print(repr(fr'}}{x + 1!a:*^9}'))
print(repr(F"""{(1, 2)!r:*^9}!}}{x if x else y!s}"""))
print(repr(F''':\n'''))
print(repr(f'!' 'p'))
print(repr(F"""{y!a:{w}}"""))
print(repr(F"" "plain"))
print(repr("plain" f""))
print(repr(f"""{[1]!s}"""))
print(repr(F""))
print(repr(f"""{x if x else y!r:^7}{s.upper()!a:*^9}"""))
print(repr(F"  "))
print(repr(r"\d" fr"""\x41"""))
print(repr(F""))
print(repr(F'\\\n'))
print(repr("plain" f'"'))
print(repr(F""" """))
print(repr(f'''=:{x!r:<3}\n'''))
print(repr(F""""""))
print(repr(F""))
print(repr(f"""\n\x41'"""))
print(repr(fr'''{[*"ab"]!r:*^9}'''))
print(repr("plain" F'={x if x else y=:<3}}}'))
print(repr(fr"""""" "plain"))
print(repr(Fr'''{[*"ab"]!s:^7}{x if x else y!r:{w}}{y:>5}'''))
print(repr(f""""""))
print(repr(F'''\N{BULLET}\t: '''))
print(repr(F"""a"""))
print(repr(f"{x=:<3}"))
print(repr(F"{s!r}\x41"))
print(repr(fr''''''))
print(repr(f'{s:>{w}}}}{s.upper()!r:^7}'))
print(repr(F''''''))
print(repr(f""""""))
print(repr(F'''{x + 1=:<3}'''))
print(repr(f"""{'q'!s:^7}!\t!"""))
print(repr(f'''\x41\x41\x41'''))
print(repr(f""))
print(repr(r"\d" f"""%\t"""))
print(repr(F'''{f"{x}"!r:^7}\x41'''))
print(repr(r"\d" F"""a{(lambda: 3)()!r:{w}}{{ """))
print(repr(Fr'''{f"{x}":^7}={(1, 2)!a:>5}{y=!r:^7}'''))
print(repr(r"\d" F"{(lambda: 3)():>5}"))
print(repr(F"="))
print(repr('p' f"\N{BULLET}{(lambda: 3)()=!a:^7}:"))
print(repr(F"{{\x41"))
print(repr(fr""""""))
print(repr(F"{(lambda: 3)()!r:>{w}}\N{BULLET}{[1]!s:*^9}"))
print(repr(F"}}"))
print(repr(F'''{(1, 2)!s}''' "plain"))
print(repr(fr"""\\""" r"\d"))
print(repr(F'''{(lambda: 3)()!s}{(lambda: 3)()!s:^7}'''))
print(repr(Fr''' =}}!'''))
print(repr(f'%\t{s.upper()!r:>{w}}' "plain"))
print(repr(r"\d" f'"'))
print(repr(F""))
print(repr("plain" F'''' :'''))
print(repr(F'''{f"{x}"!a:{w}}\\ :'''))
print(repr(fr""))
print(repr(f""""""))
print(repr(f''''''))
print(repr(F'''{x if x else y!r:<3}é{[*"ab"]!s:>5}{y!s:>{w}}'''))
print(repr(fr'''é{y!s}'''))
print(repr(F'''a''' r"\d"))
print(repr(r"\d" f''))
print(repr(r"\d" Fr""))
print(repr(f""""""))
print(repr(fr"{x if x else y!a:*^9}"))
print(repr(r"\d" f''))
print(repr(f""""""))
print(repr(F' \N{BULLET} '))
print(repr(f''))
print(repr(Fr""""""))
print(repr(F"='"))
print(repr(f'\\'))
print(repr(f""""""))
print(repr(F"%{(lambda: 3)()!s:>{w}}é"))
print(repr(f'''\t}}{x + 1!r:<3}'''))
print(repr(f'''\N{BULLET}{y=!s:<3}'''))

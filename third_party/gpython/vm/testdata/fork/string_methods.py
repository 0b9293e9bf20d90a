# str methods.
for s in ["", "abc", "ABC", "Abc", "a1", "123", " \t", "a b", "_x1", "1x", "AB1"]:
    print(repr(s), s.isalnum(), s.isalpha(), s.isdigit(), s.isdecimal(),
          s.isnumeric(), s.isspace(), s.isupper(), s.islower(), s.isidentifier())
for s in ["hello world", "HeLLo wOrld", "it's 3rd-rate", ""]:
    print(s.lower(), s.upper(), s.casefold(), s.swapcase(), s.capitalize(), s.title(), sep="|")
s = "abcabcab"
print(s.count("ab"), s.count("ab", 1), s.count("ab", 1, -2), s.count(""), "".count(""))
print(s.index("c"), s.index("c", 3), s.rindex("c"), s.rfind("c"), s.rfind("z"), s.rfind("a", 0, 4))
for f in (s.index, s.rindex):
    try:
        f("z")
    except ValueError as e:
        print("ValueError", e)
print("héllo wörld".index("w"), "héllo wörld".rfind("ö"))
print("a=b=c".partition("="), "a=b=c".rpartition("="), "abc".partition("="), "abc".rpartition("="))
try:
    "abc".partition("")
except ValueError as e:
    print("ValueError", e)
print("a\nb\r\nc\rd\n".splitlines(), "a\nb\r\n".splitlines(True), "a\n".splitlines(keepends=True), "".splitlines())
print(repr("a\tbc\td\n\tx".expandtabs()), repr("a\tb".expandtabs(4)), repr("a\tb".expandtabs(0)))
print("prefix_name".removeprefix("prefix_"), "name.py".removesuffix(".py"), "x".removeprefix("y"))
print("a b  c ".rsplit(), "a,b,c".rsplit(",", 1), "a b c".rsplit(None, 1), "a,,b".rsplit(","), "a b c".rsplit(maxsplit=1))
print("hi".encode())
print(list(map(str.upper, ["a", "b"])), sorted(["b", "A", "c"], key=str.lower))

import re
p = re.compile(r'(?P<name>[a-z]+)_(\d+)')
m = p.match('task_12 rest')
print(m.group(0), m.group(1), m.group('name'), m.groups(), m.span(2), m.start(), m.end(), m.groupdict())
print(re.search(r'\d+', 'ab 42 c').group(), re.match(r'\d', 'x1'), re.fullmatch(r'a+', 'aaa') is not None)
print(re.findall(r'(\w)=(\d)', 'a=1 b=2'), re.findall(r'\d', 'a1b2'), re.split(r'[,;]\s*', 'a, b;c'))
print(re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'me@host'), re.sub(r'\d', lambda m: str(int(m.group()) * 2), 'a1b4'))
print(re.subn('a', 'b', 'aaa', count=2), re.escape('a.b*c'), re.match('ABC', 'abc', re.I) is not None)
print([m.group() for m in re.finditer(r'\d+', '1 22 333')])

class Base(object):
    def __init__(self, items): self.items = items
    def __str__(self): return 'Base(%d)' % len(self.items)
    def __len__(self): return len(self.items)
    def __iter__(self): return iter(self.items)
    def __getitem__(self, i): return self.items[i]
    def __contains__(self, x): return x in self.items
class Sub(Base): pass
s = Sub([3, 4])
print(str(s), len(s), list(s), s[1], 3 in s)

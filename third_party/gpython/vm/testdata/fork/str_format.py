# str.format and str.format_map (patch 33).
print('{} and {}'.format('a', 'b'), '{1}{0}'.format('x', 'y'), '{name}!'.format(name='n'))
class O(object):
    def __init__(self):
        self.attr = 'at'
print('{0.attr} {d[k]} {l[1]}'.format(O(), d={'k': 'v'}, l=[5, 6]))
print('{:>6}|{:<4}|{:^5}|{:06.2f}|{:x}|{:#x}|{:,}|{!r}'.format('r', 'l', 'c', 3.14159, 255, 255, 1234567, 'q'))
print('{:{w}.{p}f}'.format(2.5, w=8, p=3), '{{literal}}'.format(), '{:{}}|'.format(1, '>5'), '{0:{1}{2}}'.format(3, '>', 4))
print('{:+d} {: d} {:e} {:g} {:.3g} {:%} {:.1%}'.format(5, 5, 12345.678, 0.0001, 1234.5, 0.5, 0.123))
print('{:_} {:08,} {:b} {:o} {:X} {:c}'.format(10**6, 1234, 5, 8, 255, 65))
print('{} {} {}'.format(1.0, 0.1, 1e20), '{:.2}'.format('abc'), '{:5}|'.format(True))
print(['{:{}}'.format(1234, w + ',') for w in ('08', '09', '010', '011', '012')], '{:012,.1f}'.format(-1234.5), '{:#012_x}'.format(255), '{:+06,}'.format(7))
print('{}'.format(1e16), '{}'.format(-0.0), '{}'.format(1e-5), '{:,.2f}'.format(123456789.0), '{!a}'.format('\xe9\u20ac'), len('{:>100000}'.format(1)))
print('{a}-{b}'.format_map({'a': 1, 'b': 2}), '{0[x]}'.format({'x': 'ix'}), '{!s:>4}|{!r:>5}'.format('s', 'r'))
class Money(object):
    def __init__(self, n):
        self.n = n
    def __format__(self, spec):
        return '$' + ('{:' + spec + '}').format(self.n)
    def __str__(self):
        return 'Money(%d)' % self.n
print('{}|{:>6}|{!s}'.format(Money(5), Money(7), Money(9)))
class Plain(object):
    def __str__(self):
        return 'plain'
print('{}|{:}'.format(Plain(), Plain()))
print(str.format('{}-{}', 1, 2))
for bad in ['{', '}', '{0:d}', '{x}', '{1}', '{:q}']:
    try:
        print(bad.format('s'))
    except ValueError as e:
        print('ValueError', e)
    except KeyError as e:
        print('KeyError', e)
    except IndexError as e:
        print('IndexError', e)

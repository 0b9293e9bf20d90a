print('{} and {}'.format('a', 'b'), '{1}{0}'.format('x', 'y'), '{name}!'.format(name='n'))
class O(object):
    def __init__(self): self.attr = 'at'
print('{0.attr} {d[k]} {l[1]}'.format(O(), d={'k': 'v'}, l=[5, 6]))
print('{:>6}|{:<4}|{:^5}|{:06.2f}|{:x}|{:#x}|{:,}|{!r}'.format('r', 'l', 'c', 3.14159, 255, 255, 1234567, 'q'))
print('{:{w}.{p}f}'.format(2.5, w=8, p=3), '{{literal}}'.format(), '{:{}}|'.format(1, '>5'), '{0:{1}{2}}'.format(3, '>', 4))
print('{:+d} {: d} {:e} {:g} {:.3g} {:%} {:.1%}'.format(5, 5, 12345.678, 0.0001, 1234.5, 0.5, 0.123))
print('{:_} {:08,} {:b} {:o} {:X} {:c}'.format(10**6, 1234, 5, 8, 255, 65))
print('{} {} {}'.format(1.0, 0.1, 1e20), '{:.2}'.format('abc'), '{:5}|'.format(True))
# Zero padding with grouping groups the zeros; a separator never leads.
print([format(1234, w + ',') for w in ('08', '09', '010', '011', '012')], format(-1234.5, '012,.1f'), format(255, '#012_x'), format(7, '+06,'))
print(format(1e16), format(-0.0), format(1e-5), format(123456789.0, ',.2f'), f'{"é€😀"!a}', len(f'{1:>100000}'), len('{:é^1001}'.format(1)))

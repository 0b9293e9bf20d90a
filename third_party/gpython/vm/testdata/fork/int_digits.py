# Fork patch 34: CPython 3.11's limit of 4300 digits on int <-> decimal
# str conversion, and modular pow.


def show(f):
    try:
        r = f()
        print(r if len(str(r)) < 70 else len(str(r)))
    except ValueError as e:
        print('ValueError:', e)


show(lambda: int('9' * 4300))
show(lambda: int('-' + '9' * 4300))
show(lambda: int(' ' + '1' * 4300 + ' '))
show(lambda: int('9' * 4301))
show(lambda: int('9' * 100000))
show(lambda: int('6' * 5000, 7))
show(lambda: int('f' * 5000, 16) > 0)
show(lambda: int('1' * 5000, 2) > 0)
show(lambda: len(str(10 ** 4300 - 1)))
show(lambda: str(-(10 ** 4300 - 1))[:5])
show(lambda: str(10 ** 4300))
show(lambda: repr(-10 ** 4300))
show(lambda: str(2 ** 100000))
show(lambda: '%d' % 10 ** 5000)
show(lambda: hex(10 ** 10000)[:10])
show(lambda: len(str(2 ** 14000)))
print(pow(3, 4, 5), pow(2, 10), pow(-3, 3, 7), pow(2, -1), pow(2.0, 3))
print(pow(3, 10 ** 30, 10 ** 30 + 7), pow(7, 2 ** 200, 2 ** 521 - 1) % 1000)
print(pow(base=2, exp=5), pow(True, 5, 3), pow(5, 0, 7), pow(0, 0, 7), pow(5, 3, 1))
x = pow(12345678901234567890123, 2 ** 3000 + 12345, 2 ** 4000 - 12345)
print(x % 10 ** 20)
try:
    pow(3, 5, 0)
except ValueError as e:
    print('ValueError:', e)

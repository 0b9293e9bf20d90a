print(list(reversed([1, 2, 3])), list(reversed((1, 2))), ''.join(reversed('abc')))
print(format(3.14159, '.2f'), format(42, '08d'), format('x', '>3'), format(1234567, ','), format(0.25, '%'))

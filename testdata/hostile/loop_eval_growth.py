# Hostile: eval() of ever longer expressions.
e = '1'
while True:
    e = '(' + e + '+1)'
    eval(e)

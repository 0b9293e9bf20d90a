x, w, name, f = 3.14159, 8, 'wf', 1234567.891
print(f"a{x!r:>10}b", f"{x:.2f}", f"{1234567:,}", f"{0.256:%}", f"{x:08.3f}")
print(f"{x=}", f"{name=!s}", f"{x:{w}.2f}|", f"{name!a}", f"{'é'!a}", f"{f:,.2f}")
print(f"{name:^9}|{name:*<6}|{42:#x}|{-5:+d}|{7:03d}|{True}|{None}|{[1, 'a']}")
print(f"{{literal}} {x:e} {x:g} {1e-7:g} {2.0} {100:b}")

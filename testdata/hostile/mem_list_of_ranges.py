# Hostile: Materialised ranges kept in a list.
keep = [list(range(4 << 20)) for i in range(200)]

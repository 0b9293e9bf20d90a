# Hostile: A dict comprehension with ten million entries.
d = {str(i): [i] * 10 for i in range(10 ** 7)}

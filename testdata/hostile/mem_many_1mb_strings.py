# Hostile: 10,000 strings of 1 MB kept alive: 10 GB.
keep = ['%d' % i + 'y' * (1 << 20) for i in range(10000)]

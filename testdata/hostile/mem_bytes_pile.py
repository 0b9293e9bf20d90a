# Hostile: bytes objects under the limit, many of them.
keep = [bytes(50 << 20) for i in range(1000)]

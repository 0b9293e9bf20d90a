# Hostile: json.loads of a deeply nested document.
import json
v = json.loads('[' * 1000000 + ']' * 1000000)

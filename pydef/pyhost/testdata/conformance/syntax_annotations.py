from typing import List
count: int = 3
names: List[str]
print(count, 1_000)

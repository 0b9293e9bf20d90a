from typing import List, Dict, Optional, Any
print(isinstance([1], List), isinstance({}, Dict), isinstance(3, List))
def f(xs: List[int], d: Optional[Dict[str, Any]] = None) -> List[str]:
    return [str(x) for x in xs]
print(f([1, 2]))

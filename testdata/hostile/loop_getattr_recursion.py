# Hostile: __getattr__ that asks itself.
class C:
    def __getattr__(self, name):
        return getattr(self, name + 'x')
C().x

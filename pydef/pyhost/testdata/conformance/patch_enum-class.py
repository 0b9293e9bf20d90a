from enum import Enum, IntEnum, auto


class Color(Enum):
    RED = 'red'
    GREEN = 'green'
    BLUE = 'blue'
    CRIMSON = 'red'

    def describe(self):
        return self.name.lower() + '=' + self.value


class Region(str, Enum):
    US = 'us'
    EU = 'eu'


class Level(IntEnum):
    LOW = auto()
    HIGH = auto()
    TOP = 10
    OVER = auto()


class Planet(Enum):
    EARTH = (5.9, 6.3)
    MARS = (0.6, 3.3)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius


class Plain(object):
    pass


print([c.name for c in Color], len(Color), list(Color) == [Color.RED, Color.GREEN, Color.BLUE])
print(Color('green'), Color['BLUE'], Color.CRIMSON is Color.RED, Color('red').name)
print(Color.RED in Color, Region.US in Color, [m for m in reversed(Region)])
print(list(Color.__members__), Color.__members__['CRIMSON'])
print(Color.GREEN.describe(), Color.RED == 'red', Color.RED != Color.GREEN)
print(Region.US == 'us', 'eu' == Region.EU, Region('eu') is Region.EU, Region.US.upper())
print({Region.US: 1}['us'], hash(Region.EU) == hash('eu'), [r.value for r in Region])
print([(l.name, l.value) for l in Level], Level(2), Level.HIGH == 2)
print(Planet.MARS.mass, Planet.EARTH.radius, Planet((0.6, 3.3)).name)
print(bool(Color), hasattr(Plain, '__iter__'), hasattr(Color, '__iter__'))
for attempt in (lambda: Color('purple'), lambda: Color['PURPLE'], lambda: iter(Plain),
                lambda: len(Plain), lambda: Plain['x'], lambda: 1 in Plain):
    try:
        attempt()
    except (ValueError, KeyError, TypeError) as e:
        print(type(e).__name__, e)


class Box(object):
    def __class_getitem__(cls, item):
        return cls.__name__ + '[' + item.__name__ + ']'


print(Box[int])
print('to ' + Region.EU, Region.US + '/x', Level.HIGH > 1, Level.LOW < Level.TOP, sorted([Level.TOP, Level.LOW]))
for attempt in (lambda: Color.RED < Color.GREEN, lambda: Color.RED + 'x'):
    try:
        attempt()
    except TypeError as e:
        print('TypeError')
import json
print(json.dumps({'region': Region.US, 'level': Level.TOP}, sort_keys=True))
print(["a", "b", "c"][Level.HIGH], Level.HIGH * 3, 10 - Level.HIGH, Level.TOP // 3, "%s!" % Region.EU, Region.US * 2)

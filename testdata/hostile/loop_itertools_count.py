# Hostile: list(itertools.count()).
import itertools
l = list(itertools.count())

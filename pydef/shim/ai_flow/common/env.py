"""Environment helpers."""
import os

_NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'


def _lookup(name, text):
    value = os.environ.get(name)
    if value is None:
        return text
    return value


def _expandvars(s):
    # $NAME and ${NAME}; unknown variables stay as written, as
    # os.path.expandvars does. Written out so that it behaves the same in
    # the loader's sandbox and in CPython.
    out = ''
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != '$' or i + 1 >= n:
            out += c
            i += 1
            continue
        if s[i + 1] == '{':
            j = i + 2
            while j < n and s[j] != '}':
                j += 1
            if j >= n:
                out += s[i:]
                break
            out += _lookup(s[i + 2:j], s[i:j + 1])
            i = j + 1
            continue
        j = i + 1
        while j < n and s[j] in _NAME_CHARS:
            j += 1
        if j == i + 1:
            out += c
            i += 1
            continue
        out += _lookup(s[i + 1:j], s[i:j])
        i = j
    return out


def _expanduser(s):
    if s == '~' or s[:2] == '~/':
        home = os.environ.get('HOME')
        if home:
            return home + s[1:]
    return s


def expand_env_var(env_var):
    """Expands environment variables and ~ repeatedly until nothing
    changes, like AIFlow's expand_env_var."""
    if not env_var:
        return env_var
    while True:
        interpolated = _expanduser(_expandvars(str(env_var)))
        if interpolated == env_var:
            return interpolated
        env_var = interpolated

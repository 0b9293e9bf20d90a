"""string for workflow definitions."""

whitespace = " \t\n\r\x0b\x0c"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or " ").join([x.capitalize() for x in s.split(sep)])


class Template(object):
    delimiter = "$"

    def __init__(self, template):
        self.template = template

    def _sub(self, mapping, safe):
        out = []
        s = self.template
        i = 0
        n = len(s)
        while i < n:
            c = s[i]
            if c != "$" or i + 1 >= n:
                out.append(c)
                i += 1
                continue
            nxt = s[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "{":
                end = s.find("}", i + 2)
                if end < 0:
                    raise ValueError("Invalid placeholder in string")
                name = s[i + 2:end]
                i = end + 1
            else:
                j = i + 1
                while j < n and (s[j].isalnum() or s[j] == "_"):
                    j += 1
                name = s[i + 1:j]
                if not name:
                    if safe:
                        out.append("$")
                        i += 1
                        continue
                    raise ValueError("Invalid placeholder in string")
                i = j
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append("${" + name + "}")
            else:
                raise KeyError(name)
        return "".join(out)

    def substitute(self, mapping=None, **kws):
        m = dict(mapping or {})
        m.update(kws)
        return self._sub(m, False)

    def safe_substitute(self, mapping=None, **kws):
        m = dict(mapping or {})
        m.update(kws)
        return self._sub(m, True)

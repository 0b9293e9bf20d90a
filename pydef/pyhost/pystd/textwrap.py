"""textwrap for workflow definitions (dedent, indent, shorten, wrap)."""


def dedent(text):
    lines = text.split("\n")
    margin = None
    for line in lines:
        stripped = line.lstrip(" \t")
        if not stripped:
            continue
        indent = line[:len(line) - len(stripped)]
        if margin is None:
            margin = indent
        else:
            common = 0
            while common < len(margin) and common < len(indent) and margin[common] == indent[common]:
                common += 1
            margin = margin[:common]
    out = []
    for line in lines:
        if not line.strip(" \t"):
            out.append("")
        elif margin:
            out.append(line[len(margin):])
        else:
            out.append(line)
    return "\n".join(out)


def indent(text, prefix, predicate=None):
    out = []
    for line in text.splitlines(True):
        if (predicate is None and line.strip()) or (predicate is not None and predicate(line)):
            out.append(prefix + line)
        else:
            out.append(line)
    return "".join(out)


def wrap(text, width=70, **kwargs):
    words = text.split()
    lines = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = word if not current else current + " " + word
    if current:
        lines.append(current)
    return lines


def fill(text, width=70, **kwargs):
    return "\n".join(wrap(text, width))


def shorten(text, width, placeholder=" [...]", **kwargs):
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    words = text.split()
    out = ""
    for word in words:
        candidate = word if not out else out + " " + word
        if len(candidate) + len(placeholder) > width:
            break
        out = candidate
    return out + placeholder

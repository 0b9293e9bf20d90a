"""A helper module uploaded with the definition (workflow upload --files)."""


def shout(text):
    return text.upper() + '!'

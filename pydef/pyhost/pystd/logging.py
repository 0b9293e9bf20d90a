"""logging for workflow definitions: records go to the session's output
(Options.Stdout), formatted like CPython's default handler."""

import sys
import time

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0

_level_names = [(CRITICAL, "CRITICAL"), (ERROR, "ERROR"), (WARNING, "WARNING"), (INFO, "INFO"), (DEBUG, "DEBUG"), (NOTSET, "NOTSET")]
_state = {"configured": False, "format": "%(levelname)s:%(name)s:%(message)s"}
_loggers = {}


def getLevelName(level):
    for number, name in _level_names:
        if number == level:
            return name
    return "Level " + str(level)


def _render(fmt, record):
    out = fmt
    for key in ("levelname", "name", "message", "asctime", "filename", "lineno", "module", "funcName", "levelno", "process", "thread"):
        value = str(record.get(key, ""))
        out = out.replace("%(" + key + ")s", value).replace("%(" + key + ")d", value)
        for width in ("-8", "8", "-5", "5"):
            out = out.replace("%(" + key + ")" + width + "s", value)
    return out


class Formatter(object):
    def __init__(self, fmt=None, datefmt=None, style="%"):
        self._fmt = fmt or "%(message)s"

    def format(self, record):
        return _render(self._fmt, record)


class Handler(object):
    def __init__(self, level=NOTSET):
        self.level = level
        self.formatter = None

    def setLevel(self, level):
        self.level = level

    def setFormatter(self, fmt):
        self.formatter = fmt


class StreamHandler(Handler):
    def __init__(self, stream=None):
        Handler.__init__(self)


class FileHandler(Handler):
    def __init__(self, filename, mode="a", encoding=None, delay=False):
        Handler.__init__(self)


class NullHandler(Handler):
    pass


class Logger(object):
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = level
        self.handlers = []
        self.propagate = True
        self.disabled = False

    def setLevel(self, level):
        self.level = level

    def getEffectiveLevel(self):
        if self.level != NOTSET:
            return self.level
        if self is not root:
            return root.getEffectiveLevel()
        return WARNING

    def isEnabledFor(self, level):
        return level >= self.getEffectiveLevel()

    def addHandler(self, handler):
        self.handlers.append(handler)

    def removeHandler(self, handler):
        if handler in self.handlers:
            self.handlers.remove(handler)

    def hasHandlers(self):
        return len(self.handlers) > 0

    def log(self, level, msg, *args, **kwargs):
        if self.disabled or not self.isEnabledFor(level):
            return
        text = str(msg)
        if args:
            if len(args) == 1 and isinstance(args[0], dict):
                text = text % args[0]
            else:
                text = text % args
        if _state["configured"]:
            record = {"levelname": getLevelName(level), "name": self.name, "message": text, "levelno": level,
                      "asctime": time.strftime("%Y-%m-%d %H:%M:%S")}
            line = _render(_state["format"], record)
        else:
            line = text
        sys.stdout.write(line + "\n")

    def debug(self, msg, *args, **kwargs):
        self.log(DEBUG, msg, *args)

    def info(self, msg, *args, **kwargs):
        self.log(INFO, msg, *args)

    def warning(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args)

    def warn(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args)

    def error(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args)

    def exception(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args)

    def critical(self, msg, *args, **kwargs):
        self.log(CRITICAL, msg, *args)

    fatal = critical


root = Logger("root", WARNING)


def getLogger(name=None):
    if not name or name == "root":
        return root
    logger = _loggers.get(name)
    if logger is None:
        logger = Logger(name)
        _loggers[name] = logger
    return logger


def basicConfig(**kwargs):
    if _state["configured"] and not kwargs.get("force", False):
        return
    _state["configured"] = True
    if "format" in kwargs:
        _state["format"] = kwargs["format"]
    if "level" in kwargs:
        level = kwargs["level"]
        if isinstance(level, str):
            level = {"CRITICAL": CRITICAL, "ERROR": ERROR, "WARNING": WARNING, "INFO": INFO, "DEBUG": DEBUG}.get(level.upper(), WARNING)
        root.setLevel(level)


def debug(msg, *args, **kwargs):
    root.debug(msg, *args)


def info(msg, *args, **kwargs):
    root.info(msg, *args)


def warning(msg, *args, **kwargs):
    root.warning(msg, *args)


def warn(msg, *args, **kwargs):
    root.warning(msg, *args)


def error(msg, *args, **kwargs):
    root.error(msg, *args)


def exception(msg, *args, **kwargs):
    root.error(msg, *args)


def critical(msg, *args, **kwargs):
    root.critical(msg, *args)


def log(level, msg, *args, **kwargs):
    root.log(level, msg, *args)


def disable(level=CRITICAL):
    pass

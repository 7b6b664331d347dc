"""The exceptions of jazzlstm: every error the library raises, with its stable id.

Each carries ``id`` (e.g. ``"jazzlstm.midi.truncated"``, listed in docs/errors.md), ``detail``
(the sentence without id and location) and ``context`` (a dict with whichever of file, byte,
line, column, track, position and token are known). ``str(e)`` is the library's one-line
message, ``"[id] where: detail"``.
"""


class Error(Exception):
    """Base of every jazzlstm error."""

    def __init__(self, message, id="jazzlstm.python.error", detail=None, context=None):
        super().__init__(message)
        self.id = id
        self.detail = message if detail is None else detail
        self.context = dict(context or {})


class ParseError(Error, ValueError):
    """Malformed input data: MIDI bytes, grammar tokens, model files."""


class ShapeError(Error, ValueError):
    """A size that does not fit: vocabulary against a model, array shapes."""


class FileError(Error, OSError):
    """A file that cannot be opened, read or written."""


class LimitError(Error, ValueError):
    """Input within the format but beyond a documented cap."""


class NumericError(Error, ArithmeticError):
    """Training produced a NaN or an infinity."""


class ArgumentError(Error, ValueError):
    """An argument outside the function's contract."""


def raise_error(cls, id, detail):
    """Raises ``cls`` with the library's message format, for errors found on the Python side."""
    raise cls("[%s] %s" % (id, detail), id, detail, {})

"""One exception family for the library; the CLI turns it into click errors."""


class QuotesError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(QuotesError):
    """An input could not be read; the message names the file and the problem."""


class ParserUnavailable(QuotesError):
    """A parser or model is not installed; the message says what to install."""


class MissingExtra(QuotesError):
    """An optional part of quotes is not installed; the message names the extra to install."""


class OutputError(QuotesError):
    """Output could not be written (unsupported format, would overwrite an input, ...)."""


class AmbiguousSpeaker(QuotesError):
    """A --speaker name that fits several canonical speakers; the message lists them."""

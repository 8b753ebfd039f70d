"""Errors a user can act on. Each message says what went wrong and what to do."""


class DarumgehtsError(Exception):
    """Base class for every error darumgehts raises on purpose."""


class InputError(DarumgehtsError, ValueError):
    """The input cannot be summarized: empty, binary, too large, not German, ..."""


class ConfigError(DarumgehtsError):
    """A setting, style file or backend option is wrong."""


class BackendError(DarumgehtsError):
    """A summarizer backend failed or is not installed."""

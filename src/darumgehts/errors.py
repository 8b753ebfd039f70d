"""Errors a user can act on. Each message says what went wrong and what to do."""


class DarumgehtsError(Exception):
    """Base class for every error darumgehts raises on purpose."""


class InputError(DarumgehtsError, ValueError):
    """The input cannot be summarized: empty, binary, too large, not German, ..."""


class ConfigError(DarumgehtsError):
    """A setting, style file or backend option is wrong."""


class BackendError(DarumgehtsError):
    """A summarizer backend failed or is not installed."""


class NotFound(DarumgehtsError):
    """No such article or box (or none a reader may see)."""


class Conflict(DarumgehtsError):
    """The box is in a state that does not allow this step."""


class RateLimited(DarumgehtsError):
    """Too many requests from one reader."""


class Busy(DarumgehtsError):
    """The service cannot take this now (every worker busy, the database unreachable); try again shortly."""

    retry_after = 5

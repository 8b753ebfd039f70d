"""The install's secret: random, made on first start, kept in a file outside the database.

It keys the daily hashes of reader addresses and the forms' CSRF tokens. A copy of
the database alone reverses neither. Every server of one install needs the same file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import date
from pathlib import Path

from ..errors import ConfigError
from ..settings import Settings

SECRET_BYTES = 32
DATA_HOME = Path("~/.local/share/darumgehts")


def secret_path(settings: Settings) -> Path:
    """``secret_file``, or beside a SQLite database (NAME.secret), or in ~/.local/share/darumgehts."""
    if settings.secret_file is not None:
        return Path(settings.secret_file).expanduser()
    url = settings.database_url
    if url.startswith("sqlite:///") and url[len("sqlite:///"):] not in ("", ":memory:"):
        return Path(url[len("sqlite:///"):]).expanduser().with_suffix(".secret")
    base = Path(os.environ["XDG_DATA_HOME"]) / "darumgehts" if os.environ.get("XDG_DATA_HOME") else DATA_HOME
    return base.expanduser() / "secret"


def load_or_create(path: Path) -> bytes:
    """The secret in ``path``; made (mode 0600) when the file does not exist. Two processes starting at
    once agree on one: the file appears whole or not at all (written aside, then hard-linked)."""
    path = Path(path).expanduser()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(SECRET_BYTES) + "\n")
        try:
            os.link(aside, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            aside.unlink()
    try:
        value = bytes.fromhex(path.read_text("ascii").strip())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"The secret file {path} cannot be read ({exc}); delete it to make a new one.") from None
    if len(value) < SECRET_BYTES:
        raise ConfigError(f"The secret file {path} is too short; delete it to make a new one.")
    return value


class Secret:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()

    def verify(self, purpose: str, value: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(purpose, value), signature or "")

    def client_hash(self, address: str, day: date) -> str:
        """A reader address, keyed with that day's key: the same reader links up within a day, not across days."""
        day_key = hmac.new(self._key, f"client-day\x00{day.isoformat()}".encode(), hashlib.sha256).digest()
        return hmac.new(day_key, address.encode(), hashlib.sha256).hexdigest()

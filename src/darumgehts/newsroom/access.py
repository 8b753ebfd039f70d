"""Who may do what: API tokens with a role, and login sessions for the newsroom's pages.

- ``ingest`` may post and change articles (a CMS, a feed importer);
- ``editor`` may do that and review boxes (queue, approve, reject, edit, withdraw, history, feedback figures);
- ``admin`` may also manage tokens.
Readers need no token: they read published boxes and send feedback.

Only hashes are stored: of a token, and of a session id. The JSON API takes a token (Bearer); the pages take a
session cookie that expires. Revoking a token ends its sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import get_args

from sqlalchemy import delete, select

from ..errors import InputError, NotFound
from ..models import Role, TokenInfo
from ..store.convert import token_from_row
from ..store.db import Store
from ..store.tables import ApiTokenRow, SessionRow, now

ROLES: tuple[str, ...] = get_args(Role)
PERMISSIONS = {"ingest": {"submit"}, "editor": {"submit", "review"}, "admin": {"submit", "review", "admin"}}
MAX_TOKEN_CHARS = 200


@dataclass(frozen=True, slots=True)
class Principal:
    token_id: int
    name: str
    role: str

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, ())


def _hash(secret_value: str) -> str:
    return hashlib.sha256(secret_value.encode("utf-8", "replace")).hexdigest()


def create_token(store: Store, name: str, role: str) -> str:
    """A new API token; only its hash is stored, so show it to the user once."""
    if role not in ROLES:
        raise InputError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    name = name.strip()
    if not name or len(name) > 100 or any(ord(ch) < 32 for ch in name):
        raise InputError("A token's name is 1 to 100 printable characters.")
    token = "dg_" + secrets.token_urlsafe(32)
    with store.write() as session:
        session.add(ApiTokenRow(name=name, token_hash=_hash(token), role=role))
    return token


def list_tokens(store: Store) -> list[TokenInfo]:
    with store.read() as session:
        return [token_from_row(r) for r in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))]


def revoke_token(store: Store, token_id: int) -> TokenInfo:
    with store.write() as session:
        row = session.get(ApiTokenRow, token_id)
        if row is None:
            raise NotFound(f"No token {token_id}.")
        row.revoked = True
        session.execute(delete(SessionRow).where(SessionRow.token_id == token_id))
        return token_from_row(row)


def authenticate(store: Store, token: str | None) -> Principal | None:
    """The principal of a valid, unrevoked token, else None."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    with store.read() as session:
        row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == _hash(token), ApiTokenRow.revoked.is_(False))).first()
        return Principal(row.id, row.name, row.role) if row else None


def open_session(store: Store, token: str, hours: float) -> tuple[str, Principal] | None:
    """Log in with a token that may review: a new session id (for the cookie) and who it is."""
    who = authenticate(store, token)
    if who is None or not who.may("review"):
        return None
    session_id = secrets.token_urlsafe(32)
    moment = now()
    with store.write() as session:
        session.execute(delete(SessionRow).where(SessionRow.expires_at < moment))  # tidy up expired ones
        session.add(SessionRow(id_hash=_hash(session_id), token_id=who.token_id, created_at=moment,
                               expires_at=moment + timedelta(hours=hours)))
    return session_id, who


def session_principal(store: Store, session_id: str | None) -> Principal | None:
    if not session_id or len(session_id) > MAX_TOKEN_CHARS:
        return None
    with store.read() as session:
        row = session.execute(
            select(ApiTokenRow).join(SessionRow, SessionRow.token_id == ApiTokenRow.id)
            .where(SessionRow.id_hash == _hash(session_id), SessionRow.expires_at > now(), ApiTokenRow.revoked.is_(False))
        ).scalars().first()
        return Principal(row.id, row.name, row.role) if row else None


def close_session(store: Store, session_id: str | None) -> None:
    if session_id and len(session_id) <= MAX_TOKEN_CHARS:
        with store.write() as session:
            session.execute(delete(SessionRow).where(SessionRow.id_hash == _hash(session_id)))

"""The newsroom's model versions, kept in its database (table ``model_versions``).

Every version trained by ``darumgehts train --from-db`` is recorded with its data window, the signals it used
and its held-out figures, whether or not it went live. At most one is active; with none active the shipped model
is used. ``activate`` and ``rollback`` move the active mark; nothing is ever deleted.

The pipeline loads a selector model by packaged version or by file (``selection.model``), so a stored version is
written once to a file named by the hash of its content (``model_file``) and the settings point there.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, update

from ..errors import InputError, NotFound
from ..select import SelectorModel
from ..settings import Settings
from ..store.db import Store
from ..store.tables import ModelVersionRow, now

SHIPPED = "shipped"


@dataclass(frozen=True)
class ModelVersion:
    id: str
    parent: str | None
    active: bool
    status: str  # active, kept, retired
    reason: str | None
    since: datetime | None
    until: datetime | None
    signals: int
    heldout: dict
    created_at: datetime
    model: dict

    @classmethod
    def of(cls, row: ModelVersionRow) -> ModelVersion:
        return cls(row.id, row.parent, row.active, row.status, row.reason, row.since, row.until, row.signals, row.heldout or {},
                   row.created_at, row.model)

    def selector(self) -> SelectorModel:
        return SelectorModel.from_json(self.model, f"model version {self.id}")

    @property
    def corrections(self) -> int:
        return int((self.model.get("meta", {}).get("signals") or {}).get("corrections", 0))


def list_versions(store: Store) -> list[ModelVersion]:
    with store.read() as session:
        return [ModelVersion.of(r) for r in session.scalars(select(ModelVersionRow).order_by(ModelVersionRow.created_at, ModelVersionRow.id))]


def active_version(store: Store) -> ModelVersion | None:
    with store.read() as session:
        row = session.scalars(select(ModelVersionRow).where(ModelVersionRow.active.is_(True))).first()
        return ModelVersion.of(row) if row is not None else None


def next_id(store: Store, base_version: str) -> str:
    with store.read() as session:
        n = session.scalar(select(func.count(ModelVersionRow.id))) or 0
    return f"{base_version}+nr{n + 1}"


def add(store: Store, version: ModelVersion) -> None:
    """Record a new version; when it is active, it replaces the active one."""
    with store.write() as session:
        if version.active:
            session.execute(update(ModelVersionRow).where(ModelVersionRow.active.is_(True)).values(active=False, status="retired"))
        session.add(ModelVersionRow(id=version.id, parent=version.parent, active=version.active, status=version.status,
                                    reason=version.reason, since=version.since, until=version.until, signals=version.signals,
                                    heldout=version.heldout, model=version.model, created_at=version.created_at))


def activate(store: Store, version_id: str, reason: str | None = None) -> ModelVersion | None:
    """Make ``version_id`` the active version (``shipped``: none, the shipped model). Returns it (None for shipped)."""
    with store.write() as session:
        row = None
        if version_id != SHIPPED:
            row = session.get(ModelVersionRow, version_id)
            if row is None:
                raise NotFound(f"No model version {version_id!r}; see darumgehts models list.")
        session.execute(update(ModelVersionRow).where(ModelVersionRow.active.is_(True)).values(active=False, status="retired"))
        if row is None:
            return None
        row.active, row.status = True, "active"
        row.reason = reason or f"activated by hand at {now():%Y-%m-%d %H:%M} UTC"
        session.flush()
        return ModelVersion.of(row)


def rollback(store: Store) -> tuple[ModelVersion, ModelVersion | None]:
    """Activate the version before the active one (its parent; the shipped model when it had none). Returns (the
    version rolled back, the one now active or None for the shipped model)."""
    current = active_version(store)
    if current is None:
        raise InputError("No learned model version is active: the shipped model is in use already.")
    target = current.parent or SHIPPED
    return current, activate(store, target, f"rollback from {current.id}")


def model_file(model: SelectorModel, folder: Path | None = None) -> Path:
    """The model as a file the pipeline can load, named by its content's hash (written once)."""
    text = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    folder = folder or Path(tempfile.gettempdir()) / f"darumgehts-models-{os.getuid() if hasattr(os, 'getuid') else 0}"
    path = folder / f"selector-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:20]}.json"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, path)
    return path


def with_active_model(settings: Settings, store: Store) -> tuple[Settings, ModelVersion | None]:
    """The settings with ``selection.model`` pointing at the database's active version (unchanged when none is
    active or ``learning.use_db_model`` is off)."""
    if not settings.learning.use_db_model:
        return settings, None
    version = active_version(store)
    if version is None:
        return settings, None
    selection = settings.selection.model_copy(update={"model": str(model_file(version.selector()))})
    return settings.model_copy(update={"selection": selection}), version

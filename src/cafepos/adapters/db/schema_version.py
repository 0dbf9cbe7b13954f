"""Which schema a database is at, and whether it needs upgrading, without loading alembic.

Alembic and its templates cost a third of a second and tens of megabytes; a café opens its till every morning
and nearly never needs a migration, so start-up asks here first and only brings alembic in to upgrade.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

from cafepos.adapters.shipped import folder
from cafepos.domain.errors import N_, StorageError

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(None|['\"]([^'\"]+)['\"])", re.M)


@cache
def shipped_head() -> str:
    """The newest revision among the migrations shipped with the package (the one no other revision follows)."""
    versions = folder("cafepos.migrations") / "versions"
    revisions, parents = set(), set()
    for path in versions.glob("*.py"):
        text = path.read_text("utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev:
            revisions.add(rev.group(1))
            if down and down.group(2):
                parents.add(down.group(2))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"cafepos migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def database_revision(path: Path) -> str | None:
    """The revision recorded in the file, None for a new (empty) database."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise StorageError(N_("{path} is an SQLite file but not a cafepos database."), path=str(path))
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(N_("{path} is damaged or is not a cafepos database. Restore your last backup "
                              "(cafepos restore FILE)."), path=str(path)) from exc
    return str(row[0]) if row else None


def is_current(path: Path) -> bool:
    return database_revision(path) == shipped_head()

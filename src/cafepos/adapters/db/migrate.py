"""Upgrading the ledger at start: a backup first, then every migration in one transaction, or none.

Foreign keys are off while tables are rebuilt (SQLite's batch mode copies them) and `PRAGMA foreign_key_check`
runs before the commit, so a failed or inconsistent migration leaves the database exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from cafepos.adapters.db.engine import Database
from cafepos.domain.errors import N_, StorageError

OUR_TABLES = {"settings", "journal", "tickets", "products", "operators"}


@dataclass(frozen=True)
class Upgrade:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def script_location() -> str:
    return str(resources.files("cafepos.migrations"))


def alembic_config(location: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", location or script_location())
    return cfg


def head_revision(location: str | None = None) -> str:
    head = ScriptDirectory.from_config(alembic_config(location)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_is_ours(db: Database, location: str | None = None) -> str | None:
    """The database's revision; refuses a foreign SQLite file or one from a newer cafepos."""
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    if revision is None and tables - {"alembic_version"}:
        raise StorageError(N_("{path} is an SQLite file but not a cafepos database."), path=str(db.path))
    if revision is not None:
        script = ScriptDirectory.from_config(alembic_config(location))
        try:
            script.get_revision(revision)
        except Exception:
            raise StorageError(N_("{path} was made by a newer cafepos (schema {revision}): update cafepos to open "
                                  "it."), path=str(db.path), revision=revision) from None
    if tables and not tables >= OUR_TABLES and revision is not None:
        pass  # an older schema: the upgrade below brings it in line
    return revision


def run(db: Database, target: str = "head", backup_dir: Path | None = None, location: str | None = None,
        direction: str = "upgrade") -> Upgrade | None:
    """Moves the schema to `target`; returns what was done, or None when already there."""
    current = check_is_ours(db, location)
    wanted = head_revision(location) if target == "head" else target
    if current == wanted or (target == "base" and current is None):
        return None
    backup = None
    if current is not None and backup_dir is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_dir / f"{db.path.stem}-{stamp}-before-{wanted}.sqlite"
        db.backup_to(backup)
    cfg = alembic_config(location)
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, where SQLite honours it
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                if direction == "upgrade":
                    command.upgrade(cfg, target)
                else:
                    command.downgrade(cfg, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StorageError(N_("The database upgrade would break {count} links between records; "
                                          "nothing was changed."), count=len(broken))
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return Upgrade(current, wanted, backup)

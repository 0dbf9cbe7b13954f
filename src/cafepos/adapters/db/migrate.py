"""Upgrading the ledger at start: a backup first, then every migration in one transaction, or none.

Foreign keys are off while tables are rebuilt (SQLite's batch mode copies them) and `PRAGMA foreign_key_check`
runs before the commit, so a failed or inconsistent migration leaves the database exactly as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine

from cafepos.adapters.db.engine import BUSY_TIMEOUT_MS, Database
from cafepos.adapters.shipped import folder
from cafepos.domain.errors import N_, StorageError

OUR_TABLES = {"settings", "journal", "tickets", "products", "operators"}


@dataclass(frozen=True)
class Upgrade:
    from_revision: str | None
    to_revision: str
    backup: Path | None


@contextmanager
def sa_engine(db: Database) -> Iterator[Engine]:
    """A SQLAlchemy engine on the café's file, for alembic only: the till itself talks to sqlite3 directly.

    Its connections are set up like the till's (WAL, busy timeout, foreign keys) and its transactions begin
    with BEGIN IMMEDIATE, issued by us, because the driver's own transaction handling would run DDL outside any
    transaction and a failed migration would be half applied.
    """
    engine = create_engine(f"sqlite+pysqlite:///{db.path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        dbapi_conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        yield engine
    finally:
        engine.dispose()


def script_location() -> str:
    return str(folder("cafepos.migrations"))


def alembic_config(location: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", location or script_location())
    return cfg


def head_revision(location: str | None = None) -> str:
    head = ScriptDirectory.from_config(alembic_config(location)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with sa_engine(db) as engine, engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_is_ours(db: Database, location: str | None = None) -> str | None:
    """The database's revision; refuses a foreign SQLite file or one from a newer cafepos."""
    with sa_engine(db) as engine, engine.connect() as conn:
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
    db.dispose()  # the till's idle connections must not hold a stale view of the schema
    with sa_engine(db) as engine, engine.connect() as conn:
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

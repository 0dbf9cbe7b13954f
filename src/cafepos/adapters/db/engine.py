"""Opening the SQLite ledger safely: WAL, synchronous=FULL, foreign keys, BEGIN IMMEDIATE writes.

SQLite errors are turned into messages a café manager can act on (disk full, read-only, corrupt file...).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from cafepos.adapters.db.store import SqlStore
from cafepos.domain.errors import N_, CafeError, StorageError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def storage_error(exc: Exception, path: Path) -> StorageError:
    text = str(getattr(exc, "orig", exc)).lower()
    if "readonly" in text or "read-only" in text:
        return StorageError(N_("The database {path} is read-only: nothing was saved. Check the disk or the "
                               "file's permissions, then try again."), path=str(path))
    if "disk is full" in text or "disk i/o" in text:
        return StorageError(N_("The disk holding {path} is full or failing: nothing was saved. Free some space, "
                               "then try again."), path=str(path))
    if "locked" in text or "busy" in text:
        return StorageError(N_("The database is busy in another program: nothing was saved. Try again."))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(N_("{path} is damaged or is not a cafepos database. Restore your last backup "
                               "(cafepos restore FILE)."), path=str(path))
    if isinstance(exc, IntegrityError):
        return StorageError(N_("The ledger refused an inconsistent change; nothing was saved ({detail})."),
                            detail=str(getattr(exc, "orig", exc)))
    return StorageError(N_("The database could not be used: {detail}. Nothing was saved."),
                        detail=str(getattr(exc, "orig", exc)))


def check_file(path: Path) -> None:
    """Refuses a file that is not SQLite at all before SQLite gets a chance to misread it."""
    if path.exists() and path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise StorageError(N_("{path} is not a cafepos database (it is not even an SQLite file)."),
                                   path=str(path))
        _check_tables(path)
    elif path.exists() and not path.is_file():
        raise StorageError(N_("{path} is not a file."), path=str(path))


def _check_tables(path: Path) -> None:
    """An SQLite file of another program is refused before anything (even WAL mode) is written to it."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    if tables and "alembic_version" not in tables:
        raise StorageError(N_("{path} is an SQLite file but not a cafepos database."), path=str(path))


class Database:
    """The café's database file. `durable=False` is only for generating demo history in bulk."""

    def __init__(self, path: Path, durable: bool = True) -> None:
        self.path = path
        check_file(path)
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(
            f"sqlite+pysqlite:///{path}", connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        sync = "FULL" if durable else "OFF"

        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode and str(mode[0]).lower() != "wal":
                cur.close()
                raise sqlite3.OperationalError("cannot switch to WAL journal mode: read-only")
            cur.execute(f"PRAGMA synchronous={sync}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(self.engine, "begin")
        def _on_begin(conn: Connection) -> None:
            read_only = conn.get_execution_options().get("cafepos_read", False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    @contextmanager
    def write(self) -> Iterator[SqlStore]:
        try:
            with self.engine.begin() as conn:
                yield SqlStore(conn)
        except CafeError:
            raise
        except (OperationalError, IntegrityError, DatabaseError) as exc:
            raise storage_error(exc, self.path) from exc
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from exc

    @contextmanager
    def read(self) -> Iterator[SqlStore]:
        try:
            with self.engine.connect() as conn:
                conn.execution_options(cafepos_read=True)
                with conn.begin():
                    yield SqlStore(conn)
        except CafeError:
            raise
        except (OperationalError, DatabaseError) as exc:
            raise storage_error(exc, self.path) from exc

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection for the backup API and integrity checks."""
        return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)

    def backup_to(self, target: Path) -> None:
        """A consistent copy with SQLite's online backup API, safe while the app is running."""
        target.parent.mkdir(parents=True, exist_ok=True)
        src = self.raw_connection()
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()

    def dispose(self) -> None:
        self.engine.dispose()

"""Opening the SQLite ledger safely: WAL, synchronous=FULL, foreign keys, BEGIN IMMEDIATE writes.

SQLite errors are turned into messages a café manager can act on (disk full, read-only, corrupt file...).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from cafepos.adapters.db.store import SqlStore
from cafepos.domain.errors import N_, StorageError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# Each connection keeps at most this many KiB of pages (SQLite's default is 2,000). A till appends: a ticket
# touches the tree's right edge and its indexes, which stay in even a small cache, while the default let every
# connection keep up to 2 MB of pages it will not read again (the counter grew 2.5 MB over 1,000 tickets). Older
# pages come back from the system's file cache when a report needs them.
PAGE_CACHE_KIB = 512


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
    if isinstance(exc, sqlite3.IntegrityError):
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
    """The café's database file. `durable=False` is only for generating demo history in bulk.

    Connections come from a small pool so the printing thread and the background check can read while the counter
    writes; each one is in WAL mode, synchronous=FULL and checks foreign keys. Writes take the write lock at BEGIN
    (BEGIN IMMEDIATE), so two writers queue up instead of failing half-way.
    """

    def __init__(self, path: Path, durable: bool = True) -> None:
        self.path = path
        check_file(path)
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        self._sync = "FULL" if durable else "OFF"
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode and str(mode[0]).lower() != "wal":
                raise sqlite3.OperationalError("cannot switch to WAL journal mode: read-only")
            conn.execute(f"PRAGMA synchronous={self._sync}")
            conn.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
            conn.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            conn.close()
            raise
        return conn

    def _acquire(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def _release(self, conn: sqlite3.Connection, healthy: bool) -> None:
        if healthy and not conn.in_transaction:
            with self._lock:
                self._idle.append(conn)
        else:
            conn.close()

    def _begin(self, conn: sqlite3.Connection, read_only: bool) -> None:
        conn.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")

    @contextmanager
    def _transaction(self, read_only: bool) -> Iterator[SqlStore]:
        try:
            conn = self._acquire()
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from exc
        healthy = True
        try:
            self._begin(conn, read_only)
            yield SqlStore(conn)
            conn.execute("COMMIT")
        except BaseException as exc:
            healthy = _rollback(conn)
            if isinstance(exc, sqlite3.Error):
                raise storage_error(exc, self.path) from exc
            raise
        finally:
            self._release(conn, healthy)

    def write(self) -> AbstractContextManager[SqlStore]:
        """One transaction that writes: all of it is on disk when the block ends, or none of it."""
        return self._transaction(read_only=False)

    def read(self) -> AbstractContextManager[SqlStore]:
        """One consistent snapshot to read from (WAL lets it run beside a writer)."""
        return self._transaction(read_only=True)

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
        """Closes the idle connections (the file can then be copied, replaced or deleted)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _rollback(conn: sqlite3.Connection) -> bool:
    """Undoes what the failed block wrote; False when the connection is no longer fit to reuse."""
    if not conn.in_transaction:
        return True
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        return False
    return True

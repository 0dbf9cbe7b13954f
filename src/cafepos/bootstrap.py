"""The one place that builds a café: paths, database, migrations, keys, anchor, clock and services.

The GUI, the command line, the tests and the benchmarks all start here; nothing else opens the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from cafepos.adapters.anchor_writer import BackgroundAnchor
from cafepos.adapters.clock import SystemClock
from cafepos.adapters.db import schema_version
from cafepos.adapters.db.engine import Database
from cafepos.adapters.lock import InstanceLock
from cafepos.adapters.signing import Checker, FileAnchor, KeySigner, fingerprint_of
from cafepos.domain.calendar import iso_second
from cafepos.domain.errors import N_, NotFound, StorageError
from cafepos.services.audit import Report, read_anchor, verify
from cafepos.services.catalog import CatalogService
from cafepos.services.journal import Journal
from cafepos.services.ports import Anchor, Clock
from cafepos.services.sales import SalesService
from cafepos.services.settings import SettingsService
from cafepos.services.startup import Notice, register_key, start
from cafepos.services.tabs import TabService
from cafepos.services.till import TillService
from cafepos.services.users import UserService

if TYPE_CHECKING:  # made when first asked for (see Cafe): the counter's first screen needs none of them
    from cafepos.services.archive import ArchiveService
    from cafepos.services.closings import ClosingService
    from cafepos.services.consignment import ConsignmentService
    from cafepos.services.printing import PrintService
    from cafepos.services.reports import ReportService
    from cafepos.services.statements import StatementService

APP = "cafepos"


@dataclass(frozen=True)
class Paths:
    db: Path
    config_dir: Path
    data_dir: Path

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    def key_file(self, cafe_uuid: str) -> Path:
        return self.config_dir / "keys" / f"{cafe_uuid}.pem"

    def anchor_file(self, cafe_uuid: str) -> Path:
        return self.config_dir / "keys" / f"{cafe_uuid}.anchor.json"


def resolve_paths(db: str | os.PathLike[str] | None = None) -> Paths:
    """--db, then CAFEPOS_DB, then the user's data folder; CAFEPOS_CONFIG_DIR/CAFEPOS_DATA_DIR move the rest."""
    data_dir = Path(os.environ.get("CAFEPOS_DATA_DIR") or platformdirs.user_data_path(APP))
    config_dir = Path(os.environ.get("CAFEPOS_CONFIG_DIR") or platformdirs.user_config_path(APP))
    db_path = Path(db or os.environ.get("CAFEPOS_DB") or data_dir / "cafe.sqlite").expanduser().resolve()
    return Paths(db_path, config_dir, data_dir)


@dataclass
class Cafe:
    """A café opened for use: the services the front doors call."""

    paths: Paths
    db: Database
    journal: Journal
    checker: Checker
    notices: list[Notice] = field(default_factory=list)
    lock: InstanceLock | None = None

    def __post_init__(self) -> None:
        self.settings = SettingsService(self.journal)
        self.catalog = CatalogService(self.journal)
        self.users = UserService(self.journal)
        self.sales = SalesService(self.journal)
        self.tabs = TabService(self.journal)
        self.till = TillService(self.journal)

    # The services of the other screens and commands, made (and their modules imported) when first asked for:
    # a start of the counter, timed to its first paint, no longer imports six modules it does not use yet
    # (receipts: at the first print, or at start when a printer is set up and its queue is looked at).
    @cached_property
    def printing(self) -> PrintService:
        from cafepos.adapters.receipt_printer import EscposReceiptPrinter, receipt_format, receipt_labels
        from cafepos.services.printing import PrintService

        return PrintService(self.journal, self.sales, EscposReceiptPrinter, receipt_format, receipt_labels)

    @cached_property
    def archive(self) -> ArchiveService:
        from cafepos.services.archive import ArchiveService

        return ArchiveService(self.journal)

    @cached_property
    def closings(self) -> ClosingService:
        from cafepos.services.closings import ClosingService

        return ClosingService(self.journal)

    @cached_property
    def producers(self) -> ConsignmentService:
        from cafepos.services.consignment import ConsignmentService

        return ConsignmentService(self.journal)

    @cached_property
    def statements(self) -> StatementService:
        from cafepos.services.statements import StatementService

        return StatementService(self.journal)

    @cached_property
    def reports(self) -> ReportService:
        from cafepos.services.reports import ReportService

        return ReportService(self.journal)

    def verify(self, full: bool = False) -> Report:
        anchored = read_anchor(self.journal.anchor)  # before the snapshot: sales may be recorded meanwhile
        with self.db.read() as store:
            return verify(store, anchored, self.checker, full=full)

    def journal_failure(self, problems: list[dict[str, Any]]) -> None:
        """A failed check found while the app runs is itself a signed event."""
        with self.journal.unit() as tx:
            till = int(tx.store.settings().get("till", "1"))
            self.journal.event(tx, "verification_failure", None, till, at="background", problems=problems[:50])

    def __enter__(self) -> Cafe:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if isinstance(self.journal.anchor, BackgroundAnchor):
                self.journal.anchor.close()  # the last heads on disk while the café is still locked
        finally:
            self.db.dispose()
            if self.lock:
                self.lock.release()
                self.lock = None


def open_for_audit(db: str | os.PathLike[str] | None = None) -> Cafe:
    """Opens a café to check it without writing anything: no lock, no migration, no key made, no event.

    An auditor may run this while the counter is open.
    """
    paths = resolve_paths(db)
    if not paths.db.exists():
        raise NotFound(N_("There is no café database at {path}."), path=str(paths.db))
    database = Database(paths.db)
    try:
        if not schema_version.is_current(paths.db):
            raise StorageError(N_("{path} must be upgraded first: open it once with the app or any command."),
                               path=str(paths.db))
        with database.read() as store:
            cafe_uuid = store.settings().get("cafe_uuid", "")
            known = {fingerprint_of(pem): pem for pem in store.public_keys().values()}
        key_file = paths.key_file(cafe_uuid)
        signer = KeySigner.load_or_create(key_file)[0] if key_file.exists() else None
        anchor = FileAnchor(paths.anchor_file(cafe_uuid), signer, known)
        journal = Journal(database, signer or _NoSigner(), anchor, SystemClock())
        return Cafe(paths, database, journal, Checker())
    except BaseException:
        database.dispose()
        raise


class _NoSigner:
    """Stands in for a missing key when only checking: any attempt to sign is refused."""

    public_pem = ""
    fingerprint = ""

    def sign(self, hash_hex: str) -> str:
        raise StorageError(N_("This café was opened read-only: nothing can be written."))

    def sign_bytes(self, data: bytes) -> str:
        raise StorageError(N_("This café was opened read-only: nothing can be written."))


def open_cafe(db: str | os.PathLike[str] | None = None, *, create: bool = False, lock: bool = True,
              durable: bool = True, clock: Clock | None = None, restored_from: str | None = None,
              anchor_in_background: bool = False) -> Cafe:
    """Opens (or with `create`, makes) the café's database, upgraded, keyed and checked.

    `anchor_in_background`: the counter's window rewrites the anchor on a thread of its own after each commit
    (adapters/anchor_writer.py), so a sale does not wait for that file's fsync; the command line writes it before
    it returns."""
    paths = resolve_paths(db)
    if not create and not paths.db.exists():
        raise NotFound(N_("There is no café database at {path}: create one with “cafepos init” or “cafepos demo”."),
                       path=str(paths.db))
    instance_lock = None
    if lock:
        instance_lock = InstanceLock(paths.db)
        instance_lock.acquire()
    try:
        database = Database(paths.db, durable=durable)
        upgrade = None
        if not schema_version.is_current(paths.db):
            from cafepos.adapters.db import migrate  # alembic only when there is something to migrate

            upgrade = migrate.run(database, backup_dir=paths.backups)
        with database.write() as store:
            cafe_uuid = store.settings().get("cafe_uuid")
            if not cafe_uuid:
                import uuid  # once, when a café is made: `uuid` imports `platform`, 3 ms of every start

                cafe_uuid = str(uuid.uuid4())
                store.set_setting("cafe_uuid", cafe_uuid)
            timezone = store.settings().get("timezone", "Europe/Paris")
            known = {fingerprint_of(pem): pem for pem in store.public_keys().values()}
        signer, key_is_new = KeySigner.load_or_create(paths.key_file(cafe_uuid))
        file_anchor = FileAnchor(paths.anchor_file(cafe_uuid), signer, known)
        anchor: Anchor = BackgroundAnchor(file_anchor) if anchor_in_background else file_anchor
        the_clock = clock or SystemClock(timezone)
        journal = Journal(database, signer, anchor, the_clock)
        register_key(journal, iso_second(the_clock.now()))
        migration = None
        if upgrade and upgrade.from_revision is not None:
            migration = {"from": upgrade.from_revision, "to": upgrade.to_revision,
                         "backup": str(upgrade.backup) if upgrade.backup else None}
        checker = Checker()
        notices = start(journal, checker, key_is_new, migration, restored_from)
        return Cafe(paths, database, journal, checker, notices, instance_lock)
    except BaseException:
        if instance_lock:
            instance_lock.release()
        raise

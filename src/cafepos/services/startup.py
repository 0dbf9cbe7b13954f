"""What the app does each time it opens a café: register the key, reconcile the anchor, log what changed.

The check here is quick (the anchor against the chain heads, plus the signatures of records written after the
last anchor), so start-up costs the same with five years of history as with none; the full check runs on demand
(`cafepos verify`) or in the background.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cafepos import __version__
from cafepos.domain.errors import N_, CafeError
from cafepos.services.audit import Report, check_anchor, current_heads, read_anchor
from cafepos.services.journal import Journal
from cafepos.services.ports import SignatureChecker
from cafepos.services.settings import Settings


@dataclass(frozen=True)
class Notice:
    """Something the manager should be told at start-up; `blocking` ones need a dialog."""

    kind: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    blocking: bool = False


def register_key(journal: Journal, created: str) -> int:
    with journal.ledger.write() as store:
        key_id = store.add_public_key(journal.signer.fingerprint, journal.signer.public_pem, created)
    journal.key_id = key_id
    return key_id


def start(journal: Journal, checker: SignatureChecker, key_is_new: bool, migration: dict[str, Any] | None,
          restored_from: str | None = None) -> list[Notice]:
    notices: list[Notice] = []
    report = Report()
    if restored_from is not None:
        try:
            journal.heads_before_restore = journal.anchor.read()
        except CafeError:
            journal.heads_before_restore = None
    read = read_anchor(journal.anchor)  # before the database's snapshot (see audit.check_anchor)
    with journal.ledger.read() as store:
        heads = current_heads(store)
        check_anchor(store, read, checker, heads, report)
        had_records = any(h.seq for h in heads.values())
        settings = Settings.from_rows(store.settings())
        stored_version = store.settings().get("software_version")
    journal.heads = dict(heads)
    with journal.unit() as tx:
        till = settings.till
        if key_is_new:
            kind = "key_change" if had_records else "key_created"
            journal.event(tx, kind, None, till, fingerprint=journal.signer.fingerprint)
            if had_records:
                notices.append(Notice(kind, N_("A new signing key was made because the previous one was missing or "
                                               "damaged. This is recorded in the journal.")))
        if migration:
            journal.event(tx, "migration", None, till, **migration)
            notices.append(Notice("migration", N_("The database was upgraded; a backup was kept in {backup}."),
                                  {"backup": migration.get("backup") or "-"}))
        if stored_version != __version__:
            journal.event(tx, "software_version_change", None, till, old=stored_version, new=__version__)
            tx.store.set_setting("software_version", __version__)
        for recovered in report.recovered:
            journal.event(tx, "anchor_recovered", None, till, **recovered)
            notices.append(Notice("anchor_recovered", N_("The app had stopped before it finished saving; the journal "
                                                         "was checked and repaired.")))
        if restored_from is not None:
            # A restore legitimately moves the heads back: what the anchor knew is kept in the signed event.
            anchored = {c: {"seq": h.seq, "hash": h.hash} for c, h in (journal.heads_before_restore or {}).items()}
            journal.event(tx, "restore", None, till, source=restored_from, anchor_before=anchored,
                          differences=[p.as_json() for p in report.problems[:50]])
            notices.append(Notice("restore", N_("The database was restored from {source}."), {"source": restored_from}))
        elif report.problems:
            journal.event(tx, "verification_failure", None, till, at="start",
                          problems=[p.as_json() for p in report.problems[:50]])
            for p in report.problems:
                notices.append(Notice("verification_failure", p.msgid, p.params, blocking=True))
    # Re-anchor on every start: the heads now include this start's events, and a problem found above stays
    # on record in the signed events chain instead of blocking every later start.
    with journal.ledger.read() as store:
        journal.heads = current_heads(store)
    journal.anchor.write(journal.heads)
    return notices

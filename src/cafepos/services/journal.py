"""Appending to the signed journal, and the unit of work that keeps the outside anchor in step with it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cafepos.domain.calendar import iso_second
from cafepos.domain.journal import Chain, Head, Record, canonical, chain_hash
from cafepos.services.ports import Anchor, Clock, Ledger, Signer, Store


@dataclass
class Tx:
    """One use case's transaction: the store plus the chain heads it moved, for the anchor."""

    store: Store
    moved: dict[str, Head] = field(default_factory=dict)


@dataclass
class Journal:
    """Signs and chains records; every write of the app goes through `unit()` so the anchor follows commits."""

    ledger: Ledger
    signer: Signer
    anchor: Anchor
    clock: Clock
    key_id: int = 0
    anchor_enabled: bool = True
    heads: dict[str, Head] = field(default_factory=dict)  # what the anchor holds; set at start-up
    heads_before_restore: dict[str, Head] | None = None

    @contextmanager
    def unit(self) -> Iterator[Tx]:
        with self.ledger.write() as store:
            tx = Tx(store)
            yield tx
        # Committed. The anchor is written after the commit: a crash in between leaves the database ahead of
        # the anchor, which start-up recognises (the extra records are signed) and repairs with an event.
        if tx.moved:
            if self.anchor_enabled:
                self.advance_anchor(tx.moved)
            else:
                self.heads.update(tx.moved)

    def advance_anchor(self, moved: Mapping[str, Head]) -> None:
        # Only one process writes a database (InstanceLock), so the heads kept in memory are the anchor's.
        self.heads.update(moved)
        self.anchor.write(self.heads)

    def append(self, tx: Tx, chain: str, payload: Mapping[str, Any]) -> Record:
        head = tx.moved.get(chain) or tx.store.head(chain)
        text = canonical(payload)
        digest = chain_hash(head.hash, text)
        record = Record(chain, head.seq + 1, text, head.hash, digest, self.signer.sign(digest))
        tx.store.add_record(record, self.key_id)
        tx.moved[chain] = Head(chain, record.seq, digest)
        return record

    def event(self, tx: Tx, kind: str, operator: str | None, till: int, **data: Any) -> Record:
        """Logs an event (login, void, settings change...) in the signed `events` chain."""
        payload = {"type": kind, "timestamp": iso_second(self.clock.now()), "operator": operator, "till": till,
                   **data}
        return self.append(tx, Chain.EVENTS, payload)

"""The archive (archivage): every chain as JSON lines, the public keys, a manifest of hashes and its signature.

The format is a public contract (docs/journal-format.md): an auditor checks it with Python and `cryptography`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from cafepos import __version__
from cafepos.domain.calendar import iso_second
from cafepos.domain.journal import Chain
from cafepos.domain.operators import Operator, Right
from cafepos.services.journal import Journal
from cafepos.services.ports import Store
from cafepos.services.settings import Settings

CHAINS = (Chain.TICKETS, Chain.DUPLICATES, Chain.EVENTS, Chain.CLOSINGS)


class ArchiveSink(Protocol):
    """Where the archive's files go (a ZIP file); returns the SHA-256 of what was written."""

    def add(self, name: str, chunks: Iterable[bytes]) -> str: ...


@dataclass(frozen=True)
class ArchiveSummary:
    files: dict[str, str]
    records: dict[str, int]
    manifest: dict[str, Any]


def _record_date(payload: dict[str, Any]) -> str:
    return str(payload.get("business_date") or str(payload.get("timestamp", ""))[:10])


def _lines(store: Store, chain: str, start: date | None, end: date | None, counts: dict[str, int]) -> Iterator[bytes]:
    for stored in store.iter_records(chain):
        rec = stored.record
        if start or end:
            day = _record_date(json.loads(rec.payload_text))
            if (start and day < start.isoformat()) or (end and day > end.isoformat()):
                continue
        counts[chain] = counts.get(chain, 0) + 1
        line = json.dumps(rec.as_export(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        yield line.encode("utf-8") + b"\n"


@dataclass
class ArchiveService:
    journal: Journal

    def export(self, operator: Operator, sink: ArchiveSink, start: date | None = None,
               end: date | None = None) -> ArchiveSummary:
        operator.require(Right.EXPORT_ARCHIVE)
        created = iso_second(self.journal.clock.now())
        # The export is logged first, so the archive holds its own creation event.
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            self.journal.event(tx, "archive_export", operator.name, settings.till,
                               start=start.isoformat() if start else None, end=end.isoformat() if end else None)
        files: dict[str, str] = {}
        counts: dict[str, int] = {}
        with self.journal.ledger.read() as store:
            for chain in CHAINS:
                files[f"{chain}.jsonl"] = sink.add(f"{chain}.jsonl", _lines(store, chain, start, end, counts))
            pems = "".join(pem if pem.endswith("\n") else pem + "\n" for _, pem in sorted(store.public_keys().items()))
        files["public_keys.pem"] = sink.add("public_keys.pem", [pems.encode("ascii")])
        manifest = {"files": files, "created": created, "siret": settings.siret, "software_version": __version__,
                    "from": start.isoformat() if start else None, "to": end.isoformat() if end else None}
        manifest_bytes = json.dumps(manifest, sort_keys=True, indent=2).encode("utf-8")
        sink.add("manifest.json", [manifest_bytes])
        sink.add("manifest.sig", [self.journal.signer.sign_bytes(manifest_bytes).encode("ascii")])
        return ArchiveSummary(files, counts, manifest)


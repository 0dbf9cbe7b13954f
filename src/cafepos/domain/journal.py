"""The journal's hashing rules: a public contract, documented in docs/journal-format.md.

hash = SHA-256(prev_hash + "\n" + canonical(payload)); the first record of a chain has 64 zeros as prev_hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS = "0" * 64


class Chain(StrEnum):
    TICKETS = "tickets"
    DUPLICATES = "duplicates"
    EVENTS = "events"
    CLOSINGS = "closings"


def canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, canonical_payload: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical_payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    chain: str
    seq: int
    payload_text: str  # canonical JSON, exactly the bytes that were hashed
    prev_hash: str
    hash: str
    signature: str

    @property
    def payload(self) -> Any:
        return json.loads(self.payload_text)

    def as_export(self) -> dict[str, Any]:
        return {"chain": self.chain, "seq": self.seq, "payload": self.payload, "prev_hash": self.prev_hash,
                "hash": self.hash, "signature": self.signature}


@dataclass(frozen=True, slots=True)
class Head:
    """The newest record of a chain, as anchored outside the database."""

    chain: str
    seq: int
    hash: str

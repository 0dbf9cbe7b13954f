"""Checking the journal: every chain, hash and (heads, closings, or all) signature, and the outside anchor.

Problems are returned as data, listed for the manager or the auditor, never thrown one at a time.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cafepos.domain.errors import N_, CafeError
from cafepos.domain.journal import GENESIS, Chain, Head
from cafepos.domain.ticket import ticket_label
from cafepos.services.ports import Anchor, SignatureChecker, Store


@dataclass(frozen=True)
class Problem:
    chain: str
    seq: int
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    ticket: str | None = None

    @property
    def text(self) -> str:
        return self.msgid.format(**self.params)

    def as_json(self) -> dict[str, Any]:
        return {"chain": self.chain, "seq": self.seq, "ticket": self.ticket, "problem": self.text}


@dataclass
class Report:
    records: int = 0
    signatures: int = 0
    problems: list[Problem] = field(default_factory=list)
    heads: dict[str, Head] = field(default_factory=dict)
    recovered: list[dict[str, Any]] = field(default_factory=list)  # chains found ahead of the anchor, signed

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AnchorRead:
    """What the anchor said when it was read: the chains' heads (None: there is no anchor), or why it could not
    be read."""

    heads: dict[str, Head] | None
    error: CafeError | None = None


def read_anchor(anchor: Anchor) -> AnchorRead:
    """The anchor, read before the database it is compared with (see `check_anchor`)."""
    try:
        return AnchorRead(anchor.read())
    except CafeError as exc:
        return AnchorRead(None, exc)


def check_anchor(store: Store, read: AnchorRead, checker: SignatureChecker, heads: Mapping[str, Head],
                 report: Report) -> None:
    """Compares the anchor outside the database with the heads inside it.

    Fewer records than anchored means the newest were deleted; more means a crash hit between the commit and
    the anchor write (or, for a check made while the counter sells, sales recorded since the anchor was read),
    which is fine only if every extra record carries a valid signature.

    The anchor must be read before the database's snapshot is taken (`read_anchor` first, then the store's
    first query): every commit is anchored after it is made, so an anchor read first never knows more than the
    snapshot. Read afterwards, a sale recorded in between made the anchor look ahead of the database, and a
    check running beside the counter reported the newest records as deleted.
    """
    if read.error is not None:
        report.problems.append(Problem("anchor", 0, read.error.msgid, read.error.params))
        return
    anchored = read.heads
    if anchored is None:
        if any(h.seq for h in heads.values()):
            report.problems.append(Problem("anchor", 0, N_("The anchor of the journal is missing although the "
                                                             "database holds records.")))
        return
    keys = store.public_keys()
    for chain, a in anchored.items():
        d = heads.get(chain, Head(chain, 0, ""))
        if d.seq < a.seq:
            report.problems.append(Problem(chain, d.seq + 1, N_("Records {first} to {last} of chain “{chain}” were "
                                                                "deleted (the anchor knows seq {last})."),
                                           {"first": d.seq + 1, "last": a.seq, "chain": chain}))
            continue
        at = store.record(chain, a.seq)
        if at is None or at.record.hash != a.hash:
            report.problems.append(Problem(chain, a.seq, N_("Record {seq} of chain “{chain}” is not the one that "
                                                            "was anchored."), {"seq": a.seq, "chain": chain}))
            continue
        if d.seq > a.seq:
            for stored in store.iter_records(chain, a.seq + 1):
                report.signatures += 1
                pem = keys.get(stored.key_id, "")
                if not checker.check(pem, stored.record.hash, stored.record.signature):
                    report.problems.append(Problem(chain, stored.record.seq, N_("Record {seq} of chain “{chain}” "
                                                   "is past the anchor and its signature is wrong."),
                                                   {"seq": stored.record.seq, "chain": chain}))
                    break
            else:
                report.recovered.append({"chain": chain, "from_seq": a.seq, "to_seq": d.seq})


_TOP_KEYS = ("business_date", "cancels", "number", "till", "total_cents", "type")


def top_fields(payload_text: str) -> dict[str, str]:
    """The few top-level fields the index is checked against, read without parsing the whole payload.

    Safe because the payload is canonical JSON (its hash is checked too) and none of these keys exists in the
    nested objects; a quote inside a string value is always escaped, so a label cannot imitate a key.
    """
    out: dict[str, str] = {}
    for key in _TOP_KEYS:
        marker = f'"{key}":'
        start = payload_text.find(marker)
        if start >= 0:
            start += len(marker)
            out[key] = payload_text[start:payload_text.find(",", start)]
    return out


def current_heads(store: Store) -> dict[str, Head]:
    return {chain: store.head(chain) for chain in store.chains()}


def verify(store: Store, anchored: AnchorRead, checker: SignatureChecker, full: bool = False) -> Report:
    """Recomputes every hash; checks the signatures of heads, closings and key changes (all with `full`), and
    compares the heads with the anchor, read before the store was opened (see `check_anchor`).

    This loop is the hot path of an audit over years of tickets, so it works on raw rows and text.
    """
    report = Report()
    keys = store.public_keys()
    keys_seen: set[int] = set()
    for chain in sorted(store.chains()):
        expected = 1
        prev = GENESIS
        last: tuple[int, str, bytes, bytes, int] | None = None
        numbers: dict[int, int] = {}
        index = TicketIndexCheck(store, report) if chain == Chain.TICKETS else None
        for row in store.scan(chain):
            seq, text, digest, signature, key_id = row
            report.records += 1
            if seq != expected:
                report.problems.append(Problem(chain, expected, N_("Records {first} to {last} of chain “{chain}” "
                                                                   "are missing."),
                                               {"first": expected, "last": seq - 1, "chain": chain}))
            expected = seq + 1
            stored_hex = digest.hex()
            label = None
            if index is not None:
                label = index.check(seq, text, numbers)
            if hashlib.sha256((prev + "\n" + text).encode("utf-8")).hexdigest() != stored_hex:
                report.problems.append(Problem(chain, seq, N_("Record {seq} of chain “{chain}” was altered: its "
                                                              "content no longer matches its hash."),
                                               {"seq": seq, "chain": chain}, label))
            if full or chain == Chain.CLOSINGS or key_id not in keys_seen:
                keys_seen.add(key_id)
                _check_signature(report, checker, keys, chain, seq, stored_hex, signature, key_id, label)
            prev = stored_hex
            last = row
        if index is not None:
            index.finish()
        if last is not None:
            seq, _, digest, signature, key_id = last
            report.heads[chain] = Head(chain, seq, digest.hex())
            if not full and chain != Chain.CLOSINGS:
                _check_signature(report, checker, keys, chain, seq, digest.hex(), signature, key_id, None)
    check_anchor(store, anchored, checker, report.heads, report)
    return report


def _check_signature(report: Report, checker: SignatureChecker, keys: dict[int, str], chain: str, seq: int,
                     hash_hex: str, signature: bytes, key_id: int, label: str | None) -> None:
    report.signatures += 1
    sig = base64.urlsafe_b64encode(signature).rstrip(b"=").decode("ascii")
    if not checker.check(keys.get(key_id, ""), hash_hex, sig):
        report.problems.append(Problem(chain, seq, N_("Record {seq} of chain “{chain}” has a wrong signature."),
                                       {"seq": seq, "chain": chain}, label))


class TicketIndexCheck:
    """The tickets table is an index over the signed payloads: it must say exactly what they say.

    Walked in step with the tickets chain (both in seq order), so the check costs one pass, not one query a
    ticket; the payload's top-level fields are compared as canonical JSON text.
    """

    def __init__(self, store: Store, report: Report) -> None:
        self.rows = store.scan_tickets()
        self.row = next(self.rows, None)
        self.report = report

    def _problem(self, seq: int, msgid: str, label: str | None) -> None:
        self.report.problems.append(Problem(Chain.TICKETS, seq, msgid, {"ticket": label or "?"}, label))

    def check(self, seq: int, text: str, numbers: dict[int, int]) -> str | None:
        """Checks one ticket record against the index and the numbering; returns its label ("T1-000042")."""
        fields = top_fields(text)
        try:
            till, number = int(fields["till"]), int(fields["number"])
        except (KeyError, ValueError):
            self._problem(seq, N_("Ticket record {ticket} cannot be read."), str(seq))
            return None
        label = ticket_label(till, number)
        if number != numbers.get(till, 0) + 1:
            self.report.problems.append(Problem(Chain.TICKETS, seq, N_("Ticket numbers jump from {before} to {after}."),
                                                {"before": numbers.get(till, 0), "after": number}, label))
        numbers[till] = number
        while self.row is not None and self.row[6] < seq:
            self._problem(self.row[6], N_("Ticket {ticket} has no signed record."),
                          ticket_label(self.row[0], self.row[1]))
            self.row = next(self.rows, None)
        if self.row is None or self.row[6] != seq:
            self._problem(seq, N_("Ticket {ticket} is missing from the tickets table."), label)
            return label
        r_till, r_number, r_type, r_cancels, r_date, r_total, _ = self.row
        self.row = next(self.rows, None)
        expected = {"till": str(r_till), "number": str(r_number), "type": f'"{r_type}"',
                    "cancels": "null" if r_cancels is None else str(r_cancels), "business_date": f'"{r_date}"',
                    "total_cents": str(r_total)}
        if fields != expected:
            self._problem(seq, N_("Ticket {ticket} in the tickets table differs from its signed record."), label)
        return label

    def finish(self) -> None:
        while self.row is not None:
            self._problem(self.row[6], N_("Ticket {ticket} has no signed record."),
                          ticket_label(self.row[0], self.row[1]))
            self.row = next(self.rows, None)

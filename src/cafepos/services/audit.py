"""Checking the journal: every chain, hash and (heads, closings, or all) signature, and the outside anchor.

Problems are returned as data, listed for the manager or the auditor, never thrown one at a time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cafepos.domain.errors import N_, CafeError
from cafepos.domain.journal import Chain, Head, chain_hash
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


def check_anchor(store: Store, anchor: Anchor, checker: SignatureChecker, heads: Mapping[str, Head],
                 report: Report) -> None:
    """Compares the anchor outside the database with the heads inside it.

    Fewer records than anchored means the newest were deleted; more means a crash hit between the commit and
    the anchor write, which is fine only if every extra record carries a valid signature.
    """
    try:
        anchored = anchor.read()
    except CafeError as exc:
        report.problems.append(Problem("anchor", 0, exc.msgid, exc.params))
        return
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


def current_heads(store: Store) -> dict[str, Head]:
    return {chain: store.head(chain) for chain in store.chains()}


def verify(store: Store, anchor: Anchor, checker: SignatureChecker, full: bool = False) -> Report:
    """Recomputes every hash; checks the signatures of heads, closings and key changes (all with `full`)."""
    report = Report()
    keys = store.public_keys()
    signing_keys_seen: set[int] = set()
    for chain in sorted(store.chains()):
        expected = 1
        last = None
        numbers: dict[int, int] = {}
        index = TicketIndexCheck(store, report) if chain == Chain.TICKETS else None
        for stored in store.iter_records(chain):
            rec = stored.record
            report.records += 1
            if rec.seq != expected:
                report.problems.append(Problem(chain, expected, N_("Records {first} to {last} of chain “{chain}” "
                                                                   "are missing."),
                                               {"first": expected, "last": rec.seq - 1, "chain": chain}))
            expected = rec.seq + 1
            label = None
            payload: dict[str, Any] | None = None
            if chain == Chain.TICKETS:
                try:
                    payload = json.loads(rec.payload_text)
                    label = ticket_label(int(payload["till"]), int(payload["number"]))
                    till, number = int(payload["till"]), int(payload["number"])
                    if number != numbers.get(till, 0) + 1:
                        report.problems.append(Problem(chain, rec.seq, N_("Ticket numbers jump from {before} to "
                                                                          "{after}."),
                                                       {"before": numbers.get(till, 0), "after": number}, label))
                    numbers[till] = number
                except (ValueError, KeyError, TypeError):
                    payload, label = None, None
                assert index is not None
                index.check(rec.seq, payload, label)
            if chain_hash(rec.prev_hash, rec.payload_text) != rec.hash:
                report.problems.append(Problem(chain, rec.seq, N_("Record {seq} of chain “{chain}” was altered: its "
                                                                  "content no longer matches its hash."),
                                               {"seq": rec.seq, "chain": chain}, label))
            must_sign = full or chain == Chain.CLOSINGS or stored.key_id not in signing_keys_seen
            signing_keys_seen.add(stored.key_id)
            if must_sign:
                report.signatures += 1
                if not checker.check(keys.get(stored.key_id, ""), rec.hash, rec.signature):
                    report.problems.append(Problem(chain, rec.seq, N_("Record {seq} of chain “{chain}” has a wrong "
                                                                      "signature."), {"seq": rec.seq, "chain": chain},
                                                   label))
            last = stored
        if index is not None:
            index.finish()
        if last is not None:
            report.heads[chain] = Head(chain, last.record.seq, last.record.hash)
            if not full and last.record.seq != 1:
                report.signatures += 1
                if not checker.check(keys.get(last.key_id, ""), last.record.hash, last.record.signature):
                    report.problems.append(Problem(chain, last.record.seq, N_("The newest record of chain “{chain}” "
                                                                              "has a wrong signature."),
                                                   {"chain": chain}))
    check_anchor(store, anchor, checker, report.heads, report)
    return report


class TicketIndexCheck:
    """The tickets table is an index over the signed payloads: it must say exactly what they say.

    Walked in step with the tickets chain (both in seq order), so the check costs one pass, not one query a ticket.
    """

    def __init__(self, store: Store, report: Report) -> None:
        self.rows = store.iter_tickets()
        self.row = next(self.rows, None)
        self.report = report

    def _problem(self, seq: int, msgid: str, label: str | None) -> None:
        self.report.problems.append(Problem(Chain.TICKETS, seq, msgid, {"ticket": label or "?"}, label))

    def check(self, seq: int, payload: dict[str, Any] | None, label: str | None) -> None:
        while self.row is not None and self.row.journal_seq < seq:
            self._problem(self.row.journal_seq, N_("Ticket {ticket} has no signed record."),
                          ticket_label(self.row.till, self.row.number))
            self.row = next(self.rows, None)
        if self.row is None or self.row.journal_seq != seq:
            self._problem(seq, N_("Ticket {ticket} is missing from the tickets table."), label)
            return
        r = self.row
        self.row = next(self.rows, None)
        try:
            same = payload is not None and (
                payload["number"], payload["till"], payload["total_cents"], payload["type"],
                payload["business_date"], payload["cancels"]) == (
                r.number, r.till, r.total_cents, r.type, r.business_date, r.cancels)
        except KeyError:
            same = False
        if not same:
            self._problem(seq, N_("Ticket {ticket} in the tickets table differs from its signed record."), label)

    def finish(self) -> None:
        while self.row is not None:
            self._problem(self.row.journal_seq, N_("Ticket {ticket} has no signed record."),
                          ticket_label(self.row.till, self.row.number))
            self.row = next(self.rows, None)

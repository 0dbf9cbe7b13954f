"""The anchor written by a thread of its own (the counter's window): nothing reordered, nothing lost, failures
raised to the caller, the file current once the café is closed."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from cafepos.adapters.anchor_writer import BackgroundAnchor
from cafepos.bootstrap import open_cafe
from cafepos.domain.errors import StorageError
from cafepos.domain.journal import Head
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.sales import BasketItem


class SlowAnchor:
    """Keeps every write; each one waits until the test lets it through."""

    def __init__(self) -> None:
        self.written: list[dict[str, Head]] = []
        self.gate = threading.Event()
        self.entered = threading.Event()  # a write has begun (the thread holds its snapshot)
        self.fail_with: BaseException | None = None

    def read(self) -> dict[str, Head] | None:
        return self.written[-1] if self.written else None

    def write(self, heads: Mapping[str, Head]) -> None:
        self.entered.set()
        self.gate.wait(5)
        if self.fail_with is not None:
            raise self.fail_with
        self.written.append(dict(heads))


def heads(n: int) -> dict[str, Head]:
    return {"tickets": Head("tickets", n, f"{n:064x}")}


def test_the_newest_heads_win_and_none_are_reordered() -> None:
    inner = SlowAnchor()
    anchor = BackgroundAnchor(inner)
    live = heads(1)
    anchor.write(live)
    live.update(heads(99))  # the journal's own dict changes after the hand-over: the snapshot does not
    assert inner.entered.wait(5)  # the thread is writing heads 1 while the next ones come in
    for n in range(2, 30):
        anchor.write(heads(n))
    inner.gate.set()
    anchor.flush()
    seqs = [h["tickets"].seq for h in inner.written]
    assert seqs == [1, 29] and anchor.read() == heads(29)  # in order, the ones handed in between skipped
    anchor.close()


def test_a_failed_write_is_raised_to_the_caller() -> None:
    inner = SlowAnchor()
    inner.fail_with = StorageError("disk full")
    inner.gate.set()
    anchor = BackgroundAnchor(inner)
    anchor.write(heads(1))
    with pytest.raises(StorageError):
        anchor.flush()
    inner.fail_with = None
    anchor.write(heads(2))  # raised once, then writing goes on
    anchor.close()
    assert inner.written == [heads(2)]
    anchor.write(heads(3))  # after close: written by the caller at once
    assert inner.written[-1] == heads(3)


def test_the_window_s_way_leaves_the_anchor_current_when_the_cafe_closes(cafe_path: Path) -> None:
    cafe = open_cafe(cafe_path, anchor_in_background=True)
    paul = cafe.users.acting("Paul")
    coffee = cafe.catalog.resolve("Café").id
    for _ in range(25):
        cafe.sales.ring_up(paul, [BasketItem(coffee, 1)], SaleMode.ON_SITE, [Payment(PaymentMethod.CASH, 130)])
    assert cafe.verify().ok  # a check while it runs reads the anchor after the writes handed over
    cafe.close()
    again = open_cafe(cafe_path)
    try:
        assert [n.kind for n in again.notices if n.kind == "anchor_recovered"] == []
        anchored = again.journal.anchor.read() or {}
        with again.db.read() as store:
            assert anchored["tickets"] == store.head("tickets") and anchored["tickets"].seq >= 25
        assert again.verify().ok
    finally:
        again.close()


def test_a_failed_last_write_is_raised_at_close_and_the_cafe_is_still_released(cafe_path: Path) -> None:
    cafe = open_cafe(cafe_path, anchor_in_background=True)
    anchor = cafe.journal.anchor
    assert isinstance(anchor, BackgroundAnchor)
    anchor.flush()
    failing = SlowAnchor()
    failing.fail_with, anchor.inner = StorageError("disk full"), failing
    failing.gate.set()
    paul, coffee = cafe.users.acting("Paul"), cafe.catalog.resolve("Café").id
    ticket = cafe.sales.ring_up(paul, [BasketItem(coffee, 1)], SaleMode.ON_SITE, [Payment(PaymentMethod.CASH, 130)])
    with pytest.raises(StorageError):
        cafe.close()
    again = open_cafe(cafe_path)  # the instance lock was let go: the café opens, the sale is there
    try:
        assert again.sales.ticket(ticket.number).payload["total_cents"] == 130
        assert "anchor_recovered" in [n.kind for n in again.notices]
    finally:
        again.close()


def test_a_burst_of_records_is_anchored_once_at_its_end() -> None:
    inner = SlowAnchor()
    inner.gate.set()
    anchor = BackgroundAnchor(inner, settle_s=0.2)
    began = time.monotonic()
    for n in range(1, 11):  # sales following each other within the settling time
        anchor.write(heads(n))
    assert inner.entered.wait(5)
    waited = time.monotonic() - began
    anchor.flush()
    assert [h["tickets"].seq for h in inner.written] == [10]
    assert waited >= 0.2  # the thread let the burst settle before writing
    anchor.close()


def test_a_check_or_a_close_does_not_wait_for_a_burst_to_settle() -> None:
    inner = SlowAnchor()
    inner.gate.set()
    anchor = BackgroundAnchor(inner, settle_s=60)
    anchor.write(heads(1))
    began = time.monotonic()
    assert anchor.read() == heads(1)  # flushed: written at once
    anchor.write(heads(2))
    anchor.close()
    assert time.monotonic() - began < 10
    assert [h["tickets"].seq for h in inner.written] == [1, 2]

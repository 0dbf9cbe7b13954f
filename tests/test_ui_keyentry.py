"""Telling a barcode scanner from a person by timing, and typed digits as a quantity."""

from __future__ import annotations

from cafepos.ui.keyentry import Code, KeyEntry


def typed(entry: KeyEntry, text: str, start: float, gap: float) -> float:
    t = start
    for ch in text:
        entry.type(ch, t)
        t += gap
    return t


def test_a_fast_burst_ending_with_enter_is_a_scan() -> None:
    e = KeyEntry()
    t = typed(e, "5449000000996", 10.0, 0.005)
    assert e.enter(t) == Code("5449000000996", 1, True)
    assert e.text == ""


def test_digits_typed_by_hand_before_a_scan_are_the_quantity() -> None:
    e = KeyEntry()
    typed(e, "3", 10.0, 0.0)
    t = typed(e, "5449000000996", 12.0, 0.004)
    assert e.enter(t) == Code("5449000000996", 3, True)


def test_slow_typing_then_enter_is_a_code_typed_by_hand() -> None:
    e = KeyEntry()
    t = typed(e, "12", 10.0, 0.3)
    assert e.enter(t + 0.5) == Code("12", 1, False)


def test_enter_alone_means_pay() -> None:
    assert KeyEntry().enter(1.0) is None


def test_digits_before_a_tap_are_a_quantity_used_once() -> None:
    e = KeyEntry()
    typed(e, "12", 1.0, 0.2)
    assert e.take_quantity() == 12
    assert e.take_quantity() is None
    typed(e, "0", 1.0, 0.2)
    assert e.take_quantity() is None

"""Ringing up and cancelling through the services, on a real migrated SQLite database."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from cafepos.bootstrap import Cafe
from cafepos.domain.errors import BadInput, NotAllowed, NotFound, Refused, StorageError
from cafepos.domain.operators import Operator
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.sales import BasketItem


def item(cafe: Cafe, label: str, qty: int = 1, **kw: object) -> BasketItem:
    return BasketItem(cafe.catalog.resolve(label).id, qty, **kw)  # type: ignore[arg-type]


def cash(cents: int) -> list[Payment]:
    return [Payment(PaymentMethod.CASH, cents)]


def test_ticket_payload_carries_everything(cafe: Cafe, staff: Operator) -> None:
    t = cafe.sales.ring_up(staff, [item(cafe, "Café", 2), item(cafe, "Bière pression 25 cl")], SaleMode.ON_SITE,
                           cash(1000))
    p = t.payload
    assert p["number"] == 1 and p["type"] == "sale" and p["cancels"] is None
    assert p["operator"] == "Paul" and p["till"] == 1 and p["siret"] == "91234567800017"
    assert p["software_version"] and p["training"] is False and p["sale_mode"] == "on_site"
    assert len(p["timestamp"]) == 25 and p["timestamp"][19] in "+-"  # to the second, with offset
    assert [(line["label"], line["qty"], line["amount_cents"], line["vat_rate_bp"]) for line in p["lines"]] == [
        ("Café", 2, 260, 1000), ("Bière pression 25 cl", 1, 310, 2000)]
    assert p["vat"] == [{"rate_bp": 1000, "ht_cents": 236, "vat_cents": 24, "ttc_cents": 260},
                        {"rate_bp": 2000, "ht_cents": 258, "vat_cents": 52, "ttc_cents": 310}]
    assert p["total_cents"] == 570 and p["change_cents"] == 430
    assert p["payments"] == [{"method": "cash", "amount_cents": 1000}]


def test_sale_mode_changes_the_vat(cafe: Cafe, staff: Operator) -> None:
    on_site = cafe.sales.ring_up(staff, [item(cafe, "Canette soda 33 cl")], SaleMode.ON_SITE, cash(180))
    away = cafe.sales.ring_up(staff, [item(cafe, "Canette soda 33 cl")], SaleMode.TAKE_AWAY, cash(180))
    assert on_site.payload["lines"][0]["vat_rate_bp"] == 1000
    assert away.payload["lines"][0]["vat_rate_bp"] == 550
    beer = cafe.sales.ring_up(staff, [item(cafe, "Bière pression 25 cl")], SaleMode.TAKE_AWAY, cash(310))
    assert beer.payload["lines"][0]["vat_rate_bp"] == 2000


def test_numbers_are_gap_free_even_after_refusals(cafe: Cafe, staff: Operator) -> None:
    cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(130))
    with pytest.raises(Refused):
        cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(100))
    t = cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(130))
    assert t.number == 2


def test_cancellation_mirrors_the_ticket(cafe: Cafe, staff: Operator, manager: Operator) -> None:
    t = cafe.sales.ring_up(staff, [item(cafe, "Café", 3), item(cafe, "Croissant")], SaleMode.ON_SITE,
                           [Payment(PaymentMethod.CARD, 300), Payment(PaymentMethod.CASH, 500)])
    with pytest.raises(NotAllowed):
        cafe.sales.cancel(staff, t.number, "erreur")
    with pytest.raises(BadInput):
        cafe.sales.cancel(manager, t.number, "  ")
    c = cafe.sales.cancel(manager, t.number, "erreur de saisie")
    p = c.payload
    assert p["type"] == "cancellation" and p["cancels"] == t.number and p["reason"] == "erreur de saisie"
    assert p["total_cents"] == -t.payload["total_cents"]
    assert [line["amount_cents"] for line in p["lines"]] == [-390, -120]
    assert sum(v["ttc_cents"] for v in p["vat"]) == p["total_cents"]
    # What was paid net goes back: card 3.00, cash 5.10 − 4.10 change... = 2.10
    assert {x["method"]: x["amount_cents"] for x in p["payments"]} == {"card": -300, "cash": -210}
    with pytest.raises(Refused, match="already"):
        cafe.sales.cancel(manager, t.number, "encore")
    with pytest.raises(Refused):
        cafe.sales.cancel(manager, c.number, "annuler l'annulation")
    with pytest.raises(NotFound):
        cafe.sales.cancel(manager, 999, "inconnu")


def test_discount_is_for_managers_and_needs_a_reason(cafe: Cafe, staff: Operator, manager: Operator) -> None:
    with pytest.raises(NotAllowed):
        cafe.sales.ring_up(staff, [item(cafe, "Café", discount_cents=30, discount_reason="fidélité")],
                           SaleMode.ON_SITE, cash(100))
    t = cafe.sales.ring_up(manager, [item(cafe, "Café", discount_cents=30, discount_reason="fidélité")],
                           SaleMode.ON_SITE, cash(100))
    assert t.payload["lines"][0]["discount_cents"] == 30 and t.payload["total_cents"] == 100
    assert t.payload["lines"][0]["discount_reason"] == "fidélité"


def test_paid_tickets_are_immutable_in_sqlite(cafe: Cafe, staff: Operator) -> None:
    cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(130))
    conn = sqlite3.connect(cafe.paths.db)
    for sql in ("UPDATE tickets SET total_cents = 1", "DELETE FROM tickets", "UPDATE journal SET payload = '{}'",
                "DELETE FROM journal"):
        with pytest.raises(sqlite3.DatabaseError, match="never changed"):
            conn.execute(sql)
    conn.close()


def test_reprint_numbers_duplicates(cafe: Cafe, staff: Operator) -> None:
    t = cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(130))
    assert cafe.sales.reprint(staff, t.number).duplicate_no == 1
    assert cafe.sales.reprint(staff, t.number).duplicate_no == 2


def test_voids_and_drawer_are_events(cafe: Cafe, staff: Operator, manager: Operator) -> None:
    cafe.sales.void(staff, "line", [{"label": "Café", "qty": 1}])
    with pytest.raises(NotAllowed):
        cafe.sales.open_drawer(staff)
    cafe.sales.open_drawer(manager, "monnaie")
    with cafe.db.read() as store:
        kinds = [s.record.payload for s in store.iter_records("events")][-2:]
    assert [k["type"] for k in kinds] == ["void", "drawer_opened"]


def _after_begin(monkeypatch: pytest.MonkeyPatch, cafe: Cafe, pragma: str) -> None:
    """Every transaction of this café runs `pragma` first: a way to make the disk full or read-only."""
    original = cafe.db._begin

    def begin(conn: Any, read_only: bool) -> None:
        original(conn, read_only)
        conn.execute(pragma)

    monkeypatch.setattr(cafe.db, "_begin", begin)


def test_disk_full_loses_nothing_and_says_so(cafe: Cafe, staff: Operator, monkeypatch: pytest.MonkeyPatch) -> None:
    before = len(cafe.sales.find())
    _after_begin(monkeypatch, cafe, "PRAGMA max_page_count = 1")
    acknowledged = 0
    with pytest.raises(StorageError, match="full"):
        for _ in range(2000):
            cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(130))
            acknowledged += 1
    monkeypatch.undo()
    assert len(cafe.sales.find(limit=5000)) == before + acknowledged
    assert cafe.verify().ok


def test_read_only_database_says_so(cafe: Cafe, staff: Operator, monkeypatch: pytest.MonkeyPatch) -> None:
    _after_begin(monkeypatch, cafe, "PRAGMA query_only = 1")
    with pytest.raises(StorageError, match="read-only"):
        cafe.sales.ring_up(staff, [item(cafe, "Café")], SaleMode.ON_SITE, cash(130))


def test_tabs_survive_reopening(cafe_path) -> None:  # type: ignore[no-untyped-def]
    from cafepos.bootstrap import open_cafe

    c1 = open_cafe(cafe_path)
    staff = c1.users.acting("Paul")
    tab = c1.tabs.park(staff, "Table 4", {"mode": "on_site", "lines": [{"product_id": 1, "qty": 2}]})
    c1.tabs.save(tab, {"mode": "on_site", "lines": [{"product_id": 1, "qty": 3}]})
    c1.close()
    c2 = open_cafe(cafe_path)
    [row] = c2.tabs.list()
    assert row.name == "Table 4" and row.state["lines"][0]["qty"] == 3
    c2.tabs.drop(staff, row.id, voided=True)
    assert c2.tabs.list() == []
    c2.close()


def test_manager_approves_a_staff_discount(cafe: Cafe, staff: Operator, manager: Operator) -> None:
    t = cafe.sales.ring_up(staff, [item(cafe, "Café", discount_cents=30, discount_reason="fidélité")],
                           SaleMode.ON_SITE, cash(100), approved_by=manager)
    assert t.payload["operator"] == "Paul" and t.payload["total_cents"] == 100
    with cafe.db.read() as store:
        last = [s.record.payload for s in store.iter_records("events")][-1]
    assert last["type"] == "manager_override" and last["operator"] == "Nadia" and last["right"] == "discount"
    with pytest.raises(NotAllowed):
        cafe.sales.ring_up(staff, [item(cafe, "Café", discount_cents=30, discount_reason="x")], SaleMode.ON_SITE,
                           cash(100), approved_by=cafe.users.acting("Léa"))

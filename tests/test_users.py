"""Operators: PINs are salted slow hashes, five failures lock, every attempt is a signed event, rights hold."""

from __future__ import annotations

import sqlite3

import pytest

from cafepos.bootstrap import Cafe
from cafepos.domain.errors import BadInput, NotAllowed, Refused
from cafepos.domain.operators import Operator
from cafepos.services.catalog import ProductDraft
from cafepos.services.users import hash_pin, pin_matches


def test_pin_hash_is_salted_and_slow() -> None:
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b and a.startswith("scrypt$16384$")
    assert pin_matches("1234", a) and not pin_matches("1235", a)
    assert not pin_matches("1234", "garbage")


def events(cafe: Cafe) -> list[dict[str, object]]:
    with cafe.db.read() as store:
        return [s.record.payload for s in store.iter_records("events")]


def test_five_wrong_pins_lock(cafe: Cafe) -> None:
    for _ in range(4):
        with pytest.raises(Refused, match="Wrong PIN"):
            cafe.users.login("Paul", "9999")
    with pytest.raises(Refused, match="locked"):
        cafe.users.login("Paul", "9999")
    with pytest.raises(Refused, match="locked"):
        cafe.users.login("Paul", "2222")  # even the right PIN waits
    failures = [e for e in events(cafe) if e["type"] == "login_failed"]
    assert len(failures) == 5 and failures[-1]["locked"] is True
    assert cafe.users.login("Nadia", "1234").name == "Nadia"  # others are not locked


def test_login_is_logged(cafe: Cafe) -> None:
    op = cafe.users.login("Léa", "3333")
    cafe.users.logout(op)
    assert [e["type"] for e in events(cafe)][-2:] == ["login", "logout"]


def test_pins_are_never_stored_in_clear(cafe: Cafe) -> None:
    conn = sqlite3.connect(cafe.paths.db)
    hashes = [r[0] for r in conn.execute("SELECT pin_hash FROM operators")]
    conn.close()
    assert all(h.startswith("scrypt$") and "1234" not in h.split("$")[-1][:4] for h in hashes)


def test_staff_rights_are_checked_in_services(cafe: Cafe, staff: Operator, manager: Operator) -> None:
    with pytest.raises(NotAllowed):
        cafe.settings.update(staff, {"cafe_name": "Chez Paul"})
    with pytest.raises(NotAllowed):
        cafe.catalog.add(staff, ProductDraft("Tarte", 300, 1000, 550))
    with pytest.raises(NotAllowed):
        cafe.users.add(staff, "Intrus", "manager", "0000")
    coffee = cafe.catalog.resolve("Café")
    with pytest.raises(NotAllowed):
        cafe.catalog.update(staff, coffee.id, ProductDraft("Café", 100, 1000, 1000))
    cafe.catalog.update(manager, coffee.id, ProductDraft("Café", 140, 1000, 1000, "Boissons chaudes"))
    assert [e for e in events(cafe) if e["type"] == "price_change"][-1]["new_cents"] == 140


def test_bad_operator_input(cafe: Cafe, manager: Operator) -> None:
    with pytest.raises(BadInput):
        cafe.users.add(manager, "Zoé", "staff", "12a4")
    with pytest.raises(BadInput):
        cafe.users.add(manager, "Zoé", "chef", "1234")
    with pytest.raises(Refused):
        cafe.users.add(manager, "paul", "staff", "1234")  # names are unique whatever the case


def test_meal_voucher_never_for_alcohol(cafe: Cafe, manager: Operator) -> None:
    p = cafe.catalog.add(manager, ProductDraft("Cidre fermier", 350, 2000, 2000, "Bières et vins", alcohol=True,
                                               voucher_ok=True))
    assert p.voucher_ok is False
    with pytest.raises(BadInput):
        cafe.catalog.add(manager, ProductDraft("Bière 0", 300, 1000, 550, alcohol=True))

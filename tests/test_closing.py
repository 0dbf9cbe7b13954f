"""A day at the Café de la Place, written as a story, then three days, a month and a year of closings.

Every figure is checked against arithmetic done here, by hand, not by the code under test.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cafepos.adapters.clock import FixedClock
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.closing import ClosingKind
from cafepos.domain.errors import BadInput, Refused
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.closings import Cheque, CloseCount
from cafepos.services.sales import BasketItem
from tests.cli_support import run

PARIS = ZoneInfo("Europe/Paris")
CASH, CARD, CHEQUE, VOUCHER = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE, PaymentMethod.VOUCHER


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=PARIS))


@pytest.fixture
def day_cafe(cafe_path: Path, clock: FixedClock) -> Iterator[Cafe]:
    c = open_cafe(cafe_path, clock=clock)
    yield c
    c.close()


def at(clock: FixedClock, day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2026) -> None:
    clock.moment = datetime(year, month, day, hour, minute, tzinfo=PARIS)


def items(cafe: Cafe, *spec: tuple[str, int]) -> list[BasketItem]:
    return [BasketItem(cafe.catalog.resolve(label).id, qty) for label, qty in spec]


def test_a_day_in_the_cafe(day_cafe: Cafe, clock: FixedClock) -> None:
    cafe = day_cafe
    nadia, paul = cafe.users.acting("Nadia"), cafe.users.acting("Paul")
    # 08:00 Nadia counts the float: 50 + 2×20 + 10 + 2×5 + 5×2 + 5×1 + 4×0.50 = 127.00 €
    session = cafe.till.open(nadia, parse_count("50x1,20x2,10x1,5x2,2x5,1x5,0.50x4"))
    assert session.float_cents == 12700
    sell = cafe.sales.ring_up
    at(clock, 2, 8, 10)
    sell(paul, items(cafe, ("Café", 2), ("Croissant", 1)), SaleMode.ON_SITE, [Payment(CASH, 500)])  # 3.80, 1.20 back
    at(clock, 2, 12, 15)
    sell(paul, items(cafe, ("Croque-monsieur", 1), ("Soda (verre)", 1)), SaleMode.ON_SITE, [Payment(CARD, 830)])
    sell(paul, items(cafe, ("Bière pression 50 cl", 2)), SaleMode.ON_SITE, [Payment(CHEQUE, 1160)])
    sell(paul, items(cafe, ("Sandwich jambon-beurre", 1), ("Café", 1)), SaleMode.ON_SITE,
         [Payment(VOUCHER, 450), Payment(CASH, 200)])                                               # 5.80, 0.70 back
    at(clock, 2, 16, 40)
    sell(paul, items(cafe, ("Canette soda 33 cl", 2)), SaleMode.TAKE_AWAY, [Payment(CARD, 360)])    # 5.5 %
    at(clock, 2, 18, 5)
    pastis = sell(paul, items(cafe, ("Pastis", 2)), SaleMode.ON_SITE, [Payment(CASH, 1000)])         # 5.60, 4.40 back
    cafe.sales.cancel(nadia, pastis.number, "commande en double")                                   # −5.60 cash
    at(clock, 2, 18, 30)
    with pytest.raises(Refused, match="pay-out"):
        cafe.till.pay_out(nadia, 50000, "trop")
    cafe.till.pay_out(nadia, 1200, "lait à l'épicerie")
    # Expected cash: 127.00 + 3.80 + 1.30 + 5.60 − 5.60 − 12.00 = 120.10
    x = cafe.till.x_report()
    assert x["session"]["expected"]["cash"] == 12010
    assert x["total_cents"] == 380 + 830 + 1160 + 580 + 360 + 560 - 560

    at(clock, 2, 21, 0)
    counted = parse_count("50x1,20x2,10x2,5x1,2x2,0.50x2")                     # 120.00 €: 0.10 short
    with pytest.raises(Refused, match="tabs"):
        cafe.tabs.park(paul, "Table 2", {"lines": []})
        cafe.closings.close_session(nadia, CloseCount(cash=counted))
    closed = cafe.closings.close_session(nadia, CloseCount(
        cash=counted, cheques=[Cheque("0012345", "Crédit Agricole", 1160)], vouchers_cents=450,
        card_terminal_cents=1190, float_kept_cents=10000, tabs="keep"))
    assert closed is not None
    z = closed.payload
    checks = {c.method: (c.expected_cents, c.counted_cents, c.variance_cents) for c in closed.checks}
    assert checks == {"cash": (12010, 12000, -10), "card": (1190, 1190, 0), "cheque": (1160, 1160, 0),
                      "voucher": (450, 450, 0)}
    assert z["kind"] == "day" and z["period"] == "2026-03-02"
    assert (z["tickets"], z["cancellations"], z["first_ticket"], z["last_ticket"]) == (6, 1, 1, 7)
    assert z["sales_cents"] == 3870 and z["returns_cents"] == -560 and z["total_cents"] == 3310
    assert z["perpetual_cents"] == 3310 and z["perpetual_abs_cents"] == 3870 + 560
    assert z["payments"] == {"cash": 380 + 130 + 560 - 560, "card": 1190, "cheque": 1160, "voucher": 450}
    assert z["session"]["bank_deposit_cents"] == 2000 and z["session"]["float_kept_cents"] == 10000

    # The Z's per-rate totals are the sums over that day's signed ticket payloads.
    with cafe.db.read() as store:
        payloads = [json.loads(p) for p, _ in store.day_tickets(1, "2026-03-02")]
    sums: dict[int, list[int]] = {}
    for p in payloads:
        for row in p["vat"]:
            acc = sums.setdefault(row["rate_bp"], [0, 0, 0])
            acc[0] += row["ht_cents"]
            acc[1] += row["vat_cents"]
            acc[2] += row["ttc_cents"]
    assert {r["rate_bp"]: [r["ht_cents"], r["vat_cents"], r["ttc_cents"]] for r in z["vat"]} == sums
    assert sum(r["ttc_cents"] for r in z["vat"]) == z["total_cents"]
    assert set(sums) == {550, 1000, 2000}

    # The day is closed: no more sales on it, no second Z.
    at(clock, 2, 22, 0)
    with pytest.raises(Refused, match="closed"):
        sell(paul, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    with pytest.raises(Refused):
        cafe.closings.close_day(nadia, "2026-03-02")
    assert cafe.verify().ok

    # Day 2 takes over the float kept back; day 3 has no sale at all (a valid, empty Z).
    at(clock, 3, 7, 30)
    assert cafe.till.kept_float() == 10000
    sell(paul, items(cafe, ("Café", 3)), SaleMode.ON_SITE, [Payment(CASH, 390)])
    at(clock, 3, 20, 0)
    day2 = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("50x2,2x1,1x1,0.50x1,0.20x2"),
                                                         tabs="keep"))
    assert day2 is not None and day2.payload["total_cents"] == 390
    assert day2.payload["perpetual_cents"] == 3310 + 390
    at(clock, 4, 9, 0)
    cafe.till.open(nadia, None)
    at(clock, 4, 19, 0)
    day3 = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("50x2"), tabs="keep"))
    assert day3 is not None and day3.payload["tickets"] == 0 and day3.payload["vat"] == []
    assert day3.payload["perpetual_cents"] == 3700

    # A sale on 5 March left open; the month is closed in April: the open day is closed first.
    at(clock, 5, 10, 0)
    sell(paul, items(cafe, ("Thé", 1)), SaleMode.ON_SITE, [Payment(CARD, 200)])
    at(clock, 5, 12, 0)
    with pytest.raises(Refused, match="not over"):
        cafe.closings.close_month(nadia, "2026-03")
    at(clock, 2, 10, 0, month=4)
    month = cafe.closings.close_month(nadia, "2026-03").payload
    assert cafe.closings.get(ClosingKind.DAY, "2026-03-05")["session"] is None  # closed without a count
    assert month["total_cents"] == 3310 + 390 + 200 and month["tickets"] == 6 + 1 + 1
    assert month["perpetual_cents"] == 3900 and month["perpetual_abs_cents"] == 4430 + 390 + 200
    with pytest.raises(Refused, match="already"):
        cafe.closings.close_month(nadia, "2026-03")

    # The year: its other months are closed (empty ones too) before the annual closing.
    at(clock, 5, 10, 0, month=1, year=2027)
    year = cafe.closings.close_year(nadia, "2026").payload
    assert year["total_cents"] == 3900 and year["perpetual_cents"] == 3900
    with cafe.db.read() as store:
        months = store.closings_like(1, "month", "2026-")
    assert [m.period for m in months] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert cafe.verify().ok


def test_bad_counts_and_closings(day_cafe: Cafe, clock: FixedClock) -> None:
    cafe = day_cafe
    nadia = cafe.users.acting("Nadia")
    for spec in ("50x1.5", "50x-1", "3x2", "20", "abc x2"):
        with pytest.raises(BadInput):
            parse_count(spec)
    with pytest.raises(Refused, match="not open"):
        cafe.closings.close_session(nadia, CloseCount(cash={}))
    cafe.till.open(nadia, parse_count("20x1"))
    cafe.sales.ring_up(nadia, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    with pytest.raises(BadInput, match="reason"):  # 15 € short is above the 5 € threshold
        cafe.closings.close_session(nadia, CloseCount(cash=parse_count("5x1")))
    closed = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("5x1"), reason="billet de 20 égaré"))
    assert closed and closed.payload["session"]["variance_reason"] == "billet de 20 égaré"
    assert closed.payload["session"]["checks"]["cash"]["variance_cents"] == 500 - 2130


def test_unclosed_day_blocks_sales_after_the_grace_period(day_cafe: Cafe, clock: FixedClock) -> None:
    cafe = day_cafe
    paul = cafe.users.acting("Paul")
    cafe.sales.ring_up(paul, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    at(clock, 3, 9, 0)
    t = cafe.sales.ring_up(paul, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    assert t.unclosed_days == ("2026-03-02",)
    at(clock, 4, 9, 0)  # 2 March ended 3 March 04:00; 12 h of grace are long gone
    with pytest.raises(Refused, match="never closed"):
        cafe.sales.ring_up(paul, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    cafe.closings.close_day(cafe.users.acting("Nadia"), "2026-03-03")  # closes 2 March first, then 3 March
    cafe.sales.ring_up(paul, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])


def test_late_evening_belongs_to_its_day(day_cafe: Cafe, clock: FixedClock) -> None:
    at(clock, 2, 23, 50)
    t1 = day_cafe.sales.ring_up(day_cafe.users.acting("Paul"), items(day_cafe, ("Kir", 1)), SaleMode.ON_SITE,
                                [Payment(CASH, 320)])
    at(clock, 3, 1, 30)
    t2 = day_cafe.sales.ring_up(day_cafe.users.acting("Paul"), items(day_cafe, ("Kir", 1)), SaleMode.ON_SITE,
                                [Payment(CASH, 320)])
    assert t1.payload["business_date"] == t2.payload["business_date"] == "2026-03-02"


def test_edited_closing_is_caught(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash:2").code == 0
    r = run(capsys, cafe_path, "till", "close", "--count", "0.50x1,0.20x1", "--json")
    assert r.code == 0, r.err
    out = r.json
    assert out["methods"]["cash"] == {"expected_cents": 130, "counted_cents": 70, "variance_cents": -60}
    assert {"total_cents", "vat", "grand_total_cents", "perpetual_cents", "perpetual_abs_cents"} <= set(out)
    assert run(capsys, cafe_path, "verify").code == 0
    conn = sqlite3.connect(cafe_path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE journal SET payload = replace(payload, '\"total_cents\":130', '\"total_cents\":13')"
                 " WHERE chain = 'closings'")
    conn.commit()
    conn.close()
    r = run(capsys, cafe_path, "verify", "--json")
    assert r.code == 1 and r.json["problems"][0]["chain"] == "closings"


def test_cli_till_commands(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "till", "open", "--float", "20x2,0.50x4").code == 0
    assert run(capsys, cafe_path, "till", "open", "--float", "20x2").code == 2           # already open
    assert run(capsys, cafe_path, "till", "open", "--float", "7x2").code == 2            # not a denomination
    assert run(capsys, cafe_path, "till", "pay-in", "10", "--reason", "monnaie de la banque").code == 0
    assert run(capsys, cafe_path, "till", "pay-out", "500", "--reason", "trop").code == 2  # more than the drawer
    assert run(capsys, cafe_path, "till", "pay-out", "2.5", "--reason", "pain").code == 0
    assert run(capsys, cafe_path, "sell", "--item", "Café*2", "--pay", "cash:5").code == 0
    x = run(capsys, cafe_path, "report", "x", "--json").json
    assert x["session"]["expected"]["cash"] == 4200 + 1000 - 250 + 260
    assert run(capsys, cafe_path, "till", "close", "--count", "20x2,5x2,2x1,0.10x1", "--card-terminal", "0",
               "--json").code == 0
    day = run(capsys, cafe_path, "settings", "show", "--json")
    assert day.code == 0
    csv_file = tmp_path / "sales.csv"
    assert run(capsys, cafe_path, "export", "sales", "--from", "2000-01-01", "--to", "2100-01-01", "--csv",
               str(csv_file)).code == 0
    rows = csv_file.read_text().splitlines()
    assert rows[0] == "date,vat_rate,method,ht_cents,vat_cents,ttc_cents,amount_cents"
    assert any(",10,," in r and r.endswith(",260,") for r in rows)
    assert any(",,cash," in r and r.endswith(",260") for r in rows)
    assert run(capsys, cafe_path, "close", "month", "2026-13").code == 2
    assert run(capsys, cafe_path, "close", "year", "20x6").code == 2


def test_a_count_mistake_is_corrected_by_an_event_shown_on_the_next_z(day_cafe: Cafe, clock: FixedClock) -> None:
    cafe = day_cafe
    nadia = cafe.users.acting("Nadia")
    cafe.till.open(nadia, parse_count("20x1"))
    cafe.sales.ring_up(nadia, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    at(clock, 2, 21)
    z1 = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("20x1,1x1,0.20x1,0.10x1"),
                                                       card_terminal_cents=0))
    assert z1 is not None and z1.payload["corrections"] == []
    # The next morning a 10 € note is found under the drawer: yesterday's count was short.
    at(clock, 3, 8)
    with pytest.raises(BadInput):
        cafe.closings.correct_count(nadia, "2026-03-02", "cash", 3130, "  ")
    fix = cafe.closings.correct_count(nadia, "2026-03-02", "cash", 3130, "billet de 10 retrouvé")
    assert (fix["previous_cents"], fix["counted_cents"], fix["variance_cents"]) == (2130, 3130, 1000)
    assert cafe.closings.get(ClosingKind.DAY, "2026-03-02")["session"]["checks"]["cash"]["counted_cents"] == 2130
    cafe.sales.ring_up(nadia, items(cafe, ("Café", 1)), SaleMode.ON_SITE, [Payment(CASH, 130)])
    at(clock, 3, 21)
    z2 = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("20x1,1x2,0.50x1,0.20x2,0.10x1")))
    assert z2 is not None
    [shown] = z2.payload["corrections"]
    assert (shown["day"], shown["counted_cents"], shown["reason"]) == ("2026-03-02", 3130, "billet de 10 retrouvé")
    at(clock, 4, 21)
    cafe.till.open(nadia, None)
    z3 = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("20x1")))
    assert z3 is not None and z3.payload["corrections"] == []  # shown once, on the next Z only
    from cafepos.adapters.receipt_printer import receipt_format
    from cafepos.domain.z_text import z_lines

    paper = "\n".join(z_lines(cafe.reports.z_report("2026-03-03"), 48, receipt_format("fr")))
    assert "billet de 10 retrouv" in paper and "31,30 <- 21,30" in paper, paper
    assert cafe.verify().ok


def test_a_demo_made_after_midnight_leaves_the_business_day_open(tmp_path: Path) -> None:
    """At 00:30 the business day is still yesterday's (cut-off 4 h): the demo's history stops the day before it,
    so the café sells at once instead of refusing every sale as "day closed" until 4 o'clock."""
    from cafepos.services import demo

    late = FixedClock(datetime(2026, 3, 3, 0, 30, tzinfo=PARIS))
    cafe = open_cafe(tmp_path / "late.sqlite", create=True, clock=late)
    try:
        demo.create(cafe.journal, cafe.settings, cafe.users, cafe.catalog, cafe.sales, cafe.closings, days=2,
                    per_day=5)
        days = [c["period"] for c in cafe.closings.days_between("2026-02-01", "2026-03-31")]
        assert days == ["2026-02-28", "2026-03-01"]  # 2 March, the business day at 00:30, is open
        t = cafe.sales.ring_up(cafe.users.acting("Paul"), items(cafe, ("Café", 1)), SaleMode.ON_SITE,
                               [Payment(CASH, 130)])
        assert t.payload["total_cents"] == 130 and not t.unclosed_days
    finally:
        cafe.close()

"""A month of local producers' goods at the counter, written as a story and checked by hand.

Ferme du Pré sells through the café as a transparent agent at 20 %; Fromagerie Dupuis leaves its cheese with the
café as commissionnaire at 25 %.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cafepos.adapters.clock import FixedClock
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.consignment import commission
from cafepos.domain.errors import BadInput, Refused
from cafepos.domain.money import div_half_up
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.closings import CloseCount
from cafepos.services.consignment import DepositItem, ProducerDraft
from cafepos.services.sales import BasketItem
from tests.cli_support import run

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 5, 4, 9, 0, tzinfo=PARIS))


@pytest.fixture
def shop(cafe_path: Path, clock: FixedClock) -> Iterator[Cafe]:
    c = open_cafe(cafe_path, clock=clock)
    yield c
    c.close()


def at(clock: FixedClock, day: int, hour: int, month: int = 5) -> None:
    clock.moment = datetime(2026, month, day, hour, 0, tzinfo=PARIS)


def test_commission_arithmetic() -> None:
    c = commission(10_000, 2000)             # 20 % of 100.00 € TTC = 20.00 of which VAT 3.33
    assert (c.ttc_cents, c.vat_cents, c.ht_cents) == (2000, 333, 1667)
    c = commission(10_000, 2000, includes_vat=False)   # 20.00 HT + 4.00 VAT
    assert (c.ht_cents, c.vat_cents, c.ttc_cents) == (2000, 400, 2400)
    c = commission(1_235, 2500)              # 12.35 × 25 % = 3.0875 → 3.09; VAT 3.09 × 20/120 = 0.515 → 0.52
    assert (c.ttc_cents, c.vat_cents, c.ht_cents) == (309, 52, 257)
    with pytest.raises(BadInput):
        commission(100, 10_001)


def test_a_month_with_two_producers(shop: Cafe, clock: FixedClock) -> None:
    cafe = shop
    nadia, paul = cafe.users.acting("Nadia"), cafe.users.acting("Paul")
    pre = cafe.producers.add_producer(nadia, ProducerDraft("Ferme du Pré", 2000, "agent", "12345678900011",
                                                           "Le Bourg, 71460 Bissy"))
    dupuis = cafe.producers.add_producer(nadia, ProducerDraft("Fromagerie Dupuis", 2500, "commissionnaire",
                                                              losses_borne_by="cafe"))
    assert dupuis.mode == "commissionnaire" and dupuis.losses_borne_by == "cafe"
    with pytest.raises(BadInput):
        cafe.producers.add_producer(nadia, ProducerDraft("Trop cher", 12_000))
    # Deposits: eggs in two lots (the first expires on 10 May), cheese in one lot.
    d1 = cafe.producers.deposit(nadia, "Ferme du Pré", [
        DepositItem("Oeufs bio x6", 4, 320, "L1", "2026-05-10"),
        DepositItem("Oeufs bio x6", 10, 320, "L2", "2026-05-25"),
        DepositItem("Miel de fleurs 500 g", 6, 850, "M1", "2027-05-01", "ddm")])
    d2 = cafe.producers.deposit(nadia, "Fromagerie Dupuis", [DepositItem("Tomme fermière", 5, 1235, "T1",
                                                                         "2026-05-30")])
    assert (d1.number, d2.number) == (1, 2)
    for bad in (DepositItem("Sans prix", 3, None), DepositItem("Négatif", -2, 100),
                DepositItem("Périmé", 2, 100, "X", "2026-05-01")):
        with pytest.raises(BadInput):
            cafe.producers.deposit(nadia, "Ferme du Pré", [bad])

    cafe.till.open(nadia, parse_count("20x5"))
    eggs = cafe.catalog.resolve("Oeufs bio x6")
    honey = cafe.catalog.resolve("Miel de fleurs 500 g")
    tomme = cafe.catalog.resolve("Tomme fermière")
    assert eggs.vat_on_site_bp == eggs.vat_take_away_bp == 550 and eggs.producer_id == pre.id

    # 5 May: 6 boxes of eggs, the 4 of lot L1 (first expiring) then 2 of L2; a coffee on the same ticket.
    at(clock, 5, 10)
    coffee = cafe.catalog.resolve("Café")
    t1 = cafe.sales.ring_up(paul, [BasketItem(eggs.id, 6), BasketItem(coffee.id, 1)], SaleMode.TAKE_AWAY,
                            [Payment(PaymentMethod.CASH, 2100)])
    line = t1.payload["lines"][0]
    assert line["label"] == "Oeufs bio x6 (Ferme du Pré)" and line["lots"] == [{"lot": "L1", "qty": 4},
                                                                            {"lot": "L2", "qty": 2}]
    assert line["party"] == {"id": f"producer:{pre.id}", "name": "Ferme du Pré", "agent": True}
    # The agent sale is money held for the producer: out of the café's VAT table, in third_party.
    assert t1.payload["vat"] == [{"rate_bp": 1000, "ht_cents": 118, "vat_cents": 12, "ttc_cents": 130}]
    assert t1.payload["third_party"] == [{"party": f"producer:{pre.id}", "name": "Ferme du Pré",
                                          "amount_cents": 1920, "vat": [{"rate_bp": 550, "ht_cents": 1820,
                                                                         "vat_cents": 100, "ttc_cents": 1920}]}]
    receipt = cafe.printing.receipt(t1).text()
    assert "Oeufs bio x6 (Ferme du" in receipt and "* Vendu au nom et pour le compte de :" in receipt
    assert any(row.startswith("  Ferme du Pré") and row.rstrip().endswith("19,20") for row in receipt.splitlines())
    # Cheese sold by the café in its own name: turnover at 5.5 %.
    t2 = cafe.sales.ring_up(paul, [BasketItem(tomme.id, 2), BasketItem(honey.id, 1)], SaleMode.TAKE_AWAY,
                            [Payment(PaymentMethod.CARD, 2470 + 850)])
    assert t2.payload["vat"] == [{"rate_bp": 550, "ht_cents": 2341, "vat_cents": 129, "ttc_cents": 2470}]
    with pytest.raises(Refused, match="Only 3 left"):
        cafe.sales.ring_up(paul, [BasketItem(tomme.id, 4)], SaleMode.TAKE_AWAY, [Payment(PaymentMethod.CARD, 4940)])
    at(clock, 5, 21)
    z = cafe.closings.close_session(nadia, CloseCount(cash=parse_count("20x5,10x1,5x1,2x2,1x1,0.50x1"), tabs="keep",
                                                      card_terminal_cents=3320))
    assert z is not None
    assert z.payload["total_cents"] == 130 + 2470             # the café's own turnover
    assert z.payload["third_party_cents"] == 1920 + 850       # held for Ferme du Pré
    assert z.payload["third_party"] == {f"producer:{pre.id}": {"name": "Ferme du Pré", "amount_cents": 2770}}
    assert z.payload["payments"]["cash"] + z.payload["payments"]["card"] == 2050 + 3320

    # 12 May: lot L1 is past (none left anyway); a return and a loss; cancel a sale (stock comes back).
    at(clock, 12, 10)
    t3 = cafe.sales.ring_up(paul, [BasketItem(eggs.id, 3)], SaleMode.TAKE_AWAY, [Payment(PaymentMethod.CARD, 960)])
    assert t3.payload["lines"][0]["lots"] == [{"lot": "L2", "qty": 3}]
    cafe.sales.cancel(nadia, t3.number, "client a changé d'avis")
    cafe.producers.give_back(nadia, "Ferme du Pré", "Oeufs bio x6", 2, "cassés", kind="loss")
    cafe.producers.give_back(nadia, "Fromagerie Dupuis", "Tomme fermière", 1, "moisie", kind="loss")
    cafe.producers.give_back(nadia, "Ferme du Pré", "Miel de fleurs 500 g", 2, "fin de dépôt", kind="return")

    # 27 May: L2 (25 May) is past its use-by date: the 6 boxes left cannot be sold.
    at(clock, 27, 9)
    cafe.closings.close_day(nadia, "2026-05-12")  # left open on the 12th: closed without a count
    at(clock, 27, 10)
    with pytest.raises(Refused, match="use-by"):
        cafe.sales.ring_up(paul, [BasketItem(eggs.id, 1)], SaleMode.TAKE_AWAY, [Payment(PaymentMethod.CASH, 320)])
    cafe.producers.give_back(nadia, "Ferme du Pré", "Oeufs bio x6", 6, "DLC dépassée", kind="loss")
    at(clock, 27, 21)
    cafe.closings.close_session(nadia, CloseCount(cash=parse_count("20x5"), tabs="keep", card_terminal_cents=0))

    # Statements for May, issued on 1 June.
    at(clock, 1, 10, month=6)
    st = cafe.statements.issue(nadia, "Ferme du Pré", "2026-05")
    gross = 1920 + 850                                        # 6 eggs + 1 honey; the 3 cancelled eggs net to zero
    ttc = div_half_up(gross * 2000, 10_000)                   # 554
    vat = div_half_up(ttc * 2000, 12_000)                     # 92
    assert (st["gross_cents"], st["commission_ttc_cents"], st["commission_vat_cents"],
            st["commission_ht_cents"], st["net_due_cents"]) == (gross, ttc, vat, ttc - vat, gross - ttc)
    by_lot = {(x["label"], x["lot"]): x for x in st["lines"]}
    assert (by_lot[("Oeufs bio x6", "L1")]["sold_qty"], by_lot[("Oeufs bio x6", "L1")]["amount_cents"]) == (4, 1280)
    l2 = by_lot[("Oeufs bio x6", "L2")]
    assert (l2["deposited_qty"], l2["sold_qty"], l2["lost_qty"], l2["closing_qty"]) == (10, 2, 8, 0)
    assert by_lot[("Miel de fleurs 500 g", "M1")]["returned_qty"] == 2
    assert by_lot[("Miel de fleurs 500 g", "M1")]["closing_qty"] == 3
    assert st["number"] == 1 and st["invoice"]["number"] == "FC-000001"
    with pytest.raises(Refused, match="already issued"):
        cafe.statements.issue(nadia, "Ferme du Pré", "2026-05")

    cheese = cafe.statements.issue(nadia, "Fromagerie Dupuis", "2026-05")
    c = commission(2470, 2500)
    assert cheese["commission_ttc_cents"] == c.ttc_cents
    assert cheese["cafe_losses_cents"] == 1235                # the café bears losses under this contract
    assert cheese["net_due_cents"] == 2470 - c.ttc_cents + 1235

    # Payouts: more than owed is refused unless confirmed as an advance; cash comes out of the drawer.
    with pytest.raises(Refused, match="advance"):
        cafe.statements.payout(nadia, "Ferme du Pré", st["net_due_cents"] + 100, "transfer")
    balance = cafe.statements.payout(nadia, "Ferme du Pré", st["net_due_cents"], "transfer")
    assert balance["balance_cents"] == 0 and balance["statements"][0]["paid"] is True
    cafe.till.open(nadia, parse_count("50x2"))
    cafe.statements.payout(nadia, "Fromagerie Dupuis", 1000, "cash")
    assert cafe.till.x_report()["session"]["pay_outs_cents"] == 1000
    assert cafe.statements.balance("Fromagerie Dupuis")["balance_cents"] == cheese["net_due_cents"] - 1000

    # A correction replaces the statement it corrects in the balance.
    corrected = cafe.statements.issue(nadia, "Ferme du Pré", "2026-05", correct=True)
    assert corrected["corrects"] == 1 and corrected["number"] == 3

    # Recall: every sale of lot L2, with its ticket.
    recall = [(m.kind, -m.qty, m.ticket_number) for m in cafe.producers.lot_sales("L2")]
    assert recall == [("sale", 2, 1), ("sale", 3, t3.number), ("cancel", -3, t3.number + 1)]
    assert cafe.verify().ok


def test_statement_cli_and_tampering(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "producer", "add", "Ferme du Pré", "--commission", "20").code == 0
    assert run(capsys, cafe_path, "producer", "add", "X", "--commission", "150").code == 2
    assert run(capsys, cafe_path, "deposit", "--producer", "Ferme du Pré", "--item",
               "Oeufs bio x6:10:3.20:L1:2099-12-31", "--item", "Confiture:5:4.50").code == 0
    assert run(capsys, cafe_path, "deposit", "--producer", "Ferme du Pré", "--item", "Oeufs:3").code == 2
    assert run(capsys, cafe_path, "deposit", "--producer", "Ferme du Pré", "--item", "Oeufs:-3:2").code == 2
    assert run(capsys, cafe_path, "sell", "--item", "Oeufs bio x6*3", "--pay", "cash").code == 0
    assert run(capsys, cafe_path, "sell", "--item", "Oeufs bio x6*30", "--pay", "cash").code == 2
    month = run(capsys, cafe_path, "ticket", "1", "--json").json["business_date"][:7]
    r = run(capsys, cafe_path, "statement", "--producer", "Ferme du Pré", "--month", month, "--issue", "--json",
            "--csv", str(tmp_path / "st.csv"))
    assert r.code == 0, r.err
    st = r.json
    assert st["number"] == 1 and st["gross_cents"] == 960 and st["net_due_cents"] == 960 - 192
    assert {(x["label"], x["lot"], x["sold_qty"], x["amount_cents"]) for x in st["lines"]} >= {
        ("Oeufs bio x6", "L1", 3, 960)}
    assert "sale," in (tmp_path / "st.csv").read_text()
    assert run(capsys, cafe_path, "statement", "--producer", "Ferme du Pré", "--month", month, "--issue").code == 2
    empty = run(capsys, cafe_path, "statement", "--producer", "Ferme du Pré", "--month", "2001-01", "--json").json
    assert empty["gross_cents"] == 0 and empty["lines"] == []
    assert run(capsys, cafe_path, "payout", "--producer", "Ferme du Pré", "--amount", "900", "--method",
               "transfer").code == 2
    assert run(capsys, cafe_path, "payout", "--producer", "Ferme du Pré", "--amount", "900", "--method", "transfer",
               "--advance").code == 0
    sales = run(capsys, cafe_path, "lot", "sales", "L1", "--json").json
    assert [(s["qty"], s["ticket"]) for s in sales] == [(3, 1)]
    assert run(capsys, cafe_path, "verify").code == 0
    conn = sqlite3.connect(cafe_path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE journal SET payload = replace(payload, '\"net_due_cents\":768', '\"net_due_cents\":900')"
                 " WHERE chain = 'events' AND payload LIKE '%\"type\":\"statement\"%'")
    conn.commit()
    conn.close()
    assert run(capsys, cafe_path, "verify").code == 1


def test_lots_left_with_their_dates(shop: Cafe, clock: FixedClock) -> None:
    nadia = shop.users.acting("Nadia")
    shop.producers.add_producer(nadia, ProducerDraft("Ferme du Pré", 2000))
    shop.producers.deposit(nadia, "Ferme du Pré", [DepositItem("Oeufs bio x6", 3, 320, "L1", "2026-05-06"),
                                                   DepositItem("Miel", 2, 850, "M1", "2026-05-05", "ddm")])
    at(clock, 8, 10)
    lots = {x.lot: (x.qty_left, x.expired, x.dlc_kind) for x in shop.producers.lots("Ferme du Pré")}
    assert lots == {"L1": (3, True, "dlc"), "M1": (2, False, "ddm")}  # a past best-before date may still be sold


def test_cheese_sold_by_weight_with_its_own_commission_rate(shop: Cafe, clock: FixedClock) -> None:
    """Comté cut to order: deposited in grams at a price per kg, sold by the gram from two lots, at the
    20 % rate of the "Fromages à la coupe" category while the rest of the producer's goods pay 25 %."""
    cafe = shop
    nadia, paul = cafe.users.acting("Nadia"), cafe.users.acting("Paul")
    cafe.producers.add_producer(nadia, ProducerDraft("Fromagerie Dupuis", 2500, "commissionnaire",
                                                     vat_number="fr 12 345678901",
                                                     rates=(("Fromages à la coupe", 2000),)))
    assert cafe.producers.producer("Fromagerie Dupuis").vat_number == "FR12345678901"
    cafe.producers.deposit(nadia, "Fromagerie Dupuis", [
        DepositItem("Comté", 1000, 2200, "C1", "2026-05-20", by_weight=True, category="Fromages à la coupe"),
        DepositItem("Comté", 1500, 2200, "C2", "2026-05-28", by_weight=True, category="Fromages à la coupe"),
        DepositItem("Faisselle", 6, 280, "F1", "2026-05-15")])
    with pytest.raises(BadInput, match="sold by weight"):  # the same product cannot come back in pieces
        cafe.producers.deposit(nadia, "Fromagerie Dupuis", [DepositItem("Comté", 3, 2200)])
    comte, faisselle = cafe.catalog.resolve("Comté"), cafe.catalog.resolve("Faisselle")
    assert comte.by_weight and comte.category == "Fromages à la coupe" and not faisselle.by_weight
    cafe.till.open(nadia, parse_count("20x5"))
    at(clock, 5, 10)
    with pytest.raises(BadInput, match="weigh it"):
        cafe.sales.ring_up(paul, [BasketItem(comte.id)], SaleMode.TAKE_AWAY, [Payment(PaymentMethod.CARD, 770)])
    with pytest.raises(BadInput, match="by the unit"):
        cafe.sales.ring_up(paul, [BasketItem(faisselle.id, weight_g=200)], SaleMode.TAKE_AWAY,
                           [Payment(PaymentMethod.CARD, 280)])
    # 350 g at 22.00 €/kg = 7.70 €; 1,200 g = 26.40 € taken 650 g from C1 (first expiring) and 550 g from C2.
    t1 = cafe.sales.ring_up(paul, [BasketItem(comte.id, weight_g=350)], SaleMode.TAKE_AWAY,
                            [Payment(PaymentMethod.CARD, 770)])
    line = t1.payload["lines"][0]
    assert (line["weight_g"], line["unit_price_cents"], line["amount_cents"]) == (350, 2200, 770)
    assert line["lots"] == [{"lot": "C1", "qty": 350}]
    receipt = cafe.printing.receipt(t1).text()
    assert "350 g x 22,00 €/kg" in receipt and "7,70" in receipt
    # 333 g × 22.00 = 7.326 → 7.33 (half-up to the cent), on the same ticket as a faisselle.
    t2 = cafe.sales.ring_up(paul, [BasketItem(comte.id, weight_g=1200), BasketItem(comte.id, weight_g=333),
                                   BasketItem(faisselle.id, 2)], SaleMode.TAKE_AWAY,
                            [Payment(PaymentMethod.CARD, 2640 + 733 + 560)])
    assert [x["amount_cents"] for x in t2.payload["lines"]] == [2640, 733, 560]
    assert t2.payload["lines"][0]["lots"] == [{"lot": "C1", "qty": 650}, {"lot": "C2", "qty": 550}]
    with pytest.raises(Refused, match="Only 617 g left"):
        cafe.sales.ring_up(paul, [BasketItem(comte.id, weight_g=700)], SaleMode.TAKE_AWAY,
                           [Payment(PaymentMethod.CARD, 1540)])
    taken = cafe.producers.give_back(nadia, "Fromagerie Dupuis", "Comté", 117, "croûte abîmée", "loss")
    assert taken == [{"lot": "C2", "qty": 117, "unit": "g"}]
    # Cancelling the 350 g ticket puts the grams back into C1.
    cafe.sales.cancel(nadia, t1.number, "erreur de pesée")
    lots = {x.lot: (x.qty_left, x.by_weight) for x in cafe.producers.lots("Fromagerie Dupuis")}
    assert lots == {"C1": (350, True), "C2": (500, True), "F1": (4, False)}

    at(clock, 2, 10, month=6)
    st = cafe.statements.issue(nadia, "Fromagerie Dupuis", "2026-05")
    by_lot = {x["lot"]: x for x in st["lines"]}
    assert by_lot["C1"]["unit"] == "g" and by_lot["C1"]["sold_qty"] == 650
    assert by_lot["C1"]["amount_cents"] + by_lot["C2"]["amount_cents"] == 2640 + 733
    # 26.40 € split between the lots in proportion of the grams: 650/1200 → 14.30, the rest 12.10 (+ 7.33 in C2).
    assert (by_lot["C1"]["amount_cents"], by_lot["C2"]["amount_cents"]) == (1430, 1210 + 733)
    assert by_lot["C2"]["lost_qty"] == 117 and by_lot["F1"]["unit"] == "unit"
    assert st["losses"][0]["value_cents"] == div_half_up(117 * 2200, 1000)  # 2.574 → 2.57, borne by the producer
    # Independent arithmetic: cheese 33.73 € at 20 %, faisselle 5.60 € at 25 %, each rounded on its own.
    cheese, fresh = 2640 + 733, 560
    c20, c25 = commission(cheese, 2000), commission(fresh, 2500)
    assert st["gross_cents"] == cheese + fresh
    assert st["commission_ttc_cents"] == c20.ttc_cents + c25.ttc_cents == 675 + 140
    assert st["commission_vat_cents"] == c20.vat_cents + c25.vat_cents
    assert st["net_due_cents"] == cheese + fresh - 815
    assert [(p["rate_bp"], p["gross_cents"]) for p in st["commission_by_rate"]] == [(2000, cheese), (2500, fresh)]
    assert st["contract"]["rates_by_category"] == {"Fromages à la coupe": 2000}
    assert st["producer"]["vat_number"] == "FR12345678901"


def test_weights_and_rates_on_the_command_line(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "producer", "add", "Fromagerie Dupuis", "--commission", "25",
               "--mode", "commissionnaire", "--rate", "Fromages=15").code == 0
    assert run(capsys, cafe_path, "producer", "add", "X", "--commission", "20", "--rate", "Fromages").code == 2
    assert run(capsys, cafe_path, "producer", "add", "Y", "--commission", "20", "--rate", "Fromages=120").code == 2
    assert run(capsys, cafe_path, "deposit", "--producer", "Fromagerie Dupuis", "--category", "Fromages", "--item",
               "Comté:2.5kg:22.00:C1:2099-12-31", "--item", "Tomme:1500g:18").code == 0
    assert run(capsys, cafe_path, "deposit", "--producer", "Fromagerie Dupuis", "--item", "Bleu:1.2345kg:20").code == 2
    r = run(capsys, cafe_path, "sell", "--item", "Comté@350g", "--item", "Tomme@0,25kg", "--pay", "card")
    assert r.code == 0, r.err
    assert "350 g" in r.out
    ticket = run(capsys, cafe_path, "ticket", "1", "--json").json
    assert [(x["weight_g"], x["amount_cents"]) for x in ticket["lines"]] == [(350, 770), (250, 450)]
    assert run(capsys, cafe_path, "sell", "--item", "Comté", "--pay", "card").code == 2       # not weighed
    assert run(capsys, cafe_path, "sell", "--item", "Comté@0g", "--pay", "card").code == 2
    assert run(capsys, cafe_path, "sell", "--item", "Comté@3kg", "--pay", "card").code == 2  # more than the stock
    assert run(capsys, cafe_path, "producer", "loss", "--producer", "Fromagerie Dupuis", "--item", "Tomme:0.1kg",
               "--reason", "moisie").code == 0
    r = run(capsys, cafe_path, "producer", "rate", "Fromagerie Dupuis", "--category", "Fromages", "--commission", "18",
            "--json")
    assert r.code == 0 and r.json["rates_by_category"] == {"Fromages": 1800}
    listed = run(capsys, cafe_path, "producer", "list", "--json").json[0]
    assert listed["rates_by_category"] == {"Fromages": 1800}
    assert {(p["label"], p["stock"], p["unit"]) for p in listed["products"]} == {("Comté", 2150, "g"),
                                                                               ("Tomme", 1150, "g")}
    month = ticket["business_date"][:7]
    st = run(capsys, cafe_path, "statement", "--producer", "Fromagerie Dupuis", "--month", month, "--json").json
    assert st["gross_cents"] == 1220 and st["commission_ttc_cents"] == commission(1220, 1800).ttc_cents
    assert {(x["label"], x["sold_qty"], x["unit"]) for x in st["lines"]} == {("Comté", 350, "g"), ("Tomme", 250, "g")}
    r = run(capsys, cafe_path, "producer", "rate", "Fromagerie Dupuis", "--category", "Fromages", "--main", "--json")
    assert r.json["rates_by_category"] == {}
    assert run(capsys, cafe_path, "verify").code == 0


def test_two_lines_of_one_product_share_its_stock(shop: Cafe) -> None:
    """Each line takes from what the lines before it left: 4 + 4 eggs cannot come out of 6."""
    nadia = shop.users.acting("Nadia")
    shop.producers.add_producer(nadia, ProducerDraft("Ferme du Pré", 2000))
    shop.producers.deposit(nadia, "Ferme du Pré", [DepositItem("Oeufs bio x6", 6, 320, "L1", "2026-05-30")])
    eggs = shop.catalog.resolve("Oeufs bio x6")
    with pytest.raises(Refused, match="Only 2 left"):
        shop.sales.ring_up(nadia, [BasketItem(eggs.id, 4), BasketItem(eggs.id, 4)], SaleMode.TAKE_AWAY,
                           [Payment(PaymentMethod.CARD, 2560)])
    t = shop.sales.ring_up(nadia, [BasketItem(eggs.id, 4), BasketItem(eggs.id, 2)], SaleMode.TAKE_AWAY,
                           [Payment(PaymentMethod.CARD, 1920)])
    assert [x["lots"] for x in t.payload["lines"]] == [[{"lot": "L1", "qty": 4}], [{"lot": "L1", "qty": 2}]]

"""Subcommands for local producers on consignment: producers, deposits, returns and losses, statements, payouts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cafepos.bootstrap import open_cafe
from cafepos.cli.output import Out
from cafepos.domain.errors import N_, BadInput
from cafepos.domain.money import parse_amount, parse_rate_bp
from cafepos.domain.weight import has_unit, parse_grams
from cafepos.services.catalog import rate_text

if TYPE_CHECKING:  # imported where used: the counter's start imports this module, never these
    from cafepos.services.consignment import DepositItem

Args = argparse.Namespace


def register(cmd: Any, sub: Any) -> None:
    producer = sub.add_parser("producer", help="local producers on consignment").add_subparsers(dest="action",
                                                                                                required=True)
    p = cmd("add", cmd_producer_add, "add a producer and the terms of the deposit contract", producer)
    p.add_argument("name")
    p.add_argument("--commission", required=True, help="commission rate in %%, like 20")
    p.add_argument("--mode", choices=["agent", "commissionnaire"], default="agent")
    p.add_argument("--siret", default="")
    p.add_argument("--address", default="")
    p.add_argument("--vat-status", choices=["vat", "franchise", "flat_rate"], default="flat_rate")
    p.add_argument("--commission-ht", action="store_true", help="the rate gives the commission HT (VAT on top)")
    p.add_argument("--payment-days", type=int, default=30)
    p.add_argument("--losses", choices=["producer", "cafe"], default="producer", help="who bears losses")
    p.add_argument("--contact", default="")
    p.add_argument("--vat-number", default="", help="the producer's intra-EU VAT number, for the invoice")
    p.add_argument("--rate", action="append", default=[], metavar="CATEGORY=PERCENT",
                   help="a commission rate for one category of goods (repeat for each)")
    p.add_argument("--operator")
    p = cmd("rate", cmd_producer_rate, "set (or drop) the commission rate of one category of a producer's goods",
            producer)
    p.add_argument("name")
    p.add_argument("--category", required=True)
    rate = p.add_mutually_exclusive_group(required=True)
    rate.add_argument("--commission", help="the category's rate in %%, like 15")
    rate.add_argument("--main", action="store_true", help="back to the producer's main rate")
    p.add_argument("--operator")
    cmd("list", cmd_producer_list, "list producers, their stock and what they are owed", producer)
    for action in ("return", "loss"):
        p = cmd(action, cmd_give_back, f"record a {action} of a producer's goods", producer)
        p.add_argument("--producer", required=True)
        p.add_argument("--item", required=True, metavar="LABEL:QTY",
                       help="QTY in pieces, or for goods sold by weight in grams (350 or 350g) or kg (0.35kg)")
        p.add_argument("--reason", required=True)
        p.add_argument("--lot")
        p.add_argument("--operator")
        p.set_defaults(kind=action)
    p = cmd("balance", cmd_balance, "what the café owes a producer, statement by statement", producer)
    p.add_argument("name")

    p = cmd("deposit", cmd_deposit, "record a deposit sheet (bon de dépôt)")
    p.add_argument("--producer", required=True)
    p.add_argument("--item", action="append", required=True, metavar="LABEL:QTY:PRICE[:LOT[:DLC]]",
                   help="QTY in pieces; a weight (2500g or 2.5kg) makes the product sold by weight, PRICE then per kg")
    p.add_argument("--category", help="the sale screen's category for new products (default: the producers')")
    p.add_argument("--vat", default="5.5", help="VAT rate of the goods (5.5 for farm food, 20 for cider or wine)")
    p.add_argument("--alcohol", action="store_true")
    p.add_argument("--ddm", action="store_true", help="the dates are best-before dates (DDM), not use-by (DLC)")
    p.add_argument("--pdf", metavar="FILE")
    p.add_argument("--print", action="store_true", help="print the deposit sheet on the receipt printer")
    p.add_argument("--operator")

    p = cmd("statement", cmd_statement, "a producer's statement for a month (relevé de dépôt-vente)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--producer")
    who.add_argument("--all", action="store_true", help="every producer, files into --out")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--pdf", metavar="FILE")
    p.add_argument("--csv", metavar="FILE")
    p.add_argument("--out", metavar="DIR")
    p.add_argument("--issue", action="store_true", help="freeze it: a numbered, signed statement and invoice")
    p.add_argument("--correct", action="store_true", help="issue a correction of the statement already issued")
    p.add_argument("--operator")

    p = cmd("payout", cmd_payout, "record a payment to a producer")
    p.add_argument("--producer", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--method", required=True, choices=["transfer", "cheque", "cash"])
    p.add_argument("--advance", action="store_true", help="confirm a payment above what is owed (an advance)")
    p.add_argument("--operator")

    lot = sub.add_parser("lot", help="lots of producers' goods").add_subparsers(dest="action", required=True)
    p = cmd("sales", cmd_lot_sales, "every sale from a lot (for a recall)", lot)
    p.add_argument("lot")


def cmd_producer_add(args: Args, out: Out) -> int:
    from cafepos.services.consignment import ProducerDraft

    _ = out._
    rates = []
    for text in args.rate:
        category, sep, percent = text.rpartition("=")
        if not sep or not category.strip():
            raise BadInput(N_("“{text}”: write CATEGORY=PERCENT, like Fromages=15."), text=text)
        rates.append((category.strip(), parse_rate_bp(percent)))
    draft = ProducerDraft(args.name, parse_rate_bp(args.commission), args.mode, args.siret, args.address,
                          args.vat_status, not args.commission_ht, args.payment_days, args.losses, args.contact,
                          args.vat_number, tuple(rates))
    with open_cafe(args.db) as cafe:
        row = cafe.producers.add_producer(cafe.users.acting(args.operator), draft)
    if out.as_json:
        out.json({"id": row.id, "name": row.name, "mode": row.mode, "commission_bp": row.commission_bp})
    else:
        out.text(_("Producer {name} added.").format(name=row.name))
    return 0


def cmd_producer_rate(args: Args, out: Out) -> int:
    _ = out._
    rate = None if args.main else parse_rate_bp(args.commission)
    with open_cafe(args.db) as cafe:
        rates = cafe.producers.set_rate(cafe.users.acting(args.operator), args.name, args.category, rate)
    if out.as_json:
        out.json({"producer": args.name, "rates_by_category": rates})
    else:
        out.text(_("Commission rates of {name} by category: {rates}.").format(
            name=args.name, rates=", ".join(f"{c} {rate_text(r)} %" for c, r in rates.items()) or "-"))
    return 0


def cmd_producer_list(args: Args, out: Out) -> int:
    with open_cafe(args.db) as cafe:
        rows = []
        for p in cafe.producers.producers():
            stock = cafe.producers.products_of(p.name)
            balance = cafe.statements.balance(p.name)
            rows.append({"id": p.id, "name": p.name, "mode": p.mode, "commission_bp": p.commission_bp,
                         "rates_by_category": cafe.producers.rates(p.name), "siret": p.siret,
                         "vat_number": p.vat_number, "losses_borne_by": p.losses_borne_by,
                         "products": [{"label": prod.label, "price_cents": prod.price_cents, "stock": left,
                                       "expired": expired, "unit": "g" if prod.by_weight else "unit"}
                                      for prod, left, expired in stock],
                         "balance_cents": balance["balance_cents"]})
    if out.as_json:
        out.json(rows)
        return 0
    for r in rows:
        rate = rate_text(r["commission_bp"])
        out.text(f"{r['name']:<28} {r['mode']:<16} {rate:>5} %  {out.fmt.money(r['balance_cents'])}")
        for category, bp in r["rates_by_category"].items():
            out.text(f"    {category:<30} {rate_text(bp):>5} %")
        for prod in r["products"]:
            weighed = prod["unit"] == "g"
            unit = " g" if weighed else ""
            price = out.fmt.money(prod["price_cents"]) + ("/kg" if weighed else "")
            out.text(f"    {prod['label']:<30} {price:>13}  stock {prod['stock']}{unit}"
                     + (f" (+{prod['expired']}{unit} DLC)" if prod["expired"] else ""))
    return 0


def _label_qty(text: str) -> tuple[str, int]:
    """LABEL:QTY; a weight with its unit (300g, 0.3kg) is turned into grams, a bare number is taken as it is
    (pieces, or grams for goods sold by weight)."""
    label, sep, qty = text.rpartition(":")
    if sep and label.strip() and has_unit(qty):
        return label.strip(), parse_grams(qty)
    if not sep or not qty.strip().isdigit() or not label.strip():
        raise BadInput(N_("“{text}”: write LABEL:QTY with a whole quantity."), text=text)
    return label.strip(), int(qty)


def cmd_give_back(args: Args, out: Out) -> int:
    _ = out._
    label, qty = _label_qty(args.item)
    with open_cafe(args.db) as cafe:
        taken = cafe.producers.give_back(cafe.users.acting(args.operator), args.producer, label, qty, args.reason,
                                         args.kind, args.lot)
    if out.as_json:
        out.json({"kind": args.kind, "lots": taken})
    else:
        out.text(_("Recorded: {qty} × {label}.").format(qty=" + ".join(
            f"{t['qty']} g" if t.get("unit") == "g" else str(t["qty"]) for t in taken), label=label))
    return 0


def parse_deposit_item(text: str, ddm: bool, category: str | None = None) -> DepositItem:
    from cafepos.services.consignment import DepositItem

    parts = text.split(":")
    if len(parts) < 3 or len(parts) > 5:
        raise BadInput(N_("“{text}”: write LABEL:QTY:PRICE[:LOT[:DLC]]."), text=text)
    label, qty, price = parts[0], parts[1].strip(), parts[2].strip()
    by_weight = has_unit(qty)
    if by_weight:
        qty = str(parse_grams(qty))
    if not qty.lstrip("-").isdigit():
        raise BadInput(N_("“{text}”: the quantity must be a whole number."), text=text)
    if int(qty) <= 0:
        raise BadInput(N_("“{label}”: the quantity must be a whole number more than zero."), label=label)
    price_cents = parse_amount(price, allow_zero=False) if price else None
    lot = parts[3].strip() or None if len(parts) > 3 else None
    dlc = parts[4].strip() or None if len(parts) > 4 else None
    return DepositItem(label, int(qty), price_cents, lot, dlc, "ddm" if ddm else "dlc", by_weight, category)


def cmd_deposit(args: Args, out: Out) -> int:
    _ = out._
    items = [parse_deposit_item(i, args.ddm, args.category) for i in args.item]
    with open_cafe(args.db) as cafe:
        deposit = cafe.producers.deposit(cafe.users.acting(args.operator), args.producer, items,
                                         parse_rate_bp(args.vat), args.alcohol)
        if args.pdf:
            from cafepos.adapters.statement_pdf import write_deposit_pdf

            write_deposit_pdf(cafe, deposit, args.pdf)
        if args.print:
            from cafepos.adapters.receipt_printer import receipt_format
            from cafepos.adapters.statement_pdf import consignment_labels
            from cafepos.domain.consignment_text import deposit_lines

            settings = cafe.settings.get()
            cafe.printing.print_lines(deposit_lines(
                deposit, settings.printer_width, receipt_format(settings.language),
                consignment_labels(settings.language), {**settings.cafe_identity, "siret": settings.siret}))
    if out.as_json:
        out.json({"number": deposit.number, "producer": deposit.producer.name, "date": deposit.business_date,
                  "lines": deposit.lines})
    else:
        out.text(_("Deposit n°{number} recorded for {producer}.").format(number=deposit.number,
                                                                        producer=deposit.producer.name))
    return 0


def statement_json(st: dict[str, Any]) -> dict[str, Any]:
    return {k: st[k] for k in ("number", "period", "gross_cents", "commission_ht_cents", "commission_vat_cents",
                               "commission_ttc_cents", "net_due_cents", "lines", "payment_due", "cafe_losses_cents",
                               "producer", "contract", "commission_by_rate")} | {
        "corrects": st.get("corrects"), "invoice": st.get("invoice"), "credit_note": st.get("credit_note")}


def cmd_statement(args: Args, out: Out) -> int:
    _ = out._
    with open_cafe(args.db) as cafe:
        operator = cafe.users.acting(args.operator)
        names = [p.name for p in cafe.producers.producers()] if args.all else [args.producer]
        if args.all and not args.out:
            raise BadInput(N_("With --all, give the folder for the files with --out DIR."))
        done = []
        for name in names:
            if args.issue:
                st = cafe.statements.issue(operator, name, args.month, correct=args.correct)
            else:
                st = cafe.statements.compute(name, args.month)
            done.append(st)
            pdf, csv_path = args.pdf, args.csv
            if args.all:
                folder = Path(args.out)
                folder.mkdir(parents=True, exist_ok=True)
                stem = f"releve-{args.month}-{_slug(name)}"
                pdf, csv_path = str(folder / f"{stem}.pdf"), str(folder / f"{stem}.csv")
            if pdf:
                from cafepos.adapters.statement_pdf import write_statement_pdf

                write_statement_pdf(cafe, st, pdf)
            if csv_path:
                from cafepos.cli.commands import _write_text
                from cafepos.services.statements import statement_csv

                _write_text(csv_path, statement_csv(st))
    if out.as_json:
        out.json([statement_json(s) for s in done] if args.all else statement_json(done[0]))
        return 0
    for st in done:
        number = st["number"] if st["number"] is not None else _("not issued")
        out.text(_("Statement {number} — {producer} — {month}").format(number=number, producer=st["producer"]["name"],
                                                                       month=st["period"]))
        out.text(_("  gross sales {gross}, commission {ttc} (HT {ht}, VAT {vat}), net due {net}").format(
            gross=out.fmt.money(st["gross_cents"]), ttc=out.fmt.money(st["commission_ttc_cents"]),
            ht=out.fmt.money(st["commission_ht_cents"]), vat=out.fmt.money(st["commission_vat_cents"]),
            net=out.fmt.money(st["net_due_cents"])))
    return 0


def _slug(name: str) -> str:
    return "".join(c.lower() if c.isalnum() else "-" for c in name).strip("-")


def cmd_payout(args: Args, out: Out) -> int:
    _ = out._
    amount = parse_amount(args.amount, allow_zero=False)
    with open_cafe(args.db) as cafe:
        balance = cafe.statements.payout(cafe.users.acting(args.operator), args.producer, amount, args.method,
                                         args.advance)
    if out.as_json:
        out.json(balance)
    else:
        out.text(_("Paid {amount} to {producer}; balance {balance}.").format(
            amount=out.fmt.money(amount), producer=balance["producer"],
            balance=out.fmt.money(balance["balance_cents"])))
    return 0


def cmd_balance(args: Args, out: Out) -> int:
    with open_cafe(args.db) as cafe:
        balance = cafe.statements.balance(args.name)
    if out.as_json:
        out.json(balance)
    else:
        out.text(f"{balance['producer']}: {out.fmt.money(balance['balance_cents'])}")
        for st in balance["statements"]:
            out.text(f"  {st['period']} n°{st['number']} {out.fmt.money(st['net_due_cents'])}"
                     + (" ✓" if st["paid"] else ""))
    return 0


def cmd_lot_sales(args: Args, out: Out) -> int:
    with open_cafe(args.db) as cafe:
        moves = cafe.producers.lot_sales(args.lot)
    rows = [{"date": m.business_date, "time": m.timestamp[11:19], "qty": -m.qty, "ticket": m.ticket_number,
             "till": m.till, "label": m.label, "kind": m.kind} for m in moves]
    if out.as_json:
        out.json(rows)
    else:
        for r in rows:
            out.text(f"{r['date']} {r['time']}  {r['qty']:>4} × {r['label']}  T{r['till']}-{r['ticket']:06d}")
    return 0

"""Subcommands for the café's daily administration: init, demo, catalogue, operators, selling, cancelling."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cafepos.bootstrap import Cafe, open_cafe
from cafepos.cli import audit_commands, producer_commands, till_commands
from cafepos.cli.output import Out
from cafepos.domain.errors import N_, BadInput
from cafepos.domain.money import parse_amount, parse_rate_bp
from cafepos.domain.ticket import MAX_QTY, Payment, PaymentMethod, SaleMode, ticket_label, weighed_cents
from cafepos.domain.weight import parse_grams
from cafepos.services.catalog import ProductDraft, rate_text
from cafepos.services.sales import BasketItem, SignedTicket

Args = argparse.Namespace


@contextmanager
def cafe_of(args: Args, create: bool = False) -> Iterator[Cafe]:
    cafe = open_cafe(args.db, create=create)
    try:
        yield cafe
    finally:
        cafe.close()


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    def cmd(name: str, handler: Any, help_text: str, parent: Any = sub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(handler=handler)
        return p

    p = cmd("init", cmd_init, "create a new café database with its first manager")
    p.add_argument("--name", default="Mon café")
    p.add_argument("--address", default="")
    p.add_argument("--siret", default="")
    p.add_argument("--vat-number", default="")
    p.add_argument("--till", default="1")
    p.add_argument("--manager", default="Gérant", help="name of the first manager")
    p.add_argument("--pin", default=None, help="the first manager's PIN (4 to 8 digits)")

    p = cmd("demo", cmd_demo, "create a demo café, optionally with N days of past trading")
    p.add_argument("--days", type=int, default=0)
    p.add_argument("--per-day", type=int, default=120, help="average tickets a day in the generated history")
    p.add_argument("--seed", type=int, default=2026)

    catalog = sub.add_parser("catalog", help="the catalogue of products").add_subparsers(dest="action", required=True)
    cmd("list", cmd_catalog_list, "list the products", catalog)
    p = cmd("import", cmd_catalog_import, "add or update products from a CSV file", catalog)
    p.add_argument("csv")
    p.add_argument("--operator")
    p = cmd("export", cmd_catalog_export, "write the catalogue to a CSV file", catalog)
    p.add_argument("csv")
    p = cmd("add", cmd_catalog_add, "add a product", catalog)
    p.add_argument("--label", required=True)
    p.add_argument("--price", required=True, help="price TTC, like 2.50")
    p.add_argument("--vat-on-site", required=True, help="VAT rate on site, like 10")
    p.add_argument("--vat-take-away", required=True, help="VAT rate to take away, like 5.5")
    p.add_argument("--barcode")
    p.add_argument("--category")
    p.add_argument("--alcohol", action="store_true")
    p.add_argument("--no-voucher", action="store_true", help="meal vouchers may not pay for it")
    p.add_argument("--operator")

    user = sub.add_parser("user", help="operators and their PINs").add_subparsers(dest="action", required=True)
    p = cmd("add", cmd_user_add, "add an operator", user)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["manager", "staff"])
    p.add_argument("--pin", required=True)
    p.add_argument("--operator")
    cmd("list", cmd_user_list, "list the operators", user)

    p = cmd("sell", cmd_sell, "ring up a sale")
    p.add_argument("--item", action="append", required=True, metavar="REF[*QTY]",
                   help="a product id, barcode or exact label, optionally *QTY; goods sold by weight take @WEIGHT "
                        "(Comté@350g, Pommes@1.2kg); repeat for each line")
    p.add_argument("--mode", choices=["on-site", "take-away"], default="on-site")
    p.add_argument("--pay", action="append", required=True, metavar="METHOD[:AMOUNT]",
                   help="cash, card, cheque or voucher, with an amount (the rest due when omitted)")
    p.add_argument("--operator")
    p.add_argument("--print", action="store_true", help="print the receipt on the café's printer")

    p = cmd("cancel", cmd_cancel, "cancel a paid ticket with a cancelling ticket (manager)")
    p.add_argument("number", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--operator")

    p = cmd("ticket", cmd_ticket, "show a ticket exactly as it was signed")
    p.add_argument("number", type=int)

    setting = sub.add_parser("settings", help="the café's settings").add_subparsers(dest="action", required=True)
    cmd("show", cmd_settings_show, "show the settings", setting)
    p = cmd("set", cmd_settings_set, "change settings: KEY=VALUE ...", setting)
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.add_argument("--operator")

    audit_commands.register(cmd, sub)
    till_commands.register(cmd, sub)
    producer_commands.register(cmd, sub)


# -- init and demo -------------------------------------------------------------------------------------------
def cmd_init(args: Args, out: Out) -> int:
    _ = out._
    from cafepos.services.settings import Settings

    if not args.pin:
        raise BadInput(N_("Give the first manager's PIN with --pin (4 to 8 digits)."))
    with cafe_of(args, create=True) as cafe:
        if cafe.users.list():
            raise BadInput(N_("This café is already set up: its database exists at {path}."), path=str(cafe.paths.db))
        manager = cafe.users.add(None, args.manager, "manager", args.pin)
        cafe.settings.update(manager, {"cafe_name": args.name, "cafe_address": args.address, "siret": args.siret,
                                       "vat_number": args.vat_number, "till": args.till})
        settings: Settings = cafe.settings.get()
        if out.as_json:
            out.json({"db": str(cafe.paths.db), "cafe_uuid": settings.cafe_uuid, "manager": manager.name})
        else:
            out.text(_("Café “{name}” created in {path}.").format(name=settings.cafe_name, path=cafe.paths.db))
    return 0


def cmd_demo(args: Args, out: Out) -> int:
    _ = out._
    from cafepos.services import demo

    if args.days < 0 or args.days > 3660:
        raise BadInput(N_("--days is a number of days from 0 to 3660."))
    if args.db and Path(args.db).exists():
        raise BadInput(N_("{path} already exists: the demo makes a new café, give another --db."), path=args.db)
    cafe = open_cafe(args.db, create=True, durable=args.days == 0)
    try:
        summary = demo.create(cafe.journal, cafe.settings, cafe.users, cafe.catalog, cafe.sales, cafe.closings,
                              days=args.days, consignment=cafe.producers,
                              per_day=args.per_day, seed=args.seed)
    finally:
        cafe.close()
    if args.days:
        # The history was written without a flush per ticket; reopen durably so the anchor and WAL are settled.
        open_cafe(args.db).close()
    if out.as_json:
        out.json(summary)
    else:
        out.text(_("Demo café created in {path}: {products} products, {tickets} tickets.").format(
            path=cafe.paths.db, products=summary["products"], tickets=summary["tickets"]))
        out.text(_("Operators: {operators}.").format(operators=", ".join(
            f"{o['name']} ({o['role']}, PIN {o['pin']})" for o in summary["operators"])))
    return 0


# -- catalogue -----------------------------------------------------------------------------------------------
def cmd_catalog_list(args: Args, out: Out) -> int:
    with cafe_of(args) as cafe:
        products = cafe.catalog.products(active_only=False)
    if out.as_json:
        out.json([{"id": p.id, "label": p.label, "category": p.category, "price_cents": p.price_cents,
                   "vat_on_site_bp": p.vat_on_site_bp, "vat_take_away_bp": p.vat_take_away_bp, "barcode": p.barcode,
                   "active": p.active, "alcohol": p.alcohol, "voucher_ok": p.voucher_ok} for p in products])
        return 0
    for p in products:
        flags = ("" if p.active else " [inactif]") + (" [alcool]" if p.alcohol else "")
        out.text(f"{p.id:>4}  {p.label:<32} {out.fmt.money(p.price_cents):>10}  "
                 f"{rate_text(p.vat_on_site_bp):>4}/{rate_text(p.vat_take_away_bp):<4} % "
                 f" {p.category or '':<16}{p.barcode or ''}{flags}")
    return 0


def cmd_catalog_import(args: Args, out: Out) -> int:
    _ = out._
    text = _read_text(args.csv)
    with cafe_of(args) as cafe:
        added, updated = cafe.catalog.import_csv(cafe.users.acting(args.operator), text)
    if out.as_json:
        out.json({"added": added, "updated": updated})
    else:
        out.text(_("{added} products added, {updated} updated.").format(added=added, updated=updated))
    return 0


def cmd_catalog_export(args: Args, out: Out) -> int:
    _ = out._
    with cafe_of(args) as cafe:
        text = cafe.catalog.export_csv()
    _write_text(args.csv, text)
    if not out.as_json:
        out.text(_("Catalogue written to {path}.").format(path=args.csv))
    return 0


def cmd_catalog_add(args: Args, out: Out) -> int:
    _ = out._
    draft = ProductDraft(label=args.label, price_cents=parse_amount(args.price),
                         vat_on_site_bp=parse_rate_bp(args.vat_on_site),
                         vat_take_away_bp=parse_rate_bp(args.vat_take_away),
                         category=args.category, barcode=args.barcode, alcohol=args.alcohol,
                         voucher_ok=not args.no_voucher)
    with cafe_of(args) as cafe:
        product = cafe.catalog.add(cafe.users.acting(args.operator), draft)
    if out.as_json:
        out.json({"id": product.id, "label": product.label, "price_cents": product.price_cents})
    else:
        out.text(_("Product {id} added: {label}.").format(id=product.id, label=product.label))
    return 0


# -- operators -----------------------------------------------------------------------------------------------
def cmd_user_add(args: Args, out: Out) -> int:
    _ = out._
    with cafe_of(args) as cafe:
        acting = cafe.users.acting(args.operator) if cafe.users.list() else None
        op = cafe.users.add(acting, args.name, args.role, args.pin)
    if out.as_json:
        out.json({"id": op.id, "name": op.name, "role": str(op.role)})
    else:
        out.text(_("Operator {name} added ({role}).").format(name=op.name, role=op.role))
    return 0


def cmd_user_list(args: Args, out: Out) -> int:
    with cafe_of(args) as cafe:
        users = cafe.users.list()
    if out.as_json:
        out.json([{"id": u.id, "name": u.name, "role": u.role} for u in users])
    else:
        for u in users:
            out.text(f"{u.id:>3}  {u.name:<24} {u.role}")
    return 0


# -- selling -------------------------------------------------------------------------------------------------
def parse_item(text: str) -> tuple[str, int, int | None]:
    """REF, REF*QTY or REF@WEIGHT: what to sell, how many, and for goods sold by weight how many grams."""
    if "@" in text:
        ref, _, tail = text.rpartition("@")
        if not ref.strip():
            raise BadInput(N_("“{item}” names no product."), item=text)
        return ref, 1, parse_grams(tail)
    ref, qty = text, 1
    if "*" in text:
        head, _, tail = text.rpartition("*")
        if not tail.strip().lstrip("-").isdigit():
            raise BadInput(N_("“{item}”: the quantity after * must be a whole number."), item=text)
        ref, qty = head, int(tail)
    if not 1 <= qty <= MAX_QTY:
        raise BadInput(N_("Quantity {qty} is not possible: type a whole number from 1 to 999."), qty=qty)
    if not ref.strip():
        raise BadInput(N_("“{item}” names no product."), item=text)
    return ref, qty, None


def parse_payments(specs: list[str], total_cents: int) -> list[Payment]:
    payments: list[Payment] = []
    for i, spec in enumerate(specs):
        method_text, _, amount_text = spec.partition(":")
        try:
            method = PaymentMethod(method_text.strip().lower())
        except ValueError:
            raise BadInput(N_("“{method}” is not a payment method: use cash, card, cheque or voucher."),
                           method=method_text) from None
        if amount_text:
            amount = parse_amount(amount_text, allow_zero=False)
        else:
            if i != len(specs) - 1:
                raise BadInput(N_("Only the last payment may leave out its amount (it then pays the rest)."))
            amount = total_cents - sum(p.amount_cents for p in payments)
            if amount <= 0:
                raise BadInput(N_("Nothing is left to pay for “{method}”."), method=method_text)
        payments.append(Payment(method, amount))
    return payments


def ticket_json(ticket: SignedTicket) -> dict[str, Any]:
    p = ticket.payload
    return {"number": p["number"], "label": ticket.label, "type": p["type"], "cancels": p["cancels"],
            "business_date": p["business_date"], "timestamp": p["timestamp"], "total_cents": p["total_cents"],
            "vat": p["vat"], "payments": p["payments"], "change_cents": p["change_cents"], "lines": p["lines"],
            "hash": ticket.record.hash, "seq": ticket.record.seq}


def cmd_sell(args: Args, out: Out) -> int:
    _ = out._
    with cafe_of(args) as cafe:
        operator = cafe.users.acting(args.operator)
        mode = SaleMode.ON_SITE if args.mode == "on-site" else SaleMode.TAKE_AWAY
        items: list[BasketItem] = []
        total = 0
        for spec in args.item:
            ref, qty, weight = parse_item(spec)
            product = cafe.catalog.resolve(ref)
            items.append(BasketItem(product.id, qty, weight_g=weight))
            total += qty * (weighed_cents(weight, product.price_cents) if weight else product.price_cents)
        payments = parse_payments(args.pay, total)
        ticket = cafe.sales.ring_up(operator, items, mode, payments)
        outcome = cafe.printing.after_sale(ticket, args.print) if args.print else None
    _show_ticket(out, ticket)
    for day in ticket.unclosed_days:
        out.error(_("The business day {day} is not closed yet: close it (cafepos close day {day}).").format(
            day=day))
    if outcome is not None and not outcome.printed and outcome.message is not None:
        out.error(_("The sale is recorded; the receipt was not printed: {reason} It waits in the queue "
                        "(cafepos printer retry).").format(reason=outcome.message.translated(out._)))
    return 0


def cmd_cancel(args: Args, out: Out) -> int:
    with cafe_of(args) as cafe:
        ticket = cafe.sales.cancel(cafe.users.acting(args.operator), args.number, args.reason)
    _show_ticket(out, ticket)
    return 0


def cmd_ticket(args: Args, out: Out) -> int:
    with cafe_of(args) as cafe:
        ticket = cafe.sales.ticket(args.number)
    if out.as_json:
        out.json({**ticket_json(ticket), "payload": ticket.payload, "signature": ticket.record.signature})
    else:
        _show_ticket(out, ticket)
    return 0


def _show_ticket(out: Out, ticket: SignedTicket) -> None:
    _ = out._
    if out.as_json:
        out.json(ticket_json(ticket))
        return
    p = ticket.payload
    title = _("Ticket {label}").format(label=ticket.label)
    if p["type"] == "cancellation":
        title += " — " + _("cancels {label}").format(label=ticket_label(p["till"], p["cancels"]))
    out.text(f"{title}  {p['timestamp']}")
    for line in p["lines"]:
        qty = f"{line['weight_g']} g" if "weight_g" in line else f"{line['qty']} x"
        out.text(f"  {qty:>6} {line['label']:<30} {out.fmt.money(line['amount_cents']):>12}")
    out.text(f"  {_('Total'):<37} {out.fmt.money(p['total_cents']):>12}")
    for pay in p["payments"]:
        out.text(f"  {out.method(pay['method']):<37} {out.fmt.money(pay['amount_cents']):>12}")
    if p["change_cents"]:
        out.text(f"  {_('Change'):<37} {out.fmt.money(p['change_cents']):>12}")


# -- settings ------------------------------------------------------------------------------------------------
def cmd_settings_show(args: Args, out: Out) -> int:
    from dataclasses import asdict

    with cafe_of(args) as cafe:
        values = asdict(cafe.settings.get())
    if out.as_json:
        out.json(values)
    else:
        for key, value in sorted(values.items()):
            out.text(f"{key:<20} {value}")
    return 0


def cmd_settings_set(args: Args, out: Out) -> int:
    _ = out._
    changes = {}
    for pair in args.pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise BadInput(N_("“{pair}”: write KEY=VALUE."), pair=pair)
        changes[key.strip()] = value
    with cafe_of(args) as cafe:
        cafe.settings.update(cafe.users.acting(args.operator), changes)
    if not out.as_json:
        out.text(_("Settings saved."))
    return 0


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(N_("The file {path} does not exist."), path=path) from None
    except UnicodeDecodeError:
        raise BadInput(N_("The file {path} is not UTF-8 text."), path=path) from None
    except OSError as exc:
        raise BadInput(N_("The file {path} cannot be read: {reason}."), path=path, reason=exc.strerror) from None


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(N_("The file {path} cannot be written: {reason}."), path=path, reason=exc.strerror) from None

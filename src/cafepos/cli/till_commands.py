"""Subcommands for the drawer and the closings: open, pay-in/out, X, close (Z), month and year, exports."""

from __future__ import annotations

import argparse
import io
from typing import TYPE_CHECKING, Any

from cafepos.bootstrap import open_cafe
from cafepos.cli.output import Out
from cafepos.domain.cash import parse_count
from cafepos.domain.closing import METHODS, ClosingKind
from cafepos.domain.errors import N_, BadInput
from cafepos.domain.money import parse_amount
from cafepos.services.catalog import rate_text

if TYPE_CHECKING:  # imported where used: the counter's start imports this module, never these
    from cafepos.services.closings import Cheque, Closed

Args = argparse.Namespace


def register(cmd: Any, sub: Any) -> None:
    till = sub.add_parser("till", help="the cash drawer: open, pay-ins and pay-outs, close").add_subparsers(
        dest="action", required=True)
    p = cmd("open", cmd_open, "open the till with a counted float (or take over the float kept back)", till)
    p.add_argument("--float", dest="float_spec", metavar="SPEC", help="denominations and counts: 50x2,20x3,0.50x4")
    p.add_argument("--operator")
    for name, kind in (("pay-in", "pay_in"), ("pay-out", "pay_out")):
        p = cmd(name, cmd_move, f"record a {name} with its reason (manager)", till)
        p.add_argument("amount")
        p.add_argument("--reason", required=True)
        p.add_argument("--operator")
        p.set_defaults(kind=kind)
    p = cmd("close", cmd_close, "count the drawer, close the session and sign the day's Z", till)
    p.add_argument("--count", required=True, metavar="SPEC", help="cash counted: 50x2,20x3,0.50x4")
    p.add_argument("--cheque", action="append", default=[], metavar="NUMBER:BANK:AMOUNT")
    p.add_argument("--vouchers", metavar="AMOUNT", help="meal vouchers counted")
    p.add_argument("--card-terminal", metavar="AMOUNT", help="the card terminal's end-of-day total")
    p.add_argument("--reason", default="", help="why the count differs (required above the threshold)")
    p.add_argument("--keep", metavar="AMOUNT", help="float kept back for tomorrow (default: today's float)")
    p.add_argument("--tabs", choices=["keep", "cancel"], help="what to do with tabs still open")
    p.add_argument("--keep-day-open", action="store_true", help="a change of shift: count, but do not sign the Z")
    p.add_argument("--pdf", metavar="FILE")
    p.add_argument("--print", action="store_true", help="print the Z on the receipt printer")
    p.add_argument("--operator")

    p = cmd("correct", cmd_correct, "correct a signed count (a signed event, shown on the next Z)", till)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--method", required=True, choices=list(METHODS))
    p.add_argument("--counted", required=True, metavar="AMOUNT", help="what should have been counted")
    p.add_argument("--reason", required=True)
    p.add_argument("--operator")

    report = sub.add_parser("report", help="X and Z reports").add_subparsers(dest="action", required=True)
    cmd("x", cmd_report_x, "takings so far, expected cash; resets nothing", report)
    p = cmd("z", cmd_report_z, "the signed Z of a day", report)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--pdf", metavar="FILE")
    p.add_argument("--print", action="store_true", help="print it on the receipt printer")
    p = cmd("month", cmd_report_month, "the monthly report (a row per day) as an A4 PDF", report)
    p.add_argument("period", metavar="YYYY-MM")
    p.add_argument("--pdf", required=True, metavar="FILE")

    close = sub.add_parser("close", help="monthly and annual closings").add_subparsers(dest="action", required=True)
    p = cmd("day", cmd_close_day, "sign the Z of a past day left open (no cash count)", close)
    p.add_argument("date", metavar="YYYY-MM-DD")
    p.add_argument("--operator")
    p = cmd("month", cmd_close_month, "close a month (its open days first)", close)
    p.add_argument("period", metavar="YYYY-MM")
    p.add_argument("--operator")
    p = cmd("year", cmd_close_year, "close a year (its open months first)", close)
    p.add_argument("period", metavar="YYYY")
    p.add_argument("--operator")

    export = sub.add_parser("export", help="exports for the accountant").add_subparsers(dest="action", required=True)
    p = cmd("sales", cmd_export_sales, "one row per day × VAT rate × method, from the signed daily closings", export)
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--csv", required=True, metavar="FILE")


def _cheque(text: str) -> Cheque:
    from cafepos.services.closings import Cheque

    parts = text.split(":")
    if len(parts) != 3 or not parts[0].strip():
        raise BadInput(N_("“{text}”: write a cheque as NUMBER:BANK:AMOUNT."), text=text)
    return Cheque(parts[0].strip(), parts[1].strip(), parse_amount(parts[2], allow_zero=False))


def _opt_amount(text: str | None) -> int | None:
    return None if text is None else parse_amount(text)


def cmd_open(args: Args, out: Out) -> int:
    _ = out._
    count = parse_count(args.float_spec) if args.float_spec is not None else None
    with open_cafe(args.db) as cafe:
        session = cafe.till.open(cafe.users.acting(args.operator), count)
    if out.as_json:
        out.json({"session": session.id, "float_cents": session.float_cents, "opened_at": session.opened_at})
    else:
        out.text(_("Till open with a float of {amount}.").format(amount=out.fmt.money(session.float_cents)))
    return 0


def cmd_move(args: Args, out: Out) -> int:
    _ = out._
    amount = parse_amount(args.amount, allow_zero=False)
    with open_cafe(args.db) as cafe:
        operator = cafe.users.acting(args.operator)
        if args.kind == "pay_in":
            cafe.till.pay_in(operator, amount, args.reason)
        else:
            cafe.till.pay_out(operator, amount, args.reason)
    if out.as_json:
        out.json({"kind": args.kind, "amount_cents": amount, "reason": args.reason})
    else:
        out.text(_("Recorded: {amount} ({reason}).").format(amount=out.fmt.money(amount), reason=args.reason))
    return 0


def close_json(closed: Closed) -> dict[str, Any]:
    p = closed.payload
    return {"period": p["period"], "kind": p["kind"], "hash": closed.hash,
            "methods": {c.method: c.as_payload() for c in closed.checks},
            **{k: p[k] for k in ("total_cents", "vat", "grand_total_cents", "perpetual_cents", "perpetual_abs_cents",
                                 "tickets", "cancellations", "first_ticket", "last_ticket", "payments",
                                 "sales_cents", "returns_cents")},
            "session": p.get("session")}


def cmd_close(args: Args, out: Out) -> int:
    from cafepos.services.closings import CloseCount

    _ = out._
    count = CloseCount(
        cash=parse_count(args.count), cheques=[_cheque(c) for c in args.cheque],
        vouchers_cents=_opt_amount(args.vouchers), card_terminal_cents=_opt_amount(args.card_terminal),
        reason=args.reason, float_kept_cents=_opt_amount(args.keep), tabs=args.tabs, keep_day_open=args.keep_day_open)
    with open_cafe(args.db) as cafe:
        closed = cafe.closings.close_session(cafe.users.acting(args.operator), count)
        if closed is not None and args.pdf:
            from cafepos.adapters.reports import write_z_pdf

            write_z_pdf(cafe, closed.payload, args.pdf)
        if closed is not None and args.print:
            print_z(cafe, closed.payload["period"])
    if closed is None:
        out.text(_("Drawer counted; the day stays open.")) if not out.as_json else out.json({"day_closed": False})
        return 0
    if out.as_json:
        out.json(close_json(closed))
        return 0
    show_closing(out, closed.payload)
    return 0


def show_closing(out: Out, p: dict[str, Any]) -> None:
    _ = out._
    money = out.fmt.money
    titles = {"day": _("Daily closing (Z) {period}"), "month": _("Monthly closing {period}"),
              "year": _("Annual closing {period}")}
    out.text(titles.get(p["kind"], p["kind"]).format(period=p["period"]))
    out.text(_("  tickets {tickets}, cancellations {cancellations}").format(**p))
    out.text(_("  total {total}   perpetual {perpetual}   perpetual (absolute) {abs}").format(
        total=money(p["total_cents"]), perpetual=money(p["perpetual_cents"]), abs=money(p["perpetual_abs_cents"])))
    for row in p["vat"]:
        out.text(f"  TVA {out.fmt.rate(row['rate_bp']):>8}  HT {money(row['ht_cents']):>12}  "
                 f"TVA {money(row['vat_cents']):>10}  TTC {money(row['ttc_cents']):>12}")
    session = p.get("session")
    if session:
        for method, c in session["checks"].items():
            counted = "-" if c["counted_cents"] is None else money(c["counted_cents"])
            variance = "" if c["variance_cents"] is None else money(c["variance_cents"])
            out.text(f"  {out.method(method):<16} {_('expected')} {money(c['expected_cents']):>12}  "
                     f"{_('counted')} {counted:>12}  {variance}")
        out.text(_("  to the bank {deposit}, float kept {kept}").format(
            deposit=money(session["bank_deposit_cents"]), kept=money(session["float_kept_cents"])))
    for fix in p.get("corrections") or ():
        out.text(_("  correction of {day}: {method} counted {after} instead of {before} ({reason})").format(
            day=fix["day"], method=fix["method"], after=money(fix["counted_cents"]),
            before=money(fix["previous_cents"] or 0), reason=fix["reason"]))


def cmd_correct(args: Args, out: Out) -> int:
    from cafepos.cli.audit_commands import parse_day

    _ = out._
    day = parse_day(args.date)
    assert day is not None
    with open_cafe(args.db) as cafe:
        fix = cafe.closings.correct_count(cafe.users.acting(args.operator), day.isoformat(), args.method,
                                          parse_amount(args.counted), args.reason)
    if out.as_json:
        out.json(fix)
    else:
        out.text(_("Count of {day} corrected: {method} {before} → {after}; it shows on the next Z.").format(
            day=fix["day"], method=fix["method"], before=out.fmt.money(fix["previous_cents"] or 0),
            after=out.fmt.money(fix["counted_cents"])))
    return 0


def cmd_report_x(args: Args, out: Out) -> int:
    _ = out._
    with open_cafe(args.db) as cafe:
        report = cafe.till.x_report()
    if out.as_json:
        out.json(report)
        return 0
    money = out.fmt.money
    out.text(_("X report {day} ({time})").format(day=report["business_date"], time=report["timestamp"]))
    out.text(_("  tickets {tickets}, cancellations {cancellations}, total {total}").format(
        tickets=report["tickets"], cancellations=report["cancellations"], total=money(report["total_cents"])))
    for method in METHODS:
        out.text(f"  {out.method(method):<16} {money(report['payments'].get(method, 0)):>12}")
    for row in report["vat"]:
        out.text(f"  TVA {out.fmt.rate(row['rate_bp']):>8}  TTC {money(row['ttc_cents']):>12}")
    if report["session"]:
        out.text(_("  cash expected in the drawer: {cash}").format(cash=money(report["session"]["expected"]["cash"])))
    return 0


def cmd_report_z(args: Args, out: Out) -> int:
    from cafepos.cli.audit_commands import parse_day

    day = parse_day(args.date)
    assert day is not None
    with open_cafe(args.db) as cafe:
        payload = cafe.closings.get(ClosingKind.DAY, day.isoformat())
        if args.pdf:
            from cafepos.adapters.reports import write_z_pdf

            write_z_pdf(cafe, payload, args.pdf)
        if args.print:
            print_z(cafe, day.isoformat())
    if out.as_json:
        out.json(payload)
    elif not args.pdf:
        show_closing(out, payload)
    return 0


def print_z(cafe: Any, day: str) -> None:
    """The Z on the receipt printer, laid out by the same pure function as the screen preview."""
    from cafepos.adapters.receipt_printer import receipt_format
    from cafepos.adapters.z_paper import z_labels
    from cafepos.domain.z_text import z_lines

    settings = cafe.settings.get()
    lines = z_lines(cafe.reports.z_report(day), settings.printer_width, receipt_format(settings.language),
                    z_labels(settings.language))
    cafe.printing.print_lines(lines)


def cmd_report_month(args: Args, out: Out) -> int:
    from cafepos.adapters.reports import write_month_pdf

    with open_cafe(args.db) as cafe:
        write_month_pdf(cafe, args.period, args.pdf)
    if not out.as_json:
        out.text(out._("Report written to {path}.").format(path=args.pdf))
    return 0


def cmd_close_day(args: Args, out: Out) -> int:
    from cafepos.cli.audit_commands import parse_day

    day = parse_day(args.date)
    assert day is not None
    with open_cafe(args.db) as cafe:
        closed = cafe.closings.close_day(cafe.users.acting(args.operator), day.isoformat())
    out.json(close_json(closed)) if out.as_json else show_closing(out, closed.payload)
    return 0


def cmd_close_month(args: Args, out: Out) -> int:
    with open_cafe(args.db) as cafe:
        closed = cafe.closings.close_month(cafe.users.acting(args.operator), args.period)
    out.json(close_json(closed)) if out.as_json else show_closing(out, closed.payload)
    return 0


def cmd_close_year(args: Args, out: Out) -> int:
    with open_cafe(args.db) as cafe:
        closed = cafe.closings.close_year(cafe.users.acting(args.operator), args.period)
    out.json(close_json(closed)) if out.as_json else show_closing(out, closed.payload)
    return 0


def cmd_export_sales(args: Args, out: Out) -> int:
    from cafepos.cli.audit_commands import parse_day
    from cafepos.cli.commands import _write_text

    _ = out._
    start, end = parse_day(args.start), parse_day(args.end)
    assert start and end
    if start > end:
        raise BadInput(N_("--from must not be after --to."))
    with open_cafe(args.db) as cafe:
        days = cafe.closings.days_between(start.isoformat(), end.isoformat())
    buffer = io.StringIO()
    import csv  # only for this export, not at each start

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "vat_rate", "method", "ht_cents", "vat_cents", "ttc_cents", "amount_cents"])
    for p in days:
        for row in p["vat"]:
            writer.writerow([p["period"], rate_text(row["rate_bp"]), "",
                             row["ht_cents"], row["vat_cents"], row["ttc_cents"], ""])
        for method in METHODS:
            writer.writerow([p["period"], "", method, "", "", "", p["payments"].get(method, 0)])
    _write_text(args.csv, buffer.getvalue())
    if not out.as_json:
        out.text(_("{count} closed days written to {path}.").format(count=len(days), path=args.csv))
    else:
        out.json({"days": len(days), "csv": args.csv})
    return 0

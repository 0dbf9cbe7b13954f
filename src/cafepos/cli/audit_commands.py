"""Subcommands for the auditor and the careful manager: verify, archive, backup, restore, reprint."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from cafepos.adapters.db.engine import Database, check_file
from cafepos.bootstrap import open_cafe, open_for_audit, resolve_paths
from cafepos.cli.output import Out
from cafepos.domain.errors import N_, BadInput, StorageError

Args = argparse.Namespace


def register(cmd: Any, sub: Any) -> None:
    register_printer(cmd, sub)
    p = cmd("verify", cmd_verify, "recompute every chain, hash and signature; exit 1 if anything is wrong")
    p.add_argument("--full", action="store_true", help="check the signature of every record, not only heads")

    archive = sub.add_parser("archive", help="signed archives of the journal").add_subparsers(dest="action",
                                                                                               required=True)
    p = cmd("export", cmd_archive_export, "write a signed ZIP archive of the journal", archive)
    p.add_argument("--out", required=True, metavar="FILE.zip")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    p.add_argument("--operator")

    p = cmd("backup", cmd_backup, "copy the database safely, even while the app runs")
    p.add_argument("--out", required=True, metavar="FILE")

    p = cmd("restore", cmd_restore, "replace the database by a backup (the current one is kept aside)")
    p.add_argument("file")

    p = cmd("reprint", cmd_reprint, "reprint a ticket as DUPLICATA n°k")
    p.add_argument("number", type=int)
    p.add_argument("--operator")


def register_printer(cmd: Any, sub: Any) -> None:
    printer = sub.add_parser("printer", help="the receipt printer").add_subparsers(dest="action", required=True)
    p = cmd("set", cmd_printer_set, "choose the printer: tcp://HOST[:PORT], usb://VID:PID, serial:///dev/ttyUSB0"
            "?baud=9600, file:///PATH, cups://QUEUE", printer)
    p.add_argument("uri")
    p.add_argument("--width", choices=["58", "80"], default="80", help="paper width in mm (32 or 48 columns)")
    p.add_argument("--operator")
    p = cmd("test", cmd_printer_test, "print a test page", printer)
    p.add_argument("--operator")
    cmd("retry", cmd_printer_retry, "print the receipts waiting in the queue", printer)
    cmd("queue", cmd_printer_queue, "list the receipts waiting in the queue", printer)


def cmd_printer_set(args: Args, out: Out) -> int:
    _ = out._
    from cafepos.adapters.printer import parse_uri

    parse_uri(args.uri)  # refuses a malformed URI before it is saved
    with open_cafe(args.db) as cafe:
        cafe.settings.update(cafe.users.acting(args.operator),
                             {"printer_uri": args.uri, "printer_width": "32" if args.width == "58" else "48"})
    if not out.as_json:
        out.text(_("Printer set: {uri}.").format(uri=args.uri))
    return 0


def cmd_printer_test(args: Args, out: Out) -> int:
    _ = out._
    with open_cafe(args.db) as cafe:
        cafe.printing.test_print(cafe.users.acting(args.operator))
    if not out.as_json:
        out.text(_("Test page printed."))
    return 0


def cmd_printer_retry(args: Args, out: Out) -> int:
    _ = out._
    with open_cafe(args.db) as cafe:
        printed, error = cafe.printing.retry()
        left = len(cafe.printing.pending())
    if out.as_json:
        out.json({"printed": printed, "waiting": left})
    else:
        out.text(_("{printed} printed, {left} still waiting.").format(printed=printed, left=left))
    if error is not None:
        out.error(error.translated(out._))
        return 2
    return 0


def cmd_printer_queue(args: Args, out: Out) -> int:
    with open_cafe(args.db) as cafe:
        jobs = cafe.printing.pending()
    if out.as_json:
        out.json([{"number": j.number, "duplicate_no": j.duplicate_no, "created": j.created, "attempts": j.attempts,
                   "last_error": j.last_error} for j in jobs])
    else:
        for j in jobs:
            out.text(f"T{j.till}-{j.number:06d} {j.created} ({j.attempts}) {j.last_error or ''}")
    return 0


def parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(N_("“{text}” is not a date: write YYYY-MM-DD."), text=text) from None


def cmd_verify(args: Args, out: Out) -> int:
    _ = out._
    # Read-only: an auditor may check while the counter is open.
    cafe = open_for_audit(args.db)
    try:
        report = cafe.verify(full=args.full)
    finally:
        cafe.close()
    if not report.ok:
        _log_failure(args, report)
    if out.as_json:
        out.json({"ok": report.ok, "records": report.records, "signatures": report.signatures,
                  "heads": {c: {"seq": h.seq, "hash": h.hash} for c, h in report.heads.items()},
                  "problems": [p.as_json() for p in report.problems]})
    else:
        for chain, head in sorted(report.heads.items()):
            out.text(_("chain {chain}: {count} records").format(chain=chain, count=head.seq))
        if report.ok:
            out.text(_("Journal intact: {records} records, {signatures} signatures checked.").format(
                records=report.records, signatures=report.signatures))
        else:
            first = report.problems[0]
            where = f"{first.chain} seq {first.seq}" + (f" ({first.ticket})" if first.ticket else "")
            out.error(_("JOURNAL BROKEN at {where}: {problem}").format(where=where,
                                                                           problem=_(first.msgid).format(**first.params)))
            for p in report.problems[1:20]:
                out.error(f"  {p.chain} seq {p.seq}: {_(p.msgid).format(**p.params)}")
    return 0 if report.ok else 1


def _log_failure(args: Args, report: Any) -> None:
    """A failed check is itself a signed event, when the database is free to write (not open at the counter)."""
    try:
        cafe = open_cafe(args.db)
    except StorageError:
        return
    try:
        with cafe.journal.unit() as tx:
            cafe.journal.event(tx, "verification_failure", None, cafe.settings.get().till, at="verify",
                               problems=[p.as_json() for p in report.problems[:50]])
    finally:
        cafe.close()


def cmd_archive_export(args: Args, out: Out) -> int:
    _ = out._
    start, end = parse_day(args.start), parse_day(args.end)
    if start and end and start > end:
        raise BadInput(N_("--from must not be after --to."))
    target = Path(args.out)
    if not target.parent.exists():
        raise BadInput(N_("The folder {path} does not exist."), path=str(target.parent))
    cafe = open_cafe(args.db)
    try:
        operator = cafe.users.acting(args.operator)
        from cafepos.adapters.archive_zip import ZipSink  # zipfile, only for this command

        with ZipSink(target) as sink:
            summary = cafe.archive.export(operator, sink, start, end)
    finally:
        cafe.close()
    if out.as_json:
        out.json({"out": str(target), "files": summary.files, "records": summary.records})
    else:
        out.text(_("Archive written to {path}: {count} records.").format(path=target,
                                                                            count=sum(summary.records.values())))
    return 0


def cmd_backup(args: Args, out: Out) -> int:
    _ = out._
    paths = resolve_paths(args.db)
    if not paths.db.exists():
        raise BadInput(N_("There is no café database at {path}."), path=str(paths.db))
    target = Path(args.out)
    if target.exists():
        raise BadInput(N_("{path} already exists: choose a new file name."), path=str(target))
    db = Database(paths.db)
    try:
        db.backup_to(target)
    finally:
        db.dispose()
    if not out.as_json:
        out.text(_("Backup written to {path}.").format(path=target))
    else:
        out.json({"out": str(target)})
    return 0


def cmd_restore(args: Args, out: Out) -> int:
    _ = out._
    source = Path(args.file)
    if not source.is_file():
        raise BadInput(N_("The file {path} does not exist."), path=str(source))
    check_file(source)
    from cafepos.adapters.db.migrate import check_is_ours

    probe = Database(source)
    try:
        check_is_ours(probe)
    except StorageError:
        probe.dispose()
        raise
    paths = resolve_paths(args.db)
    cafe = open_cafe(args.db, create=True)  # holds the instance lock while the file is swapped
    try:
        kept = cafe.paths.backups / f"{paths.db.stem}-before-restore.sqlite"
        if paths.db.exists():
            cafe.db.backup_to(kept)
        probe_conn = probe.raw_connection()
        target_conn = cafe.db.raw_connection()
        try:
            probe_conn.backup(target_conn)
        finally:
            target_conn.close()
            probe_conn.close()
            probe.dispose()
        lock = cafe.lock
        cafe.lock = None
        cafe.close()
        if lock:
            lock.release()
    except BaseException:
        cafe.close()
        raise
    restored = open_cafe(args.db, restored_from=str(source))
    notices = restored.notices
    restored.close()
    if out.as_json:
        out.json({"restored": str(source), "previous_kept_in": str(kept), "notices": [n.kind for n in notices]})
    else:
        out.text(_("Database restored from {source}; the previous one is kept in {kept}.").format(
            source=source, kept=kept))
    return 0


def cmd_reprint(args: Args, out: Out) -> int:
    _ = out._
    with open_cafe(args.db) as cafe:
        dup = cafe.sales.reprint(cafe.users.acting(args.operator), args.number)
        outcome = cafe.printing.print_duplicate(dup) if cafe.settings.get().printer_uri else None
    if outcome is not None and not outcome.printed and outcome.message is not None:
        out.error(_("The duplicate was not printed: {reason} It waits in the queue (cafepos printer retry).")
                  .format(reason=outcome.message.translated(out._)))
    if out.as_json:
        out.json({"number": dup.ticket.number, "duplicate_no": dup.duplicate_no, "timestamp": dup.timestamp})
    else:
        out.text(_("DUPLICATA n°{k} of ticket {label}").format(k=dup.duplicate_no, label=dup.ticket.label))
    return 0

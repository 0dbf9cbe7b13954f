"""ESC/POS bytes a real printer understands, and failures reported quickly and clearly (127.0.0.1 only)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from escpos.printer import CupsPrinter, Dummy, Usb

from cafepos.adapters.formatting import Formatter
from cafepos.adapters.printer import (
    LpQueue,
    PrinterError,
    PrinterSpec,
    PrintJob,
    PrintQueue,
    open_device,
    parse_uri,
    print_receipt,
    render,
)
from cafepos.domain.errors import BadInput, StorageError
from cafepos.domain.receipt import Receipt, ReceiptLine, layout
from cafepos.domain.ticket import Header, Line, Payment, PaymentMethod, SaleMode, Settlement, sale_payload

SELECT_CP858 = b"\x1b@\x1bt\x13"  # ESC @ (reset), then ESC t 19
CUT = b"\x1dV"
DRAWER = b"\x1bp\x00"
ONLINE, OFFLINE = b"\x12", b"\x1a"  # DLE EOT 1: bit 3 set when offline
PAPER_OK, PAPER_OUT = b"\x12", b"\x72"  # DLE EOT 4: bits 5-6 set at paper end
NO_CAUSE, COVER_OPEN = b"\x12", b"\x16"  # DLE EOT 2: bit 2 set when the cover is open
HEALTHY = {1: ONLINE, 4: PAPER_OK, 2: NO_CAUSE}


def receipt(width: int = 48, duplicate_no: int | None = None) -> Receipt:
    header = Header(number=482, business_date="2026-11-27", timestamp="2026-11-27T08:42:13+01:00", till=1,
                    operator="Nadia", sale_mode=SaleMode.ON_SITE, siret="91234567800017", software_version="0.1.0",
                    cafe={"name": "Café de la Place", "address": "2 place de l'Église, 71460 Bissy",
                          "vat_number": "FR12912345678", "phone": ""})
    lines = [Line("1", "Café", 2, 130, 1000), Line("7", "Bière pression 25 cl", 1, 310, 2000)]
    payload = sale_payload(header, lines, Settlement((Payment(PaymentMethod.CASH, 1000),), 430))
    return layout(payload, width=width, fmt=Formatter("fr", plain_spaces=True), signature="7Hq2abcdefghmX9c",
                  duplicate_no=duplicate_no)


# -- bytes -----------------------------------------------------------------------------------------------------------

def test_render_selects_cp858_and_encodes_euro_and_accents() -> None:
    device = Dummy()
    render(receipt(), device, width=48, drawer=False)
    out = device.output
    assert out.startswith(SELECT_CP858)
    assert b"5,70 \xd5" in out  # the total in euros: € is 0xD5 in CP858
    assert b"Op\x82rateur" in out and b"CAF\x90 DE LA PLACE" in out and b"Esp\x8aces" in out
    assert b"\xe2\x82\xac" not in out and b"?" not in out  # no UTF-8 leaking, nothing unencodable
    assert CUT in out[-8:]
    assert DRAWER not in out
    assert b"T1-000482 efghmX9c" in out  # native QR code data
    assert b"\x1bE\x01" in out and b"\x1b!\x10" in out  # bold title, double-height total


def test_drawer_pulse_only_when_asked_and_code_page_on_every_receipt() -> None:
    device = Dummy()
    render(receipt(), device, width=48, drawer=True)
    first = device.output
    assert first.endswith(DRAWER + b"22")
    assert first.index(CUT) < first.index(DRAWER)
    render(receipt(), device, width=48, drawer=False)  # same connection, second receipt
    assert device.output.count(SELECT_CP858) == 2
    assert device.output.count(DRAWER) == 1


def test_no_cut_and_no_qr_when_the_receipt_says_so() -> None:
    device = Dummy()
    render(Receipt([ReceiptLine("Bonjour")], qr_data=None, cut=False), device, width=32, drawer=False)
    assert CUT not in device.output and b"\x1d(k" not in device.output and b"Bonjour\n" in device.output


def test_a_receipt_laid_out_for_wider_paper_is_refused() -> None:
    with pytest.raises(BadInput):
        render(receipt(48), Dummy(), width=32, drawer=False)


# -- addresses -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("uri", "expected"), [
    ("tcp://192.168.1.50", PrinterSpec("tcp", "192.168.1.50", port=9100)),
    (" TCP://printer.local:9101 ", PrinterSpec("tcp", "printer.local", port=9101)),
    ("tcp://[::1]:9100", PrinterSpec("tcp", "::1")),
    ("tcp://10.0.0.9?status=off&profile=TM-T20II", PrinterSpec("tcp", "10.0.0.9", status=False, profile="TM-T20II")),
    ("usb://04b8:0e15", PrinterSpec("usb", "04b8:0e15", vendor_id=0x04B8, product_id=0x0E15)),
    ("usb://0x04B8:0x0202", PrinterSpec("usb", "04b8:0202", vendor_id=0x04B8, product_id=0x0202)),
    ("serial:///dev/ttyUSB0?baud=19200", PrinterSpec("serial", "/dev/ttyUSB0", baudrate=19200)),
    ("serial://COM3", PrinterSpec("serial", "COM3")),
    ("file:///dev/usb/lp0", PrinterSpec("file", "/dev/usb/lp0", status=False)),
    ("file:///C:/caisse/ticket.bin", PrinterSpec("file", "C:/caisse/ticket.bin", status=False)),
    ("file:///tmp/mon%20ticket.bin", PrinterSpec("file", "/tmp/mon ticket.bin", status=False)),
    ("cups://TM-T20", PrinterSpec("cups", "TM-T20")),
])
def test_parse_good_uris(uri: str, expected: PrinterSpec) -> None:
    assert parse_uri(uri) == expected


@pytest.mark.parametrize("uri", [
    "", "   ", "192.168.1.50", "http://192.168.1.50", "lpt://1", "tcp://", "tcp://:9100", "tcp://host:port",
    "tcp://host:70000", "tcp://host:0", "tcp://host/queue", "tcp://host?baud=9600", "tcp://host?status=maybe",
    "tcp://host?profile=NoSuchPrinter", "tcp://host#x", "usb://04b8", "usb://zz:0202", "usb://04b8:0202:1",
    "usb://0000:0202", "serial://", "serial:///dev/ttyUSB0?baud=12345", "serial:///dev/ttyUSB0?baud=fast",
    "file://", "file:///", "file:///dev/", "cups://", "cups://a/b",
])
def test_parse_bad_uris(uri: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_uri(uri)
    assert caught.value.msgid.isascii() or "“" in caught.value.msgid  # an English msgid, for gettext
    assert uri.strip() in str(caught.value)  # quoting what was typed


def test_a_missing_driver_is_a_printer_error_not_a_crash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # pycups is not a dependency (it needs the CUPS headers to build) and this machine has no `lp` either:
    # a cups:// printer says so calmly.
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not CupsPrinter.is_usable() and not LpQueue.is_usable()
    with pytest.raises(PrinterError) as caught:
        open_device(parse_uri("cups://TM-T20"), 1.0)
    assert caught.value.reason == "driver" and "cups" in str(caught.value)
    assert isinstance(caught.value, StorageError)


def test_a_usb_printer_that_is_not_plugged_in_is_a_printer_error() -> None:
    assert Usb.is_usable()  # pyusb is a dependency
    with pytest.raises(PrinterError):
        print_receipt("usb://04b8:0e15", receipt(), 48, drawer=False, timeout_s=1)


# -- a printer on 127.0.0.1 ------------------------------------------------------------------------------------------

class FakePrinter:
    """A thread with a socket speaking just enough ESC/POS: it records bytes and answers DLE EOT n."""

    def __init__(self, answers: Mapping[int, bytes | list[bytes]] | None) -> None:
        self.answers = answers or {}
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(5)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            seen = 0
            while True:
                try:
                    chunk = conn.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                self.received += chunk
                while (i := self.received.find(b"\x10\x04", seen)) != -1 and i + 2 < len(self.received):
                    seen = i + 3
                    reply = self.answers.get(self.received[i + 2])
                    if isinstance(reply, list):  # successive answers: the state changes while printing
                        reply = reply.pop(0) if len(reply) > 1 else reply[0]
                    if reply is not None:
                        conn.sendall(reply)

    def __enter__(self) -> FakePrinter:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.thread.join(timeout=8)
        self.server.close()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 nobody listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yield port


def test_network_print_reaches_the_printer() -> None:
    with FakePrinter(HEALTHY) as printer:
        print_receipt(f"tcp://127.0.0.1:{printer.port}", receipt(), 48, drawer=True, timeout_s=3)
    data = bytes(printer.received)
    assert data.count(b"\x10\x04\x01") == 2 and data.count(b"\x10\x04\x04") == 2  # status before and after
    assert SELECT_CP858 in data and b"T1-000482" in data and CUT in data and DRAWER in data
    assert data.index(b"\x10\x04\x04") < data.index(SELECT_CP858) < data.index(DRAWER) < data.rindex(b"\x10\x04\x01")


def test_open_device_uses_the_short_timeout() -> None:
    with FakePrinter(HEALTHY) as printer:
        device: Any = open_device(parse_uri(f"tcp://127.0.0.1:{printer.port}"), 2.5)
        try:
            assert device.timeout == 2.5 and device.device.gettimeout() == 2.5
        finally:
            device.close()


def test_refused_connection_fails_fast(closed_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        print_receipt(f"tcp://127.0.0.1:{closed_port}", receipt(), 48, drawer=False, timeout_s=2)
    assert time.monotonic() - started < 10
    assert caught.value.reason == "unreachable" and "refused" in caught.value.msgid
    assert caught.value.params["where"] == f"127.0.0.1:{closed_port}"


@pytest.mark.parametrize(("answers", "reason", "words"), [
    ({1: OFFLINE, 4: PAPER_OUT, 2: NO_CAUSE}, "paper", "out of paper"),
    ({1: OFFLINE, 4: PAPER_OK, 2: COVER_OPEN}, "cover", "cover is open"),
    ({1: OFFLINE, 4: PAPER_OK, 2: NO_CAUSE}, "offline", "offline"),
    ({1: OFFLINE, 4: PAPER_OK, 2: b"\x52"}, "error", "error"),
])
def test_printer_status_is_reported_and_nothing_is_printed(answers: dict[int, bytes], reason: str,
                                                           words: str) -> None:
    with FakePrinter(answers) as printer, pytest.raises(PrinterError) as caught:
        print_receipt(f"tcp://127.0.0.1:{printer.port}", receipt(), 48, drawer=True, timeout_s=3)
    assert caught.value.reason == reason and words in caught.value.msgid and caught.value.sent is False
    assert b"T1-000482" not in printer.received and DRAWER not in printer.received


def test_paper_running_out_during_the_print_says_the_receipt_was_sent() -> None:
    with FakePrinter({1: [ONLINE, OFFLINE], 4: [PAPER_OK, PAPER_OUT], 2: NO_CAUSE}) as printer, \
            pytest.raises(PrinterError) as caught:
        print_receipt(f"tcp://127.0.0.1:{printer.port}", receipt(), 48, drawer=False, timeout_s=3)
    assert caught.value.reason == "paper" and caught.value.sent is True
    assert b"T1-000482" in printer.received


def test_a_printer_that_never_answers_status_times_out_quickly_unless_status_is_off() -> None:
    started = time.monotonic()
    with FakePrinter(None) as printer, pytest.raises(PrinterError) as caught:
        print_receipt(f"tcp://127.0.0.1:{printer.port}", receipt(), 48, drawer=False, timeout_s=0.5)
    assert time.monotonic() - started < 10
    assert caught.value.reason == "unreachable" and "status=off" in caught.value.msgid
    with FakePrinter(None) as printer:
        print_receipt(f"tcp://127.0.0.1:{printer.port}?status=off", receipt(), 48, drawer=False, timeout_s=0.5)
    assert b"T1-000482" in printer.received


def test_print_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "ticket.bin"
    print_receipt(f"file://{target}", receipt(32), 32, drawer=False)
    data = target.read_bytes()
    assert data.startswith(SELECT_CP858) and CUT in data and b"5,70 \xd5" in data


def test_print_to_a_missing_folder_is_a_printer_error(tmp_path: Path) -> None:
    with pytest.raises(PrinterError):
        print_receipt(f"file://{tmp_path}/no/such/dir/x.bin", receipt(), 48, drawer=False)


# -- retries ---------------------------------------------------------------------------------------------------------

def test_a_failed_original_is_kept_and_later_printed_as_the_original(closed_port: int) -> None:
    queue = PrintQueue()
    original = receipt()
    uri = f"tcp://127.0.0.1:{closed_port}"

    def send(job: PrintJob, uri: str) -> None:
        print_receipt(uri, job.receipt, 48, job.drawer, timeout_s=2)

    try:
        send(PrintJob(original, 482), uri)
    except PrinterError:
        queue.put(PrintJob(original, 482, drawer=False))
    assert len(queue) == 1

    report = queue.retry(lambda job: send(job, uri))  # the printer is still off
    assert report.printed == [] and [job.ticket_number for job, _ in report.failed] == [482]
    assert isinstance(report.failed[0][1], PrinterError)
    assert [job.ticket_number for job in queue.pending()] == [482]

    with FakePrinter(HEALTHY) as printer:  # back on
        report = queue.retry(lambda job: send(job, f"tcp://127.0.0.1:{printer.port}"))
    assert [(job.ticket_number, job.duplicate_no) for job in report.printed] == [(482, None)]
    assert queue.pending() == []
    assert b"T1-000482" in printer.received and b"DUPLICATA" not in printer.received


def test_queue_keeps_order_and_only_the_failures() -> None:
    queue = PrintQueue()
    for number in (1, 2, 3):
        queue.put(PrintJob(receipt(), number))
    attempts: list[int] = []

    def flaky(job: PrintJob) -> None:
        attempts.append(job.ticket_number)
        if job.ticket_number != 2:
            raise PrinterError("The printer is out of paper: load a roll, then print again.", reason="paper")
        queue.put(PrintJob(receipt(), 4))  # a new failure arrives while retrying

    report = queue.retry(flaky)
    assert attempts == [1, 2, 3] and [job.ticket_number for job in report.printed] == [2]
    assert [job.ticket_number for job in queue.pending()] == [1, 3, 4]

    report = queue.retry(flaky, stop_on_error=True)
    assert [job.ticket_number for job, _ in report.failed] == [1]
    assert [job.ticket_number for job in report.skipped] == [3, 4]
    assert [job.ticket_number for job in queue.pending()] == [1, 3, 4]


def test_concurrent_retries_never_print_a_job_twice() -> None:
    queue = PrintQueue()
    for number in range(20):
        queue.put(PrintJob(receipt(), number, duplicate_no=None))
    printed: list[int] = []
    lock = threading.Lock()

    def slow(job: PrintJob) -> None:
        time.sleep(0.005)
        with lock:
            printed.append(job.ticket_number)

    threads = [threading.Thread(target=queue.retry, args=(slow,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert sorted(printed) == list(range(20)) and queue.pending() == []


def test_logo_printed_on_top_and_a_missing_logo_never_costs_the_receipt(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("1", (800, 120), 0).save(logo)
    device = Dummy()
    render(replace(receipt(), logo=str(logo)), device, width=48, drawer=False)
    out = device.output
    assert b"\x1dv0" in out or b"\x1b*" in out  # a raster image, before the café's name
    assert out.index(b"\x1dv0" if b"\x1dv0" in out else b"\x1b*") < out.index("CAFÉ".encode("cp858"))
    device = Dummy()
    render(replace(receipt(), logo=str(tmp_path / "missing.png")), device, width=48, drawer=False)
    assert b"T1-000482" in device.output and CUT in device.output


@pytest.fixture
def cups_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stand-ins for CUPS's `lpstat` and `lp` on PATH: a queue TM-T20 whose state is in a file, and `lp` writing
    each raw job it receives to jobs/ (or failing when told to), so the real subprocess path is exercised."""
    bin_dir, jobs = tmp_path / "bin", tmp_path / "jobs"
    bin_dir.mkdir()
    jobs.mkdir()
    (tmp_path / "state").write_text("enabled")
    (bin_dir / "lpstat").write_text(
        "#!/bin/sh\n"
        f'[ "$2" = "TM-T20" ] || {{ echo "lpstat: Invalid destination name in list \\"$2\\"" >&2; exit 1; }}\n'
        f'echo "printer TM-T20 is idle.  $(cat {tmp_path}/state) since Fri 27 Nov 2026"\n')
    (bin_dir / "lp").write_text(
        "#!/bin/sh\n"
        f'[ -e {tmp_path}/refuse ] && {{ echo "lp: Error - The printer or class does not exist." >&2; exit 1; }}\n'
        f'cat > {jobs}/job-$$.bin\necho "request id is TM-T20-1 (1 file(s))"\n')
    for tool in ("lpstat", "lp"):
        (bin_dir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return tmp_path


def test_a_cups_queue_through_lp(cups_tools: Path) -> None:
    assert LpQueue.is_usable()
    print_receipt("cups://TM-T20", receipt(), 48, drawer=True, timeout_s=3)
    (job,) = (cups_tools / "jobs").iterdir()
    data = job.read_bytes()
    assert data.startswith(b"\x1b@") and b"\x1bt\x13" in data       # reset, then the CP858 code page
    assert "€".encode("cp858") in data and b"\x1dV" in data          # the euro sign, the cut
    assert b"\x1bp" in data                                           # the drawer pulse


def test_a_cups_queue_that_is_stopped_missing_or_refusing(cups_tools: Path) -> None:
    (cups_tools / "state").write_text("disabled")
    with pytest.raises(PrinterError) as caught:
        print_receipt("cups://TM-T20", receipt(), 48, drawer=False, timeout_s=3)
    assert caught.value.reason == "offline" and "TM-T20" in str(caught.value)
    (cups_tools / "state").write_text("enabled")
    with pytest.raises(PrinterError) as caught:
        print_receipt("cups://Nope", receipt(), 48, drawer=False, timeout_s=3)
    assert caught.value.reason == "unreachable"
    (cups_tools / "refuse").touch()
    with pytest.raises(PrinterError) as caught:
        print_receipt("cups://TM-T20", receipt(), 48, drawer=False, timeout_s=3)
    assert caught.value.reason == "unreachable" and "did not take" in str(caught.value)
    assert not list((cups_tools / "jobs").iterdir())

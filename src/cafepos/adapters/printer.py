"""ESC/POS receipt printing that fails fast and clearly, so a stuck printer never freezes the counter."""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from escpos import printer as escpos_printer
from escpos.capabilities import get_profile
from escpos.constants import RT_MASK_LOWPAPER, RT_MASK_NOPAPER, RT_MASK_ONLINE, RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError

from cafepos.domain.errors import N_, BadInput, StorageError
from cafepos.domain.receipt import Receipt, Style

CODE_PAGE = "CP858"  # Latin-1 with €: the one code page Epson-compatible printers share that prints French and euros
DEFAULT_PORT = 9100
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
RT_STATUS_OFFLINE_CAUSE = b"\x10\x04\x02"  # DLE EOT 2: why the printer is offline (cover, paper, error)
COVER_OPEN = 0x04
PAPER_STOP = 0x20
ERROR = 0x40
SERIAL_GAP_S = 0.05  # a status answer is one byte: stop reading once the line goes quiet

Kind = Literal["tcp", "usb", "serial", "file", "cups"]
USAGE = "tcp://HOST:9100, usb://04b8:0202, serial:///dev/ttyUSB0?baud=9600, file:///dev/usb/lp0, cups://QUEUE"


log = logging.getLogger("cafepos.printer")


class PrinterError(StorageError):
    """The receipt did not (fully) print; `reason` lets the counter decide to queue it or to ask for paper.

    `sent` is True when the whole receipt had reached the printer before the failure showed: it may be on paper
    already, so the counter should ask before printing it again as the original.
    """

    def __init__(self, msgid: str, *, reason: str = "error", sent: bool = False, **params: Any) -> None:
        super().__init__(msgid, **params)
        self.reason = reason
        self.sent = sent


@dataclass(frozen=True, slots=True)
class PrinterSpec:
    """Where the printer is, parsed once from the setting so a typo is reported when it is typed."""

    kind: Kind
    target: str  # host name, device or file path, CUPS queue, or "VID:PID" for USB
    port: int = DEFAULT_PORT
    vendor_id: int = 0
    product_id: int = 0
    baudrate: int = 9600
    status: bool = True  # ask the printer for paper and cover status (printers behind a raw bridge may never answer)
    profile: str | None = None  # python-escpos printer profile, e.g. "TM-T20II"

    def describe(self) -> str:
        if self.kind == "tcp":
            host = f"[{self.target}]" if ":" in self.target else self.target
            return f"{host}:{self.port}"
        return f"{self.kind}://{self.target}"


class EscposDevice(Protocol):
    """The part of python-escpos's Escpos class this module drives (the library ships no type hints)."""

    magic: Any
    profile: Any

    def open(self) -> None: ...

    def close(self) -> None: ...

    def hw(self, hw: str) -> None: ...

    def charcode(self, code: str = "AUTO") -> None: ...

    def set(self, **kwargs: Any) -> None: ...

    def text(self, txt: str) -> None: ...

    def qr(self, content: str, **kwargs: Any) -> None: ...

    def image(self, img_source: Any, **kwargs: Any) -> None: ...

    def cut(self, mode: str = "FULL", feed: bool = True) -> None: ...

    def cashdraw(self, pin: int) -> None: ...

    def query_status(self, mode: bytes) -> bytes: ...

    def is_online(self) -> bool: ...


# -- addresses -------------------------------------------------------------------------------------------------------

def _bad(uri: str) -> BadInput:
    return BadInput(N_("“{uri}” is not a printer address: write it like one of {usage}."), uri=uri, usage=USAGE)


def _flag(uri: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "on", "yes", "true"):
        return True
    if lowered in ("0", "off", "no", "false"):
        return False
    raise BadInput(N_("In “{uri}”, status must be on or off, not “{value}”."), uri=uri, value=value)


def parse_uri(uri: str) -> PrinterSpec:
    """Reads the printer setting; every mistake gets a message saying what a good address looks like."""
    text = uri.strip()
    if not text:
        raise BadInput(N_("No printer is set: give its address, like one of {usage}."), usage=USAGE)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("tcp", "usb", "serial", "file", "cups") or parts.fragment:
        raise _bad(text)
    try:
        query = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query)))
    except ValueError:
        raise _bad(text) from None
    allowed = {"status", "profile"} | ({"baud"} if scheme == "serial" else set())
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise BadInput(N_("In “{uri}”, “{option}” is not a printer option (known: {known})."), uri=text,
                       option=unknown[0], known=", ".join(sorted(allowed)))
    status = _flag(text, query["status"]) if "status" in query else True
    profile = query.get("profile") or None
    if profile is not None:
        try:
            get_profile(profile)
        except KeyError:
            raise BadInput(N_("In “{uri}”, “{profile}” is not a printer model python-escpos knows."), uri=text,
                           profile=profile) from None

    if scheme == "tcp":
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            raise BadInput(N_("In “{uri}”, the port must be a number from 1 to 65535."), uri=text) from None
        if not host or parts.path not in ("", "/") or parts.username or parts.password:
            raise _bad(text)
        if port == 0:
            raise BadInput(N_("In “{uri}”, the port must be a number from 1 to 65535."), uri=text)
        return PrinterSpec("tcp", host, port=port or DEFAULT_PORT, status=status, profile=profile)

    if scheme == "usb":
        match = re.fullmatch(r"(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})", parts.netloc)
        if not match or parts.path not in ("", "/"):
            raise BadInput(N_("In “{uri}”, give the USB vendor and product ids in hexadecimal, like usb://04b8:0202."),
                           uri=text)
        vendor, product = int(match.group(1), 16), int(match.group(2), 16)
        if not vendor or not product:
            raise BadInput(N_("In “{uri}”, give the USB vendor and product ids in hexadecimal, like usb://04b8:0202."),
                           uri=text)
        return PrinterSpec("usb", f"{vendor:04x}:{product:04x}", vendor_id=vendor, product_id=product, status=status,
                           profile=profile)

    if scheme == "cups":
        queue = unquote(parts.netloc or parts.path.strip("/"))
        if not queue or "/" in queue or (parts.netloc and parts.path not in ("", "/")):
            raise BadInput(N_("In “{uri}”, give the CUPS queue name, like cups://TM-T20."), uri=text)
        return PrinterSpec("cups", queue, status=status, profile=profile)

    path = unquote(parts.netloc + parts.path)
    if re.match(r"^/[A-Za-z]:[/\\]", path):  # file:///C:/... on Windows
        path = path[1:]
    if not path or path.endswith("/"):
        raise BadInput(N_("In “{uri}”, give the device or file path, like {example}."), uri=text,
                       example="serial:///dev/ttyUSB0" if scheme == "serial" else "file:///dev/usb/lp0")
    if scheme == "serial":
        baud_text = query.get("baud", "9600")
        if not baud_text.isdigit() or int(baud_text) not in BAUD_RATES:
            raise BadInput(N_("In “{uri}”, the speed must be one of {rates} baud."), uri=text,
                           rates=", ".join(str(r) for r in BAUD_RATES))
        return PrinterSpec("serial", path, baudrate=int(baud_text), status=status, profile=profile)
    return PrinterSpec("file", path, status=False, profile=profile)


# -- devices ---------------------------------------------------------------------------------------------------------

def _unreachable(spec: PrinterSpec, error: BaseException, timeout_s: float) -> PrinterError:
    cause = error.__cause__ or error.__context__ or error
    where = spec.describe()
    if isinstance(cause, ConnectionRefusedError):
        return PrinterError(N_("The printer at {where} refused the connection: check that it is switched on and that "
                               "its address is right."), reason="unreachable", where=where)
    if isinstance(cause, TimeoutError):
        return PrinterError(N_("The printer at {where} did not answer within {seconds} s: check that it is switched "
                               "on and connected."), reason="unreachable", where=where, seconds=f"{timeout_s:g}")
    return PrinterError(N_("Cannot reach the printer at {where}: check that it is switched on and plugged in."),
                        reason="unreachable", where=where)


def open_device(spec: PrinterSpec, timeout_s: float = 5.0) -> EscposDevice:
    """Opens the printer with a short timeout: python-escpos waits 60 s on a network and forever on USB."""
    if not 0 < timeout_s <= 60:
        raise BadInput(N_("The printer timeout must be between 0 and 60 seconds."))
    options: dict[str, Any] = {"profile": spec.profile} if spec.profile else {}
    cups: Any = escpos_printer.CupsPrinter if escpos_printer.CupsPrinter.is_usable() else LpQueue
    driver = {"usb": escpos_printer.Usb, "serial": escpos_printer.Serial, "cups": cups}
    if spec.kind in driver and not driver[spec.kind].is_usable():  # pyusb, pyserial, or pycups and lp are missing
        raise PrinterError(N_("This computer cannot drive {kind} printers: a component is missing. Use a network "
                              "printer (tcp://) or ask for the {kind} driver to be installed."),
                           reason="driver", kind=spec.kind)
    try:
        if spec.kind == "tcp":
            device = escpos_printer.Network(spec.target, port=spec.port, timeout=timeout_s, **options)
        elif spec.kind == "usb":
            # pyusb counts milliseconds; 0 (python-escpos's default) means wait forever.
            device = escpos_printer.Usb(spec.vendor_id, spec.product_id, usb_args={},
                                        timeout=max(1, int(timeout_s * 1000)), **options)
        elif spec.kind == "serial":
            device = escpos_printer.Serial(spec.target, baudrate=spec.baudrate, timeout=timeout_s, **options)
        elif spec.kind == "file":
            device = escpos_printer.File(spec.target, **options)
        elif cups is LpQueue:
            device = LpQueue(spec.target, timeout_s, **options)
        else:
            device = escpos_printer.CupsPrinter(spec.target, **options)
        device.open()
    except (DeviceNotFoundError, OSError) as e:
        raise _unreachable(spec, e, timeout_s) from e
    if spec.kind == "serial":
        port: Any = getattr(device, "device", None)
        with contextlib.suppress(AttributeError, ValueError):
            port.write_timeout = timeout_s  # pyserial blocks forever on a printer holding the line (DSR/DTR)
            port.inter_byte_timeout = SERIAL_GAP_S
    return cast(EscposDevice, device)


class LpQueue(escpos_printer.Dummy):  # type: ignore[misc]
    """A CUPS queue without pycups (which needs the CUPS headers to build): the receipt is laid out in memory and
    handed to CUPS's own `lp` command as one raw job, with a timeout and its exit status checked (python-escpos's
    LP printer ignores both, so a refused job would vanish)."""

    def __init__(self, queue: str, timeout_s: float, **options: Any) -> None:
        super().__init__(**options)
        self.queue = queue
        self.timeout_s = timeout_s

    @staticmethod
    def is_usable() -> bool:
        return shutil.which("lp") is not None and shutil.which("lpstat") is not None

    def _lpstat(self) -> str:
        try:
            done = subprocess.run(["lpstat", "-p", self.queue], capture_output=True, text=True,
                                  timeout=self.timeout_s, check=False)
        except (OSError, subprocess.SubprocessError) as e:
            raise DeviceNotFoundError(f"lpstat failed: {e}") from e
        if done.returncode != 0:
            raise DeviceNotFoundError(f"no CUPS queue {self.queue}: {done.stderr.strip()}")
        return done.stdout

    def open(self) -> None:
        self._lpstat()

    def is_online(self) -> bool:
        """A stopped queue (lpstat says "disabled") keeps jobs without printing them: better said at the counter."""
        return "disabled" not in self._lpstat().lower()

    def close(self) -> None:
        data = self.output
        self.clear()
        if not data:
            return
        try:
            done = subprocess.run(["lp", "-d", self.queue, "-o", "raw", "-t", "cafepos"], input=data,
                                  capture_output=True, timeout=self.timeout_s, check=False)
        except (OSError, subprocess.SubprocessError) as e:
            raise OSError(f"lp failed: {e}") from e
        if done.returncode != 0:
            raise OSError(f"lp refused the job: {done.stderr.decode(errors='replace').strip()}")


# -- status ----------------------------------------------------------------------------------------------------------

def _ask(device: EscposDevice, request: bytes) -> int:
    try:
        answer = device.query_status(request)
    except TimeoutError:
        answer = b""
    except (OSError, EscposError) as e:
        raise PrinterError(N_("The connection to the printer was lost: check its cable or network, then print "
                              "again."), reason="unreachable") from e
    if not answer:
        raise PrinterError(N_("The printer does not answer status requests: check its cable or network. If it never "
                              "reports its status, add ?status=off to its address."), reason="unreachable")
    return int(answer[0])


def check_status(device: EscposDevice, spec: PrinterSpec) -> None:
    """Asks paper, cover and error status, so the counter can say what to fix instead of losing the receipt."""
    if not spec.status or spec.kind == "file":
        return
    if spec.kind == "cups":  # the queue only tells online or stopped; its "paper" answer means nothing
        if not device.is_online():
            raise PrinterError(N_("The printer queue {where} is stopped: check the printer, then restart the queue."),
                               reason="offline", where=spec.target)
        return
    online = _ask(device, RT_STATUS_ONLINE)
    paper = _ask(device, RT_STATUS_PAPER)
    if (paper & RT_MASK_NOPAPER) == RT_MASK_NOPAPER:
        raise PrinterError(N_("The printer is out of paper: load a roll, then print again."), reason="paper")
    if (online & RT_MASK_ONLINE) == 0:
        return
    cause = _ask(device, RT_STATUS_OFFLINE_CAUSE)
    if cause & COVER_OPEN:
        raise PrinterError(N_("The printer cover is open: close it, then print again."), reason="cover")
    if cause & PAPER_STOP:
        raise PrinterError(N_("The printer is out of paper: load a roll, then print again."), reason="paper")
    if cause & ERROR:
        raise PrinterError(N_("The printer reports an error (paper jam or cutter): open the cover, clear it, close "
                              "it, switch the printer off and on, then print again."), reason="error")
    raise PrinterError(N_("The printer is offline: check that it is switched on and that no light is blinking, then "
                          "print again."), reason="offline")


def paper_low(device: EscposDevice, spec: PrinterSpec) -> bool:
    """Near the end of the roll: worth a hint on screen before the evening rush, never a refusal."""
    if not spec.status or spec.kind in ("file", "cups"):
        return False
    low: int = RT_MASK_LOWPAPER
    return (_ask(device, RT_STATUS_PAPER) & low) == low


# -- output ----------------------------------------------------------------------------------------------------------

def print_logo(device: EscposDevice, path: str, width: int) -> None:
    """The café's logo, scaled to the paper; a logo that cannot be read never costs the receipt."""
    try:
        from PIL import Image

        with Image.open(path) as image:
            dots = 384 if width <= 32 else 512  # printable dots of 58 mm and 80 mm paper
            logo = image.convert("L")
            if logo.width > dots:
                logo = logo.resize((dots, max(1, logo.height * dots // logo.width)))
            device.image(logo, center=True)
    except (OSError, ValueError):
        log.warning("receipt logo %s could not be printed", path)


def render(receipt: Receipt, device: EscposDevice, *, width: int, drawer: bool) -> None:
    """Sends one receipt; resets the printer and its code page first, whatever the previous job left behind."""
    too_wide = [line.text for line in receipt.lines if len(line.text) > width]
    if too_wide:
        raise BadInput(N_("This receipt was laid out for wider paper than the printer's {width} columns."),
                       width=width)
    device.hw("INIT")  # ESC @: styles off, and the printer back on its default code page...
    device.magic.encoding = None  # ...so python-escpos must forget which page it thinks is selected
    device.charcode(CODE_PAGE)  # ESC t 19, sent now; the encoder then only writes CP858 bytes
    if receipt.logo:
        print_logo(device, receipt.logo, width)
    current: Style | None = None
    for line in receipt.lines:
        if line.style != current:
            double = Style.DOUBLE in line.style
            device.set(align="center" if Style.CENTER in line.style else "left", bold=Style.BOLD in line.style,
                       double_height=double, normal_textsize=not double)
            current = line.style
        text = line.text.strip() if Style.CENTER in line.style else line.text
        device.text(text + "\n")
    device.set(align="left", bold=False, normal_textsize=True)
    if receipt.qr_data:
        device.set(align="center")
        size = 4 if width >= 40 else 3
        if device.profile.supports("qrCode"):
            device.qr(receipt.qr_data, native=True, size=size)
            device.text("\n")
        else:
            device.qr(receipt.qr_data, size=size, center=True)
        device.set(align="left")
    if receipt.cut:
        device.cut()
    if drawer:
        device.cashdraw(2)


def print_receipt(spec_or_uri: PrinterSpec | str, receipt: Receipt, width: int, drawer: bool,
                  timeout_s: float = 5.0) -> None:
    """Opens, checks, prints, checks again and closes, every time: a printer switched off between two sales is
    found at the next sale, not by a dead connection."""
    spec = parse_uri(spec_or_uri) if isinstance(spec_or_uri, str) else spec_or_uri
    device = open_device(spec, timeout_s)
    failed = True
    try:
        check_status(device, spec)
        try:
            render(receipt, device, width=width, drawer=drawer)
        except (OSError, EscposError) as e:
            raise PrinterError(N_("Printing stopped half-way: the connection to the printer was lost. Check it, then "
                                  "print again."), reason="unreachable") from e
        try:
            check_status(device, spec)
        except PrinterError as e:
            e.sent = True
            raise
        failed = False
    finally:
        try:
            device.close()  # CUPS sends the job here, so its errors count when nothing failed before
        except Exception as e:
            if not failed:
                raise PrinterError(N_("The printer at {where} did not take the receipt: check it, then print again."),
                                   reason="unreachable", where=spec.describe()) from e


# -- retries ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PrintJob:
    """A receipt waiting for the printer, already laid out: retrying never turns an original into a duplicate."""

    receipt: Receipt
    ticket_number: int
    drawer: bool = False
    duplicate_no: int | None = None  # None: the original, however many attempts it takes


@dataclass(frozen=True, slots=True)
class RetryReport:
    printed: list[PrintJob]
    failed: list[tuple[PrintJob, Exception]]
    skipped: list[PrintJob]  # not tried, after a failure with stop_on_error


class PrintQueue:
    """Receipts that could not print, kept in order until the printer is back; safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: list[PrintJob] = []

    def put(self, job: PrintJob) -> None:
        with self._lock:
            self._jobs.append(job)

    def pending(self) -> list[PrintJob]:
        with self._lock:
            return list(self._jobs)

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)

    def retry(self, print_fn: Callable[[PrintJob], None], *, stop_on_error: bool = False) -> RetryReport:
        """Tries each job in order and keeps the ones that fail again.

        The jobs are taken out before printing outside the lock (a printer can take seconds), so two retries at
        once never print the same receipt twice; what is left goes back in front of jobs queued meanwhile.
        """
        with self._lock:
            jobs, self._jobs = self._jobs, []
        printed: list[PrintJob] = []
        failed: list[tuple[PrintJob, Exception]] = []
        done = 0
        try:
            for job in jobs:
                if failed and stop_on_error:
                    break
                try:
                    print_fn(job)
                except Exception as e:
                    failed.append((job, e))
                else:
                    printed.append(job)
                done += 1
        finally:
            skipped = jobs[done:]
            with self._lock:
                self._jobs[:0] = [job for job, _ in failed] + skipped
        return RetryReport(printed, failed, skipped)

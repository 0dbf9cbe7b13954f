"""Keys typed on the sale screen: a quantity before a tap, a code typed by hand, or a barcode scanner's burst.

A USB scanner types like a keyboard, only much faster, and ends with Enter. Telling the two apart by timing
means the counter needs no mode and no focus: "3" typed by a person then a scan gives three of the scanned
product. Qt-free, with the clock passed in, so the rules are tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCAN_GAP_S = 0.04  # scanners type a character every few ms; people rarely under 60 ms
MIN_SCAN_LENGTH = 4


@dataclass(frozen=True)
class Code:
    """What Enter produced: a code to look up, and a quantity typed by hand before a scan."""

    code: str
    qty: int
    scanned: bool


@dataclass
class KeyEntry:
    keys: list[tuple[str, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(ch for ch, _t in self.keys)

    def type(self, ch: str, now: float) -> None:
        self.keys.append((ch, now))

    def backspace(self) -> None:
        if self.keys:
            self.keys.pop()

    def clear(self) -> None:
        self.keys.clear()

    def take_quantity(self) -> int | None:
        """Digits typed before tapping a product: its quantity (the entry is used up either way)."""
        text = self.text
        self.clear()
        return int(text) if text.isdigit() and int(text) > 0 else None

    def burst(self, now: float) -> str:
        """The trailing characters typed at scanner speed, including the Enter pressed at `now`."""
        if not self.keys or now - self.keys[-1][1] > SCAN_GAP_S:
            return ""
        start = len(self.keys) - 1
        while start > 0 and self.keys[start][1] - self.keys[start - 1][1] <= SCAN_GAP_S:
            start -= 1
        run = "".join(ch for ch, _t in self.keys[start:])
        return run if len(run) >= MIN_SCAN_LENGTH else ""

    def enter(self, now: float) -> Code | None:
        """Enter pressed: None when nothing was typed (then Enter means "pay")."""
        if not self.keys:
            return None
        text = self.text
        run = self.burst(now)
        self.clear()
        if run:
            prefix = text[: len(text) - len(run)]
            qty = int(prefix) if prefix.isdigit() and int(prefix) > 0 else 1
            return Code(run, qty, True)
        return Code(text, 1, False)

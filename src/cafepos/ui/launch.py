"""Starting the counter window: refuse kindly when there is no display, before Qt can print a traceback."""

from __future__ import annotations

import os
import sys

NO_DISPLAY = 3  # not bad input (2) nor a failed check (1): there is simply no screen to open the window on


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(db: str | None) -> int:
    if not has_display():
        print("cafepos: no display found; run the window with `xvfb-run cafepos` or set "
              "QT_QPA_PLATFORM=offscreen (the command line works without one: `cafepos --help`).", file=sys.stderr)
        return NO_DISPLAY
    from cafepos.ui.app import main

    return main(db)

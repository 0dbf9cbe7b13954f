"""The `cafepos` command: one entry point; no subcommand opens the counter window.

Exit codes: 0 done, 1 a check failed (verify), 2 bad input or a refused action (message on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from cafepos.adapters import collector

collector.hold()  # before the imports below, which make most of a start's objects (see adapters/collector.py)

from cafepos import __version__  # noqa: E402
from cafepos.adapters.i18n import gettext_for  # noqa: E402
from cafepos.cli import commands  # noqa: E402
from cafepos.cli.output import Out  # noqa: E402
from cafepos.domain.errors import CafeError  # noqa: E402


def _add_common(p: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    p.add_argument("--db", metavar="PATH", default=default, help="the café's database (default: CAFEPOS_DB or the "
                   "user's data folder)")
    p.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="print JSON instead of text")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cafepos", description="Counter software for village cafés.")
    parser.add_argument("--version", action="version", version=f"cafepos {__version__}")
    _add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common)
    commands.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) is None:
        from cafepos.ui.launch import run_gui  # imported late: the command line never needs Qt

        return run_gui(args.db)  # the window gives the collector back once it shows
    collector.release()
    language = os.environ.get("CAFEPOS_LANG", "fr")
    out = Out(bool(args.json), language)
    try:
        result: int = args.handler(args, out)
        return result
    except CafeError as exc:
        out.error(exc.translated(gettext_for(language)))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `cafepos catalog list | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())

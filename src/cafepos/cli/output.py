"""Printing results: readable text by default, JSON with --json; errors on stderr in the café's language."""

from __future__ import annotations

import json
import sys
from typing import Any

from cafepos.adapters.formatting import Formatter
from cafepos.adapters.i18n import gettext_for


class Out:
    def __init__(self, as_json: bool, language: str = "fr") -> None:
        self.as_json = as_json
        self.language = language
        self._ = gettext_for(language)
        self.fmt = Formatter(language)

    def method(self, method: str) -> str:
        """A payment method in the café's words (the JSON keeps the codes)."""
        _ = self._
        names: dict[str, str] = {"cash": _("Cash"), "card": _("Card"), "cheque": _("Cheque"),
                                 "voucher": _("Meal voucher")}
        return names.get(method, method)

    def json(self, data: Any) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))

    def text(self, line: str = "") -> None:
        print(line)

    def error(self, message: str) -> None:
        print(f"cafepos: {message}", file=sys.stderr)

"""French first, English complete: every word the app shows is in the catalogue, translated, and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources" / "translations" / "fr" / "LC_MESSAGES" / "cafepos.po"
MO = PO.with_suffix(".mo")


def source_msgids() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "src"), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_word_is_translated_into_french() -> None:
    catalogue = read_po(PO.open("rb"))
    translated = {m.id: m.string for m in catalogue if m.id and m.string}
    missing = sorted(source_msgids() - set(translated))
    assert not missing, f"{len(missing)} words have no French yet (run `make i18n`, then translate): {missing[:10]}"


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    catalogue = read_po(PO.open("rb"))
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [m.id for m in catalogue if m.id and isinstance(m.id, str) and m.string
             and compiled.gettext(m.id) != m.string]
    assert not stale, f"cafepos.mo is older than cafepos.po (run `make i18n`): {stale[:5]}"

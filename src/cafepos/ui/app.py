"""The counter application: Qt set-up, translations, the global error handler, then the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from cafepos.adapters.i18n import gettext_for
from cafepos.bootstrap import Cafe, open_cafe, resolve_paths
from cafepos.domain.errors import CafeError

log = logging.getLogger("cafepos")


def install_error_handler(app: QApplication, log_file: Path, _: object) -> None:
    """Any unexpected error is logged to a file and shown calmly; the app keeps running (the ledger is safe:
    every use case is one transaction)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=log_file, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    gettext = gettext_for("fr")

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        QMessageBox.warning(None, "cafepos", gettext(
            "Something unexpected happened. Your sales are safe. The details are in {path}; "
            "you can keep working.").format(path=log_file))

    sys.excepthook = hook


def load_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own dialogs (buttons, file pickers) in the café's language, from the qtbase files PySide6 ships."""
    kept = []
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", path):
        app.installTranslator(translator)
        kept.append(translator)
    return kept


def main(db: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    paths = resolve_paths(db)
    install_error_handler(app, paths.logs / "cafepos.log", None)
    gettext = gettext_for("fr")
    try:
        cafe: Cafe = open_cafe(db, anchor_in_background=True)  # a sale does not wait for the anchor's fsync
    except CafeError as exc:
        QMessageBox.critical(None, "cafepos", exc.translated(gettext))
        return 2
    language = cafe.settings.get().language
    load_qt_translations(app, language)
    from cafepos.ui.main_window import MainWindow

    window = MainWindow(cafe)
    window.show()
    try:
        return int(app.exec())
    finally:
        cafe.close()

"""The counter's main window (interim: the sale screen lands with the counter issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from cafepos.bootstrap import Cafe


class MainWindow(QMainWindow):
    def __init__(self, cafe: Cafe) -> None:
        super().__init__()
        self.cafe = cafe
        settings = cafe.settings.get()
        self.setWindowTitle(f"cafepos — {settings.cafe_name}")
        self.setCentralWidget(QLabel(f"{settings.cafe_name}\n\nÉcran de vente : en construction."))
        self.resize(1280, 800)

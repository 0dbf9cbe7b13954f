"""The counter's look in one place: a calm neutral ground, dark text, one accent, red only for refusals.

Category colours are muted towards the background so the total and the "Pay" button stay the loudest things on
screen (screens.md); sizes keep every touch target at 48 px or more.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont

BACKGROUND = "#f3f1ec"
SURFACE = "#ffffff"
TEXT = "#1f2328"
MUTED_TEXT = "#5b6168"
BORDER = "#d8d3ca"
ACCENT = "#0f6e66"
ACCENT_DARK = "#0a544e"
ACCENT_SOFT = "#dcefeb"
ERROR = "#b3261e"
ERROR_SOFT = "#fbe9e7"
WARNING = "#c77700"
NOTICE_SOFT = "#fff4dc"

TOUCH = 48  # px: the smallest target a finger hits reliably
TILE_HEIGHT = 92
TILE_MIN_WIDTH = 140

SIZE_TEXT = 15
SIZE_TOTAL = 40
SIZE_DUE = 52
SIZE_CHANGE = 68
RECEIPT_FONT_PX = 13


@lru_cache(maxsize=64)
def muted(colour: str | None, amount: float = 0.62) -> QColor:
    """The category colour blended towards the background: recognisable, never shouting."""
    base = QColor(colour) if colour and QColor.isValidColorName(colour) else QColor("#9e9e9e")
    ground = QColor(BACKGROUND)
    mix = QColor()
    mix.setRgb(*(round(c * (1 - amount) + g * amount) for c, g in
                 zip((base.red(), base.green(), base.blue()), (ground.red(), ground.green(), ground.blue()),
                     strict=True)))
    return mix


@lru_cache(maxsize=64)
def stripe(colour: str | None) -> QColor:
    """A thin band of the category's own colour on each tile, slightly softened."""
    return muted(colour, 0.25)


def font(size: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(size)
    f.setBold(bold)
    return f


STYLESHEET = f"""
QWidget {{ color: {TEXT}; font-size: {SIZE_TEXT}px; }}
QMainWindow, QDialog, QStackedWidget > QWidget#screen {{ background: {BACKGROUND}; }}
#topBar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
#cafeName {{ font-size: 18px; font-weight: 600; }}
#clock {{ color: {MUTED_TEXT}; font-size: 16px; }}
QPushButton, QToolButton {{
    min-height: {TOUCH}px; min-width: {TOUCH}px; padding: 0 14px; border-radius: 8px;
    background: {SURFACE}; border: 1px solid {BORDER};
}}
QPushButton:pressed, QToolButton:pressed {{ background: #e7e3dc; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #a9a49b; background: #f7f6f3; }}
QPushButton:checked {{ background: {ACCENT_SOFT}; border: 2px solid {ACCENT}; }}
QPushButton#section {{ border: none; background: transparent; padding: 0 12px; font-size: 16px; }}
QPushButton#section:checked {{
    border-bottom: 3px solid {ACCENT}; border-radius: 0; background: transparent; color: {ACCENT};
}}
QPushButton#category {{ padding: 0 8px; text-align: left; font-size: 14px; }}
QPushButton#operator {{ font-weight: 600; }}
QPushButton#accent, QPushButton#pay {{ background: {ACCENT}; color: white; border: none; font-weight: 600; }}
QPushButton#accent:pressed, QPushButton#pay:pressed {{ background: {ACCENT_DARK}; }}
QPushButton#accent:disabled, QPushButton#pay:disabled {{ background: #9fbdb9; color: #eef5f4; }}
QPushButton#pay {{ font-size: 26px; min-height: 72px; }}
QPushButton#key {{ font-size: 24px; min-height: 56px; min-width: 64px; padding: 0; }}
QPushButton#method {{ font-size: 18px; min-height: 60px; text-align: left; padding-left: 18px; }}
QPushButton#quick {{ font-size: 18px; min-height: 56px; padding: 0 6px; }}
QPushButton#big {{ font-size: 20px; min-height: 72px; }}
QPushButton#person {{ font-size: 20px; min-height: 80px; min-width: 150px; }}
QPushButton#danger, QPushButton[danger="true"] {{ color: {ERROR}; }}
QPushButton#danger:disabled, QPushButton[danger="true"]:disabled {{ color: #c9a9a4; }}
QPushButton#tool {{ padding: 0 4px; min-width: 44px; }}
QLineEdit, QPlainTextEdit {{
    min-height: 40px; padding: 2px 8px; border: 1px solid {BORDER}; border-radius: 6px; background: {SURFACE};
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {ACCENT}; }}
QComboBox, QSpinBox, QDateEdit {{ min-height: 40px; }}
QCheckBox {{ min-height: {TOUCH}px; }}
QCheckBox::indicator {{ width: 26px; height: 26px; }}
QTabBar::tab {{
    min-height: {TOUCH}px; padding: 0 16px; margin-right: 4px; background: #e9e5de; border-radius: 8px 8px 0 0;
    color: {TEXT};
}}
QTabBar::tab:selected {{ background: {SURFACE}; font-weight: 600; border-bottom: 3px solid {ACCENT}; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: {SURFACE}; border-radius: 6px; }}
QTableView, QListView {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
    selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT};
}}
QListView#tiles {{ background: transparent; border: none; }}
QListWidget::item {{ min-height: {TOUCH}px; padding-left: 8px; }}
QHeaderView::section {{ background: #efece6; border: none; padding: 6px; font-weight: 600; }}
QLabel#total {{ font-size: {SIZE_TOTAL}px; font-weight: 700; }}
QLabel#due {{ font-size: {SIZE_DUE}px; font-weight: 700; }}
QLabel#change {{ font-size: {SIZE_CHANGE}px; font-weight: 800; color: {ACCENT}; }}
QLabel#changeCaption {{ font-size: 22px; color: {ACCENT}; font-weight: 600; }}
QLabel#caption {{ color: {MUTED_TEXT}; }}
QLabel#heading {{ font-size: 20px; font-weight: 600; }}
QLabel#entry {{ font-size: 22px; font-weight: 600; color: {ACCENT}; }}
QLabel#pinDots {{ font-size: 34px; letter-spacing: 8px; }}
QLabel#message[kind="error"] {{ color: {ERROR}; background: {ERROR_SOFT}; border-radius: 6px; padding: 8px; }}
QLabel#message[kind="info"] {{ color: {TEXT}; background: {ACCENT_SOFT}; border-radius: 6px; padding: 8px; }}
QFrame#banner {{ background: {NOTICE_SOFT}; border-bottom: 1px solid #ecd9a8; }}
QFrame#panel {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QLabel#printer[state="ready"] {{ color: {ACCENT}; }}
QLabel#printer[state="queue"] {{ color: {WARNING}; }}
QLabel#printer[state="off"] {{ color: #9a958c; }}
QLabel#printer[state="error"] {{ color: {ERROR}; }}
QPlainTextEdit#receipt {{ font-size: {RECEIPT_FONT_PX}px; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
"""

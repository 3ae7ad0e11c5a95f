"""Colours, icons and the stylesheet shared by the views: one calm palette, modes told apart twice."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

# Mode colours are distinct in hue and in lightness (safe for the common colour-blindnesses), and
# every block also carries an icon and, on the agenda, a word: colour is never the only signal.
MODE_COLOURS = {
    "in_person": {"fill": QColor("#e3f2ea"), "edge": QColor("#1e7a4f"), "text": QColor("#0f3d27")},
    "teleconference": {"fill": QColor("#e6ebfb"), "edge": QColor("#3451b2"), "text": QColor("#14245c")},
}
CANCELLED = {"fill": QColor("#f1f1f1"), "edge": QColor("#9a9a9a"), "text": QColor("#6b6b6b")}
HOLIDAY_SHADE = QColor(120, 120, 120, 40)
ABSENCE_SHADE = QColor(200, 120, 40, 45)
OFF_HOURS_SHADE = QColor(0, 0, 0, 12)
TODAY_TINT = QColor(52, 81, 178, 14)
NOW_LINE = QColor("#c92a2a")
GRID = QColor("#e2e2e2")
GRID_STRONG = QColor("#c8c8c8")
HEADER_TEXT = QColor("#333333")
ACCENT = QColor("#3451b2")

STYLESHEET = """
QMainWindow, QDialog { background: #fafafa; }
QWidget { font-size: 10pt; color: #1f1f1f; }
QToolBar { background: #ffffff; border-bottom: 1px solid #dddddd; spacing: 6px; padding: 4px; }
QPushButton { padding: 5px 12px; border: 1px solid #b9c2d0; border-radius: 4px; background: #ffffff; }
QPushButton:hover { background: #eef2fb; }
QPushButton:focus { border: 2px solid #3451b2; }
QPushButton:disabled { color: #9a9a9a; border-color: #dddddd; }
QPushButton#primary { background: #3451b2; color: white; border-color: #3451b2; font-weight: bold; }
QPushButton#primary:disabled { background: #e4e8f3; color: #46507a; border-color: #b9c2de; }
QPushButton#danger { background: #b00020; color: white; border-color: #b00020; font-weight: bold; }
QPushButton#danger:disabled { background: #f6e4e7; color: #7a2836; border-color: #dfb9c0; }
QLabel#sectionTitle { font-weight: bold; font-size: 11pt; margin-top: 6px; }
QLabel#badgeOk { color: #1e7a4f; font-weight: bold; }
QLabel#badgeWarn { color: #9c4a00; }
QLabel#error { color: #b00020; }
QListView, QTableView, QPlainTextEdit, QLineEdit, QComboBox {
    background: #ffffff; border: 1px solid #cfd4dc; border-radius: 3px;
}
QStatusBar { background: #ffffff; border-top: 1px solid #dddddd; }
/* A date popup is sized before this sheet's font reaches it: without room, its last week is cut off. */
QCalendarWidget { min-height: 190px; }
"""


def draw_person(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A head and shoulders: the in-person mark."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    size = min(rect.width(), rect.height())
    cx, top = rect.center().x(), rect.center().y() - size / 2
    head = size * 0.36
    painter.drawEllipse(QRectF(cx - head / 2, top, head, head))
    body = QPainterPath()
    body.moveTo(cx - size * 0.42, top + size)
    body.cubicTo(
        QPointF(cx - size * 0.42, top + size * 0.45),
        QPointF(cx + size * 0.42, top + size * 0.45),
        QPointF(cx + size * 0.42, top + size),
    )
    body.closeSubpath()
    painter.drawPath(body)
    painter.restore()


def draw_camera(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A video camera: the teleconference mark."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    size = min(rect.width(), rect.height())
    left, top = rect.center().x() - size / 2, rect.center().y() - size * 0.32
    painter.drawRoundedRect(QRectF(left, top, size * 0.66, size * 0.64), size * 0.1, size * 0.1)
    lens = QPainterPath()
    lens.moveTo(left + size * 0.68, top + size * 0.32)
    lens.lineTo(left + size, top + size * 0.06)
    lens.lineTo(left + size, top + size * 0.58)
    lens.closeSubpath()
    painter.drawPath(lens)
    painter.restore()


def draw_mode_icon(painter: QPainter, mode: str, rect: QRectF, colour: QColor) -> None:
    (draw_camera if mode == "teleconference" else draw_person)(painter, rect, colour)


def pen(colour: QColor, width: float = 1.0) -> QPen:
    result = QPen(colour)
    result.setWidthF(width)
    return result

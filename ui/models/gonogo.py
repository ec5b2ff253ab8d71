"""The history of saved go/no-go reviews, newest first: a thin list adapter over the core's report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from cockpit.reports.gonogo import PastReview
from ui.models import clipped

Index = QModelIndex | QPersistentModelIndex


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC; SQLite may hand it back without its zone) in this laptop's time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone()


def review_text(review: PastReview) -> str:
    who = f" · stop authority {review.stop_authority}" if review.stop_authority else ""
    return (f"{_local(review.reviewed_at):%a %d %b %Y, %H:%M}  —  {review.verdict.upper()} "
            f"({review.passed} of {review.total} pass){who}")


class ReviewHistoryModel(QAbstractListModel):
    """Read-only rows of ``PastReview``; ``VerdictRole`` gives "go" or "no-go"."""

    VerdictRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PastReview] = []

    def set_reviews(self, reviews: Sequence[PastReview]) -> None:
        self.beginResetModel()
        self._rows = list(reviews)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return clipped(role, self._data(index, role))

    def _data(self, index: Index, role: int) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        review = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return review_text(review)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "A saved review: the answers as they were at that moment."
        if role == self.VerdictRole:
            return review.verdict
        if role == self.IdRole:
            return review.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names[self.VerdictRole] = QByteArray(b"verdict")
        names[self.IdRole] = QByteArray(b"reviewId")
        return names

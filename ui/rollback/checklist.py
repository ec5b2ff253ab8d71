"""Rollback readiness as a checklist: each rule with its evidence, or what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from cockpit.text import SHOWN_LONG, shown
from ui.widgets import plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.readiness import Readiness


class ReadinessChecklist(QFrame):
    """The verdict on top, then one line per rule: ✓ or ✗, the rule, and the evidence."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("class", "tile")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Can we roll back?", "heading"))
        self.verdict = plain_label("", "tileValue")
        self.verdict.setAccessibleName("Rollback readiness")
        layout.addWidget(self.verdict)
        self.summary = plain_label("", "tileLabel")
        layout.addWidget(self.summary)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 4, 0, 0)
        self.grid.setColumnStretch(1, 1)
        layout.addWidget(self.grid_host)
        layout.addStretch(1)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}

    def show_readiness(self, readiness: Readiness) -> None:
        missing = readiness.missing
        if readiness.ready:
            self.verdict.setText("✓  Ready")
            set_tone(self.verdict, "tileValue good")
            self.summary.setText("Everything below is in place.")
        else:
            self.verdict.setText("✗  Not ready")
            set_tone(self.verdict, "tileValue bad")
            self.summary.setText(f"{len(missing)} of {len(readiness.items)} missing: "
                                 + "; ".join(item.label.lower() for item in missing) + ".")
        for n, item in enumerate(readiness.items):
            labels = self.rows.get(item.key)
            if labels is None:
                labels = (plain_label(), plain_label(), plain_label("", "tileLabel"))
                labels[0].setWordWrap(False)
                self.grid.addWidget(labels[0], n * 2, 0)
                self.grid.addWidget(labels[1], n * 2, 1)
                self.grid.addWidget(labels[2], n * 2 + 1, 1)
                self.rows[item.key] = labels
            mark, label, detail = labels
            mark.setText("✓" if item.ok else "✗")
            set_tone(mark, "good" if item.ok else "bad")
            label.setText(shown(item.label))
            detail.setText(shown(item.detail, SHOWN_LONG))
            mark.setAccessibleName(f"{item.label}: {'done' if item.ok else 'missing'}")

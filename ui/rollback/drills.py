"""Drills: start one, the history of timed drills, the trend against the target, recent rehearsal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import Environment
from ui.fit import FlowLayout, form
from ui.models.rollback import DrillModel, RowsModel
from ui.rollback.chart import TrendChart
from ui.rollback.lists import FittedColumns, page_layout
from ui.rollback.stopwatch import TallButton
from ui.widgets import plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.rollback import RollbackFacts
    from ui.hub import Hub


class RecordDrillDialog(QDialog):
    """A drill timed by hand earlier: date, environment, minutes, notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a past drill")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("A drill timed by hand: from “roll back” to users on the stable version.",
                                     "tileLabel"))
        fields = form()
        layout.addLayout(fields)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.environment = QComboBox()
        for env in Environment:
            self.environment.addItem(env.value.capitalize(), env.value)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 10_000)
        self.minutes.setDecimals(1)
        self.minutes.setValue(15)
        self.minutes.setSuffix(" min")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("What slowed you down")
        for caption, widget in (("&Date", self.day), ("&Environment", self.environment),
                                ("&Duration", self.minutes), ("&Notes", self.notes)):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", ""))
            fields.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:
        """Wide enough for a line of notes, in the dialog's font (presentation mode's type makes it wider)."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().averageCharWidth() * 50), hint.height())

    def values(self) -> dict[str, Any]:
        day = self.day.date()
        on = dt.datetime(day.year(), day.month(), day.day(), 12, 0).astimezone()
        return {"on": on, "minutes": self.minutes.value(), "environment": self.environment.currentData(),
                "notes": self.notes.text()}


class DrillsPanel(QWidget):
    """Start a drill here; the stopwatch then fills the view until it stops."""

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.release_id: int | None = None
        layout = page_layout(self)
        start_row = QHBoxLayout()
        env_label = QLabel("&Where")
        self.environment = QComboBox()
        self.environment.setAccessibleName("Drill environment")
        for env in Environment:
            self.environment.addItem(env.value.capitalize(), env.value)
        env_label.setBuddy(self.environment)
        self.start = TallButton("&Start a drill — someone just said “roll back”")
        self.start.setToolTip("Starts the clock now; the start time is saved in the plan at once")
        self.start.setAccessibleName("Start a drill")
        self.start.clicked.connect(self.start_drill)
        start_row.addWidget(env_label)
        start_row.addWidget(self.environment)
        start_row.addStretch(1)
        layout.addLayout(start_row)
        layout.addWidget(self.start)
        self.rehearsal = plain_label()
        layout.addWidget(self.rehearsal)

        splitter = QSplitter(Qt.Orientation.Vertical)

        splitter.setChildrenCollapsible(False)  # a collapsed pane could not be widened again
        self.model = DrillModel(self)
        self.model.edit_handler = self._edit
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Drill history")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.columns = FittedColumns(self.table, 4)
        splitter.addWidget(self.table)
        self.chart = TrendChart()
        splitter.addWidget(self.chart)
        layout.addWidget(splitter, 1)
        buttons = FlowLayout()
        record = QPushButton("&Record a past drill…")
        record.clicked.connect(self.record_drill)
        delete = QPushButton("De&lete drill")
        delete.clicked.connect(self.delete_drill)
        buttons.addWidget(record)
        buttons.addWidget(delete)
        layout.addLayout(buttons)

    def show_facts(self, facts: RollbackFacts) -> None:
        self.release_id = facts.release_id
        self.model.target_minutes = facts.target_minutes
        finished = facts.finished
        self.model.set_rows(tuple(reversed(facts.stopped)))
        self.chart.set_points([(d.day, d.minutes or 0.0) for d in finished], facts.target_minutes)
        rehearsed = facts.readiness.item("rehearsed")
        launch = f"launch {facts.target_date:%a %d %b}"
        self.rehearsal.setText(("✓  " if rehearsed.ok else "✗  ") + f"{rehearsed.label} ({launch}). "
                               f"{rehearsed.detail}  ·  {facts.readiness.item('quick').detail}")
        set_tone(self.rehearsal, "good" if rehearsed.ok else "bad")
        self.start.setEnabled(facts.running is None)

    def start_drill(self) -> None:
        from cockpit.services.rollback import start_drill

        release_id, env = self.release_id, self.environment.currentData()
        if release_id is not None:
            self.hub.run(lambda plan: start_drill(plan, release_id, env))

    def record_drill(self) -> None:
        from cockpit.services.rollback import record_drill

        dialog = RecordDrillDialog(self)
        release_id = self.release_id
        if release_id is None or dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self.hub.run(lambda plan: record_drill(plan, release_id, values["on"], values["minutes"],
                                               environment=values["environment"], notes=values["notes"]))

    def delete_drill(self) -> None:
        from cockpit.services.rollback import delete_drill

        index = self.table.currentIndex()
        drill_id = self.model.data(index, RowsModel.IdRole) if index.isValid() else None
        if drill_id is not None:
            self.hub.run(lambda plan: delete_drill(plan, drill_id))

    def _edit(self, drill_id: int, field: str, value: Any) -> bool:
        from cockpit.services.rollback import update_drill

        return self.hub.run(lambda plan: update_drill(plan, drill_id, **{field: value})) is not None

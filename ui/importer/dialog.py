"""File → Import…: pick an export, see what will be created or updated (problems per row), import as one step."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cockpit.errors import CockpitError
from cockpit.importers import FIELDS, FORMAT_LABELS, ImportCancelled, ImportResult, read_backlog
from cockpit.importers.unused import describe as describe_unused
from cockpit.kinds import Lane
from cockpit.services.importing import CREATE, UPDATE, ImportPlan, import_backlog, preview_backlog
from ui.importer.status_panel import StatusChoicePanel
from ui.models.importing import PROBLEMS_COLUMN, TITLE_COLUMN, PreviewModel
from ui.widgets import plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from ui.hub import Hub

FILE_FILTER = "Backlog exports (*.csv *.tsv *.txt *.json);;All files (*)"
NO_COLUMN = "— none —"
LANES = ((Lane.PARKED.value, "Parked (next cycle's backlog)"), (Lane.IN_RELEASE.value, "In release"))


class ImportDialog(QDialog):
    """Reads the file (with progress), previews the import, and runs it through the hub as one undo step."""

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.path: Path | None = None
        self.result_read: ImportResult | None = None
        self.planned: ImportPlan | None = None
        self.changes: Changes | None = None
        self.progress: QProgressDialog | None = None
        self._data = b""
        self._loading = False
        self._progress_started = False
        self.setWindowTitle("Import a backlog")
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.file_label = plain_label("No file chosen", "heading")
        self.file_label.setWordWrap(False)
        top.addWidget(self.file_label, 1)
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        top.addWidget(self.choose_button)
        layout.addLayout(top)
        self.detected = plain_label("")
        layout.addWidget(self.detected)

        form = QFormLayout()
        self.format_box = QComboBox()
        self.format_box.addItem("Detect automatically", None)
        for key, label in FORMAT_LABELS.items():
            self.format_box.addItem(label, key)
        self.format_box.currentIndexChanged.connect(lambda _: self.reread())
        form.addRow("&Format", self.format_box)
        self.points = QDoubleSpinBox()
        self.points.setRange(0.1, 100.0)
        self.points.setSingleStep(0.5)
        self.points.setDecimals(1)
        self.points.setValue(1.0)
        self.points.setSuffix(" story points = 1 day")
        self.points.valueChanged.connect(lambda _: self._debounce.start())
        form.addRow("&Points per day", self.points)
        self.lane_box = QComboBox()
        for value, label in LANES:
            self.lane_box.addItem(label, value)
        # After the freeze the import service asks for an override reason itself (through the hub).
        form.addRow("New items &go to", self.lane_box)
        self.pull_requests = QCheckBox("Import GitHub &pull requests too (they are not backlog items)")
        self.pull_requests.setVisible(False)
        self.pull_requests.toggled.connect(lambda _: self.refresh_preview())
        form.addRow("", self.pull_requests)
        layout.addLayout(form)
        self.status_panel = StatusChoicePanel()
        self.status_panel.changed.connect(self.refresh_preview)
        layout.addWidget(self.status_panel)
        self._status_counts: Counter[str] = Counter()

        self.mapping_group = QGroupBox("Which column holds what")
        grid = QGridLayout(self.mapping_group)
        self.mapping_boxes: dict[str, QComboBox] = {}
        for n, (name, label) in enumerate(FIELDS.items()):
            box = QComboBox()
            box.setObjectName(f"map_{name}")
            box.currentIndexChanged.connect(lambda _: self.reread())
            self.mapping_boxes[name] = box
            caption = plain_label(label)
            caption.setBuddy(box)
            grid.addWidget(caption, n // 3, (n % 3) * 2)
            grid.addWidget(box, n // 3, (n % 3) * 2 + 1)
        self.mapping_group.setVisible(False)
        layout.addWidget(self.mapping_group)

        self.summary = plain_label("", "heading")
        layout.addWidget(self.summary)
        # What the import says about the file as a whole (done at source, not recognised, not used…).
        self.findings = plain_label("")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings)
        self.problems_only = QCheckBox("Show only rows with &problems")
        self.problems_only.toggled.connect(lambda on: self.model.set_problems_only(on))
        layout.addWidget(self.problems_only)
        self.model: PreviewModel = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Sized from the font in use (presentation mode too); Title and Problems share what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(200)  # measure 200 rows, not 1,000: a 10,000-row preview paints fast
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROBLEMS_COLUMN, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        # The whole of the selected row's problems, readable from across the room.
        self.row_detail = plain_label("")
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._show_row(current.row()))
        layout.addWidget(self.row_detail)
        self.message = plain_label("")
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._debounce: QTimer = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh_preview)
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 70, line * 40)

    # -- reading -----------------------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Import a backlog export", start, FILE_FILTER)
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Read a file (detecting everything again); False with a message when it cannot be read."""
        try:
            self._data = path.read_bytes()
        except OSError as exc:
            self._show_problem(f"{path.name} cannot be read: {exc.strerror or exc}.")
            return False
        self.path = path
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._loading = True
        self.format_box.setCurrentIndex(0)
        self._loading = False
        return self.reread(new_file=True)

    def reread(self, *, new_file: bool = False) -> bool:
        if self._loading or self.path is None:
            return False
        fmt = self.format_box.currentData()
        mapping = None if new_file or fmt not in (None, "csv") or self.mapping_group.isHidden() else {
            name: box.currentText() for name, box in self.mapping_boxes.items()
            if box.currentIndex() > 0}
        self._progress_started = False
        try:
            result = read_backlog(self._data, format=fmt, mapping=mapping, progress=self._progress)
        except ImportCancelled as exc:
            self._show_problem(str(exc))
            return False
        except CockpitError as exc:
            self.result_read = None
            self.detected.setText("")
            self.mapping_group.setVisible(False)
            self._show_plan(None)
            self._show_problem(str(exc))
            return False
        finally:
            if self.progress is not None and self._progress_started:
                self.progress.setValue(self.progress.maximum())
                self.progress.hide()
        self.result_read = result
        self._status_counts = Counter(row.status_source for row in result.rows if row.status_source)
        self.pull_requests.setVisible(any(row.pull_request for row in result.rows))
        delimiter = f" · {result.delimiter_label}-separated" if result.delimiter else ""
        self.detected.setText(f"{result.format_label} · {result.encoding}{delimiter} · {len(result.rows):,} rows")
        self._fill_mapping(result)
        self.refresh_preview()
        return True

    def _progress(self, done: int, total: int) -> bool:
        if self.progress is None:
            self.progress = QProgressDialog("Reading the export…", "Stop", 0, 1000, self)
            self.progress.setWindowTitle("Import")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(300)
            self.progress.setAutoReset(False)
            self.progress.setAutoClose(False)
        if not self._progress_started:
            self._progress_started = True
            self.progress.reset()
            self.progress.setValue(0)
        self.progress.setValue(int(1000 * done / max(1, total)))
        QApplication.processEvents()
        return not self.progress.wasCanceled()

    def _fill_mapping(self, result: ImportResult) -> None:
        generic = result.format == "csv"
        self.mapping_group.setVisible(generic)
        if not generic:
            return
        self._loading = True
        for name, box in self.mapping_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(NO_COLUMN)
            box.addItems([column for column in result.columns if column])
            chosen = result.mapping.get(name)
            box.setCurrentIndex(box.findText(chosen) if chosen and box.findText(chosen) > 0 else 0)
            box.blockSignals(False)
        self._loading = False

    # -- preview -----------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        rows = self.result_read.rows if self.result_read else ()
        if self.hub.plan is None or self.hub.release_id is None or not rows:
            self._show_plan(None)
            if self.result_read is not None:
                self._show_problem(self.result_read.notes[0] if self.result_read.notes else "No items in this file.")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            planned = preview_backlog(self.hub.plan, self.hub.release_id, rows, points_per_day=self.points.value(),
                                      statuses=self.status_panel.choices(),
                                      include_pull_requests=self.pull_requests.isChecked())
        except CockpitError as exc:
            self._show_plan(None)
            self._show_problem(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._show_plan(planned)

    def _show_plan(self, planned: ImportPlan | None) -> None:
        self.planned = planned
        self.model.set_plan(planned)
        self.message.setText("")
        self.row_detail.setText("")
        if planned is None:
            self.summary.setText("")
            self.findings.setText("")
            self.status_panel.show_values([])
            self.import_button.setEnabled(False)
            return
        # The values not recognised, and those already given a meaning (so a choice can be taken back).
        listed = list(dict.fromkeys([note.value for note in planned.statuses] + list(self.status_panel.choices())))
        self.status_panel.show_values([(value, self._status_counts.get(value, 0)) for value in listed])
        result = self.result_read
        lines = planned.lines(result.noun if result else "rows", status_hint=lambda _: "choose above",
                              pull_request_hint="tick the box above to import them")
        self.findings.setText("\n".join(lines + describe_unused(result.unused if result else ())))
        text = planned.summary()
        if planned.new_people:
            shown = ", ".join(planned.new_people[:6]) + (" …" if len(planned.new_people) > 6 else "")
            text += f" ({shown})"
        self.summary.setText(text[:1].upper() + text[1:])
        changing = planned.count(CREATE) + planned.count(UPDATE)
        set_tone(self.summary, "good" if changing and not planned.problem_rows else "warn" if changing else "bad")
        self.import_button.setEnabled(bool(changing))

    def _show_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.row_detail.setText("")
            return
        planned = self.model.planned_row(row)
        self.row_detail.setText(f"{planned.where.capitalize()}: " + (" ".join(planned.problems) or "no problems."))

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        set_tone(self.message, "bad")

    # -- importing ---------------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.result_read is None or not self.planned:
            return
        rows = self.result_read.rows
        release_id = self.hub.release_id
        if release_id is None:
            return
        points, lane = self.points.value(), self.lane_box.currentData()
        statuses, pull_requests = self.status_panel.choices(), self.pull_requests.isChecked()
        source = self.path.name if self.path else ""
        busy = QProgressDialog(f"Importing {len(rows):,} rows…", "", 0, 0, self)
        busy.setCancelButton(None)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(0)
        busy.show()
        QApplication.processEvents()
        self.hub.problem.connect(self._show_problem)
        try:
            # A frozen release: the service raises ScopeFrozen and the hub asks for the override reason.
            self.changes = self.hub.run(lambda plan, **answers: import_backlog(
                plan, release_id, rows, points_per_day=points, lane=lane, source=source, statuses=statuses,
                include_pull_requests=pull_requests, **answers), parent=self)
        finally:
            self.hub.problem.disconnect(self._show_problem)
            busy.close()
        if self.changes is not None:
            self.accept()


def open_import_dialog(parent: QWidget | None, hub: Hub, path: Path | None = None) -> Changes | None:
    """File → Import…: choose an export (unless ``path`` is given), preview it, import it.

    Returns the import's ``Changes`` (already one step on the undo stack), or None.
    """
    if hub.plan is None:
        hub.problem.emit("Open a plan first: the backlog is imported into it.")
        return None
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import a backlog export", "", FILE_FILTER)
        if not name:
            return None
        path = Path(name)
    dialog = ImportDialog(hub, parent)
    dialog.load(path)
    dialog.exec()
    changes = dialog.changes
    dialog.deleteLater()
    return changes

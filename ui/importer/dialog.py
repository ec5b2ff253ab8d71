"""File → Import…: pick an export, see what will be created or updated (problems per row), import as one step."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cockpit.errors import CockpitError
from cockpit.importers import FIELDS, FORMAT_LABELS, ImportCancelled, ImportResult, read_backlog
from cockpit.importers.unused import describe as describe_unused
from cockpit.kinds import Lane
from cockpit.services.importing import CREATE, UPDATE, ImportPlan, import_backlog, preview_backlog
from ui import fit
from ui.fit import ScreenFittedDialog
from ui.importer.preview_table import PreviewTable
from ui.importer.status_panel import StatusChoicePanel
from ui.models.importing import PreviewModel
from ui.widgets import plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from ui.hub import Hub

#: the dialog's size on a large screen, in the font's average characters and lines (bounded by the screen)
DIALOG_CHARACTERS, DIALOG_LINES = 170, 44
#: table rows the preview keeps in view before the settings above get more height
PREVIEW_ROWS = 6
#: the least share of the height the settings get when both halves want more
SETTINGS_SHARE = 0.3
FILE_FILTER = "Backlog exports (*.csv *.tsv *.txt *.json);;All files (*)"
NO_COLUMN = "— none —"
LANES = ((Lane.PARKED.value, "Parked (next cycle's backlog)"), (Lane.IN_RELEASE.value, "In release"))


class ImportDialog(ScreenFittedDialog):
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
        self.file_label = plain_label("No file chosen", "heading")  # wraps: a long name never runs off the edge
        top.addWidget(self.file_label, 1)
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        top.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        # How to read the file (above) and what importing it will do (below), split so that each
        # keeps its room on a projector: the settings and findings scroll up and down in theirs,
        # the preview keeps its table, the selected row in full and the buttons in view.
        self.settings = settings = QWidget()
        above = QVBoxLayout(settings)
        above.setContentsMargins(0, 0, 0, 0)
        self.detected = plain_label("")
        above.addWidget(self.detected)
        # What the import says about the file as a whole (done at source, not recognised, not used…),
        # first: the choices below it are its answers.
        self.findings = plain_label("")
        self.findings.setAccessibleName("What the import found")
        # A stop for Tab (its text selectable by keyboard): the page scrolls it into view.
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.findings.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.findings.setProperty("focusable", True)  # presentation mode draws its focus ring
        above.addWidget(self.findings)
        choices = QWidget()  # a form on a widget, not a free-standing layout (see ui/plan_rules.py)
        form = fit.form(choices)
        form.setContentsMargins(0, 0, 0, 0)
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
        form.addRow(self.pull_requests)  # a row of its own: the whole width for a long sentence
        above.addWidget(choices)
        self.status_panel = StatusChoicePanel()
        self.status_panel.changed.connect(self.refresh_preview)
        above.addWidget(self.status_panel)
        self._status_counts: Counter[str] = Counter()

        self.mapping_group = QGroupBox("Which column holds what")
        mapping = fit.form(self.mapping_group)  # one field a row: a long column name keeps its width
        self.mapping_boxes: dict[str, QComboBox] = {}
        for name, label in FIELDS.items():
            box = QComboBox()
            box.setObjectName(f"map_{name}")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _: self.reread())
            self.mapping_boxes[name] = box
            caption = plain_label(label)
            caption.setBuddy(box)
            mapping.addRow(caption, box)
        self.mapping_group.setVisible(False)
        above.addWidget(self.mapping_group)
        above.addStretch(1)
        self.settings_page = fit.vertical_page(settings)
        self.settings_page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what is in it, and it follows

        self.preview = preview = QWidget()
        below = QVBoxLayout(preview)
        below.setContentsMargins(0, 0, 0, 0)
        self.summary = plain_label("", "heading")
        below.addWidget(self.summary)
        self.problems_only = QCheckBox("Show only rows with &problems")
        self.problems_only.toggled.connect(lambda on: self.model.set_problems_only(on))
        below.addWidget(self.problems_only)
        self.model: PreviewModel = PreviewModel(self)
        self.table = PreviewTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Import preview")
        below.addWidget(self.table, 1)
        # The whole of the selected row (every column, its problems), readable from across the room:
        # the table's cells are one line and cut long text.
        self.row_detail = plain_label("")
        self.row_detail.setAccessibleName("Selected row in full")
        self.row_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._show_row(current.row()))
        below.addWidget(self.row_detail)

        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.settings_page)
        self.split.addWidget(preview)
        self.split.setStretchFactor(1, 1)  # a taller dialog gives the table the room
        self.split.splitterMoved.connect(self._split_moved)
        self._split_by_hand = False
        self._shared_rows = 0  # the preview's rows when the height was last shared
        layout.addWidget(self.split, 1)
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
        self._fit_to_screen()

    # -- size --------------------------------------------------------------------------------------
    def _fit_to_screen(self) -> None:
        """Most of the parent's screen, never more than its free part (a projector's 1024×768, the
        window manager's frame included); sizes come from the font (presentation mode's is large)."""
        self.ensurePolished()
        # The selected row's text is at least three lines: kept free when none is selected, so the
        # table does not jump when a row is.
        self.row_detail.setMinimumHeight(self.row_detail.fontMetrics().lineSpacing() * 3)
        room = self.room()
        self.setMinimumSize(self.minimumSizeHint().boundedTo(room.size()))  # set once: see PlanRulesDialog
        metrics = self.fontMetrics()
        wanted = QSize(metrics.averageCharWidth() * DIALOG_CHARACTERS, metrics.lineSpacing() * DIALOG_LINES)
        self.resize(wanted.boundedTo(room.size()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # not when un-minimised: that would move the divider
            self._share_height()

    def _split_moved(self) -> None:
        self._split_by_hand = True

    def _share_height(self) -> None:
        """Give the preview room for its rows (up to ``PREVIEW_ROWS``), the settings what they need
        of the rest (at least ``SETTINGS_SHARE``), and the preview what is left over. Once the
        person has moved the divider, their choice stays."""
        if self._split_by_hand:
            return
        total = sum(self.split.sizes()) or self.split.height()
        body = self.settings
        width = self.settings_page.width() - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        needed = (body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()) \
            + 2 * self.settings_page.frameWidth()
        rows = min(max(1, self.model.rowCount()), PREVIEW_ROWS)
        table = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth() \
            + rows * self.table.verticalHeader().defaultSectionSize()
        preview = self.preview.minimumSizeHint().height() - self.table.minimumSizeHint().height() + table
        settings = min(needed, max(total - preview, round(total * SETTINGS_SHARE)))
        self.split.setSizes([max(1, settings), max(1, total - settings)])
        self._shared_rows = self.model.rowCount()

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
        if new_file and self.isVisible():  # another file, other settings and findings: share the height again
            QTimer.singleShot(0, self, self._share_height)
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
        self.row_detail.setText("")
        self.model.set_plan(planned)  # the table selects the same row again, or the first (_show_row)
        if self.isVisible() and not self._shared_rows and self.model.rowCount():
            QTimer.singleShot(0, self, self._share_height)  # the preview was empty: now it needs its rows
        self.message.setText("")
        if planned is None:
            self.summary.setText("")
            self._show_findings("")
            self.status_panel.show_values([])
            self.import_button.setEnabled(False)
            return
        # The values not recognised, and those already given a meaning (so a choice can be taken back).
        listed = list(dict.fromkeys([note.value for note in planned.statuses] + list(self.status_panel.choices())))
        self.status_panel.show_values([(value, self._status_counts.get(value, 0)) for value in listed])
        result = self.result_read
        lines = planned.lines(result.noun if result else "rows", status_hint=lambda _: "choose below",
                              pull_request_hint="tick the box below to import them")
        self._show_findings("\n".join(lines + describe_unused(result.unused if result else ())))
        text = planned.summary()
        if planned.new_people:
            shown = ", ".join(planned.new_people[:6]) + (" …" if len(planned.new_people) > 6 else "")
            text += f" ({shown})"
        self.summary.setText(text[:1].upper() + text[1:])
        changing = planned.count(CREATE) + planned.count(UPDATE)
        set_tone(self.summary, "good" if changing and not planned.problem_rows else "warn" if changing else "bad")
        self.import_button.setEnabled(bool(changing))

    def _show_findings(self, text: str) -> None:
        self.findings.setText(text)
        self.findings.setVisible(bool(text))  # no empty stop for Tab

    def _show_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.row_detail.setText("")
            return
        self.row_detail.setText(self.model.describe(row))

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

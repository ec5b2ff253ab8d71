"""The scope board: In release, Cut, Parked. Drag to cut, keyboard for everything, fit live.

Every move is one command through the hub (one undo step, even for several cards); the
core decides whether a move needs a reason (the freeze override) and the hub asks for it.
The cards live in the lane models only, filled with the records of ``hub.cycle()`` in board
order; after a change that touches only cards, the board patches the lane models from the
change's own row snapshots, so a cut on a 100,000-card plan repaints without reading the plan
again. Nothing here walks every card in Python more than a few times per change: counts come from
each lane's ``facts`` (worked out once per change), and a card is made only when it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import Lane, Status
from cockpit.reports.board import (
    LANES,
    BoardFrame,
    BoardLane,
    LaneFacts,
    board_lanes,
    item_from_values,
    unsafe_warning,
)
from cockpit.snapshot import ScopeItem
from ui.board.editor import CardEditor
from ui.board.fitbar import FitBar
from ui.board.lanes import LaneColumn, LaneView
from ui.fit import FlowLayout, vertical_page
from ui.keys import describe
from ui.models.board import LaneModel
from ui.team.lock import reads_only
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from ui.hub import Hub

#: the tables whose changes the board can patch from snapshots alone
_PATCHABLE = frozenset({"scope_item", "change_log"})


class BoardView(ReloadWhenShown, QWidget):
    """Three lanes, the fit bar, find, the three checks and the card editor.

    Laid out for a projector: the page scrolls up and down, never sideways. The tools wrap onto more
    lines when narrow; the lanes share the width and fill the height of the screen; the editor of the
    selected card sits beside the lanes when the screen holds both at full size, else below them
    (F2 or a double click goes there, Escape comes back to the card).
    """

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        #: the board report's frame (freeze, people, fit inputs); the cards are in ``models``
        self.frame: BoardFrame | None = None
        self._stale = True
        self._reselect: tuple[str, list[int]] | None = None

        self.body = QWidget()
        self._outer = outer = QVBoxLayout(self.body)
        outer.setContentsMargins(12, 6, 12, 6)
        self.tools = FlowLayout()
        self.quick_add = QLineEdit()
        self.quick_add.setPlaceholderText("Add a card (Enter)")
        self.quick_add.setToolTip("Type a title and press Enter: the card goes to the release (to Parked once "
                                  "the scope is frozen)")
        self.quick_add.setAccessibleName("Add a card")
        self.quick_add.returnPressed.connect(self._quick_add)
        self.tools.addWidget(self.quick_add)
        self.finder = QLineEdit()
        self.finder.setPlaceholderText("Find (Ctrl+F)")
        self.finder.setToolTip("Find cards by text, owner, kind or risk area (Ctrl+F)")
        self.finder.setAccessibleName("Find cards")
        self.finder.setClearButtonEnabled(True)
        self.finder.textChanged.connect(self._refilter)
        self.tools.addWidget(reads_only(self.finder))
        self.candidates = QToolButton()
        self.candidates.setCheckable(True)
        self.candidates.setText("Show cut &candidates")
        self.candidates.setToolTip("Highlight items that fail one of the three checks")
        self.candidates.toggled.connect(self._highlight)
        reads_only(self.candidates)  # a highlight on screen, no change to the plan
        self.tools.addWidget(self.candidates)
        self.cut_all = QPushButton("Cut &all candidates")
        self.cut_all.setToolTip("Cut every item that fails a check, each with the failed check as its reason")
        self.cut_all.clicked.connect(self.cut_all_candidates)
        self.tools.addWidget(self.cut_all)
        outer.addLayout(self.tools)

        self.fit_bar = FitBar()
        outer.addWidget(self.fit_bar)
        self.freeze = plain_label("", "warn")
        outer.addWidget(self.freeze)
        self.warnings = plain_label("", "warn")
        outer.addWidget(self.warnings)

        self.models = {lane: LaneModel(lane, self) for lane in LANES}
        self.columns = {lane: LaneColumn(model) for lane, model in self.models.items()}
        # One row holds the lanes (and the editor when it goes beside them); its height is set to what
        # the screen leaves (``_fit_lanes``), so the editor below the lanes is a scroll away.
        self.lanes_row = QWidget()
        self._row = row = QHBoxLayout(self.lanes_row)
        row.setContentsMargins(0, 0, 0, 0)
        lanes = QWidget()
        self._grid = grid = QGridLayout(lanes)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for at, lane in enumerate(LANES):
            model, column = self.models[lane], self.columns[lane]
            model.drop_handler = self.request_move
            column.view.drag_over.connect(self._preview_fit)
            column.view.selectionModel().selectionChanged.connect(
                lambda _s, _d, view=column.view: self._selection_changed(view))
            column.view.doubleClicked.connect(lambda _index: self.edit_selected())
            self._add_actions(column.view)
            grid.addWidget(column.title, 0, at, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(column.summary, 1, at, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(column.view, 2, at)
            grid.setColumnStretch(at, 1)
        grid.setRowStretch(2, 1)
        row.addWidget(lanes, 1)
        self.editor = CardEditor(hub)
        self.editor.leave.connect(self._back_to_card)
        self.beside = vertical_page(QWidget())  # the editor's place beside the lanes (a wide screen)
        row.addWidget(self.beside)
        outer.addWidget(self.lanes_row)
        self.below = QWidget()  # the editor's place below the lanes (a projector)
        self._below = below = QVBoxLayout(self.below)
        below.setContentsMargins(0, 12, 0, 0)
        outer.addWidget(self.below)
        outer.addStretch(1)  # what the lanes leave, for a moment (``_fit_lanes``), never to the warnings
        self.page = vertical_page(self.body)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.page)
        self.editor_beside = False
        self._place_editor(beside=False)
        self._fit_tools()
        self.page.viewport().installEventFilter(self)
        self.lanes_row.installEventFilter(self)
        for column in self.columns.values():
            column.view.rows_fitted.connect(self._arrange)  # a new font (presentation mode) or lane width
        describe(QShortcut(QKeySequence("Ctrl+F"), self, self.finder.setFocus), "Find a card")

        hub.opened.connect(self._plan_opened)
        hub.changed.connect(self._changed)
        hub.closed.connect(self._plan_closed)

    # -- layout for the screen --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.page.viewport():
            self._arrange()
        elif event.type() == QEvent.Type.Move and watched is self.lanes_row:
            self._fit_lanes()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._arrange()

    def _fit_tools(self) -> None:
        """The two fields as wide as their hints and no wider, so the tools make one row where they can."""
        for field in (self.quick_add, self.finder):
            metrics = field.fontMetrics()
            field.setFixedWidth(metrics.horizontalAdvance(field.placeholderText()) + 4 * metrics.averageCharWidth())

    def _arrange(self) -> None:
        """Put the editor beside the lanes when the page holds three lanes of two-line cards and the editor
        at full size side by side, else below the lanes; then fit the tools and the lanes."""
        self._fit_tools()
        margins = self._outer.contentsMargins()
        # The page's width less a scroll bar, shown or not: the choice must not flip when one appears.
        room = (self.page.width() - 2 * self.page.frameWidth() - self.page.verticalScrollBar().sizeHint().width()
                - margins.left() - margins.right())
        lane = max(column.view.card_width() for column in self.columns.values())
        spacing = 2 * max(0, self._grid.horizontalSpacing()) + max(0, self._row.spacing())
        editor = self.editor.wanted_width() + self.beside.verticalScrollBar().sizeHint().width()
        self._place_editor(beside=room >= 3 * lane + spacing + editor)
        self._fit_lanes()

    def _place_editor(self, *, beside: bool) -> None:
        if beside == self.editor_beside and self.editor.parentWidget() is not None:
            return
        self.editor_beside = beside
        if beside:
            self._below.removeWidget(self.editor)
            self.beside.setWidget(self.editor)
            self.beside.setFixedWidth(self.editor.wanted_width() + self.beside.verticalScrollBar().sizeHint().width())
        else:
            if self.beside.widget() is self.editor:
                self.beside.takeWidget()
            self._below.addWidget(self.editor)
        self.beside.setVisible(beside)
        self.below.setVisible(not beside)
        self.editor.show()

    def _fit_lanes(self) -> None:
        """The lanes as high as the screen leaves below the tools and warnings (two cards at least)."""
        margins = self._outer.contentsMargins()
        columns = self.columns.values()
        # Worked out here, not asked of the layout: its answer may be one change old (a font, a width).
        least = (max(column.title.heightForWidth(column.view.width()) for column in columns)
                 + max(column.summary.heightForWidth(column.view.width()) for column in columns)
                 + 2 * max(0, self._grid.verticalSpacing())
                 + max(column.view.minimumSizeHint().height() for column in columns))
        height = max(least, self.page.viewport().height() - self.lanes_row.y() - margins.bottom())
        if self.lanes_row.minimumHeight() != height or self.lanes_row.maximumHeight() != height:
            self.lanes_row.setFixedHeight(height)

    def _back_to_card(self) -> None:
        """From the editor (Escape) back to the selected card."""
        chosen = self.selected()
        view = self.columns[chosen[0] if chosen else LANES[0]].view
        view.setFocus()
        # the page at its top when the lanes fit under the tools, else at the lanes' headers
        bottom = self.lanes_row.geometry().bottom()
        self.page.verticalScrollBar().setValue(0 if bottom < self.page.viewport().height() else self.lanes_row.y())

    # -- keyboard and menu actions ----------------------------------------------------------------
    def _add_actions(self, view: LaneView) -> None:
        lane = view.lane_model.lane
        entries = [
            ("Cut…", "X", lambda: self.move_selected(Lane.CUT.value), lane != Lane.CUT.value),
            ("Park for next cycle", "P", lambda: self.move_selected(Lane.PARKED.value), lane != Lane.PARKED.value),
            ("Restore to the release", "R", lambda: self.move_selected(Lane.IN_RELEASE.value),
             lane != Lane.IN_RELEASE.value),
            ("Move up", "Alt+Up", lambda: self.nudge(-1), True),
            ("Move down", "Alt+Down", lambda: self.nudge(1), True),
            ("Move to the column on the left", "Alt+Left", lambda: self.shift_lane(-1), lane != LANES[0]),
            ("Move to the column on the right", "Alt+Right", lambda: self.shift_lane(1), lane != LANES[-1]),
            ("Edit", "F2", self.edit_selected, True),
            ("Delete", QKeySequence.StandardKey.Delete, self.delete_selected, True),
        ]
        for text, keys, slot, wanted in entries:
            assert isinstance(keys, (str, QKeySequence.StandardKey))
            if not wanted:
                continue
            action = QAction(text, view)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            view.addAction(action)

    # -- loading ------------------------------------------------------------------------------------
    def _plan_closed(self) -> None:
        self.frame = None
        for model in self.models.values():
            model.set_lane(BoardLane([], 0, LaneFacts()), {})
        self.editor.show_card(None, {})

    def reload(self) -> None:
        """Fill the lanes with the records of the cycle on screen (the board report's frame and order)."""
        from cockpit.reports.board import board_frame

        if self.hub.plan is None or self.hub.release_id is None:
            return
        cycle = self.hub.cycle()
        self.frame = board_frame(cycle)
        self._stale = False
        selected = self.selected()
        scrolled = self._scroll_positions()
        for lane, contents in board_lanes(cycle.items).items():
            self.models[lane].set_lane(contents, self.frame.people)
        self._scroll_back(scrolled)
        self._show(selected)

    def _changed(self, changes: Changes | None = None) -> None:
        # no rows: changed elsewhere (another window on a team plan), so read everything again
        if (changes is None or self.frame is None or self._stale or not changes.rows
                or not changes.tables <= _PATCHABLE):
            super()._changed(changes)  # read the whole board (now if shown, else when shown)
            return
        self._patch(changes)

    def _patch(self, changes: Changes) -> None:
        """Apply the rows' new states to the lane models (no read from the plan)."""
        frame = self.frame
        assert frame is not None
        gone: dict[str, set[int]] = {}
        arriving: dict[str, list[ScopeItem]] = {}
        for row in changes.rows:
            if row.table != "scope_item":
                continue
            lane_now = self._lane_of(row.key)
            if lane_now is not None:
                gone.setdefault(lane_now, set()).add(row.key)
            if row.after is not None:
                values = dict(row.after)
                if values["release_id"] != frame.release_id:
                    continue
                item = item_from_values(values)
                arriving.setdefault(item.lane, []).append(item)
        selected = self.selected()
        scrolled = self._scroll_positions()
        for lane in LANES:
            if lane in gone or lane in arriving:
                self.models[lane].patch(gone.get(lane, set()), arriving.get(lane, []))
        self._scroll_back(scrolled)
        self._show(selected)

    def _scroll_positions(self) -> dict[str, int]:
        return {lane: column.view.verticalScrollBar().value() for lane, column in self.columns.items()}

    def _scroll_back(self, positions: dict[str, int]) -> None:
        """Each lane scrolled where it was before its model was refilled (a refresh never scrolls a lane)."""
        for lane, value in positions.items():
            view = self.columns[lane].view
            view.updateGeometries()  # the scroll range for the new row count, now rather than at the next paint
            view.verticalScrollBar().setValue(value)

    def _show(self, selected: tuple[str, list[int]] | None) -> None:
        frame = self.frame
        if frame is None:
            return
        in_release = self.models[Lane.IN_RELEASE.value].facts
        for lane in LANES:
            model = self.models[lane]
            self.columns[lane].update_summary(model.shown_count(), model.total(), model.facts.open_days)
        self.fit_bar.set_fit(frame.fit_days([in_release.open_days], dt.date.today()))
        candidates = in_release.candidates
        self.candidates.setText(f"Show cut &candidates ({candidates})")
        self.cut_all.setEnabled(bool(candidates))
        late = in_release.late
        if frame.frozen:
            self.freeze.setText(f"❄ Scope is frozen ({frame.phase}): new cards go to Parked; adding to the release "
                                f"needs an override reason. Late additions: {late}.")
        else:
            self.freeze.setText(f"Late additions: {late}." if late else "")
        self.freeze.setVisible(bool(self.freeze.text()))
        warnings = []
        if not frame.statement.ok:
            warnings.append("⚠ Problem statement: " + " ".join(frame.statement.problems))
        if (unsafe := unsafe_warning(in_release)) is not None:
            warnings.append("⚠ " + unsafe)
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        set_tone(self.warnings, "warn")
        self._fit_lanes()  # the warnings and the lanes' counts may take another number of lines
        if self._reselect is not None:  # the cards just moved: show them where they landed
            lane, ids = self._reselect
            self._reselect = None
            self.select(lane, ids)
        elif selected:  # a refresh: the same selection, and no lane scrolls
            lane, ids = selected
            self.select(lane, ids, scroll=False)
        self._update_editor()

    # -- selection --------------------------------------------------------------------------------
    def selected(self) -> tuple[str, list[int]] | None:
        """The lane with a selection and the selected card ids in visible order."""
        for lane in LANES:
            view = self.columns[lane].view
            rows = sorted(index.row() for index in view.selectionModel().selectedRows())
            ids = [card.id for r in rows if (card := self.models[lane].card(r)) is not None]
            if ids:
                return lane, ids
        return None

    def select(self, lane: str, ids: Sequence[int], *, scroll: bool = True) -> None:
        """Select the cards ``ids`` of ``lane`` (those shown), scrolled into sight unless ``scroll`` is False."""
        view = self.columns[lane].view
        model = self.models[lane]
        selection = view.selectionModel()
        selection.clearSelection()
        current = None
        for card_id in ids:
            row = model.row_of(card_id)
            if row >= 0:
                index = model.index(row)
                selection.select(index, QItemSelectionModel.SelectionFlag.Select)
                current = current or index
        if current is not None:
            kept = view.verticalScrollBar().value()
            selection.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
            if scroll:
                view.scrollTo(current)
            else:  # a new current card scrolls itself into sight (Qt's auto-scroll): not on a refresh
                view.verticalScrollBar().setValue(kept)

    def _selection_changed(self, view: LaneView) -> None:
        if view.selectionModel().hasSelection():
            for column in self.columns.values():
                if column.view is not view and column.view.selectionModel().hasSelection():
                    column.view.selectionModel().clearSelection()
        self._update_editor()

    def _update_editor(self) -> None:
        chosen = self.selected()
        card = None
        if chosen is not None and len(chosen[1]) == 1:
            lane, (card_id,) = chosen
            card = self.models[lane].find(card_id)
        if card is None or self.editor.card is None or card.id != self.editor.card.id:
            self.editor.commit_pending()
        self.editor.show_card(card, self.frame.people if self.frame else {})

    def commit_pending(self) -> None:
        self.editor.commit_pending()

    # -- actions ----------------------------------------------------------------------------------
    def _lane_of(self, card_id: int) -> str | None:
        """The lane holding card ``card_id`` (shown or filtered out), or None."""
        return next((lane for lane, model in self.models.items() if model.item(card_id) is not None), None)

    def _item(self, card_id: int) -> ScopeItem | None:
        """The record of card ``card_id`` as the lane models hold it, or None."""
        lane = self._lane_of(card_id)
        return None if lane is None else self.models[lane].item(card_id)

    def request_move(self, ids: list[int], lane: str, before_id: int | None) -> bool:
        """Move cards (from a drop, a key or a menu); asks why when cutting.

        Whether the move needs a freeze override is the core's call: the scope service raises
        ``ScopeFrozen`` and the hub asks for the reason and runs the move again with it.
        """
        from cockpit.services.scope import move_items

        if self.frame is None:
            return False
        moving = [card_id for card_id in ids if self._lane_of(card_id) is not None]
        if not moving:
            return False
        self._reselect = (lane, moving)
        # A cut asks why, parking asks why it waits (optional), and a move into a frozen release asks for
        # an override: the service says so (NeedsReason) and the hub asks, offering what the rule suggests.
        changes = self.hub.run(lambda plan, **extra: move_items(plan, moving, lane, before_id=before_id, **extra),
                               parent=self)
        if changes is None:
            self._reselect = None
        return changes is not None

    def move_selected(self, lane: str) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.request_move(chosen[1], lane, None)

    def shift_lane(self, step: int) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        target = LANES.index(chosen[0]) + step
        if 0 <= target < len(LANES):
            self.request_move(chosen[1], LANES[target], None)
            self.columns[LANES[target]].view.setFocus()

    def nudge(self, step: int) -> None:
        """Move the selected cards one place up (-1) or down (+1) in their lane."""
        chosen = self.selected()
        if chosen is None:
            return
        lane, ids = chosen
        order = self.models[lane].visible_ids()
        rows = [order.index(i) for i in ids]
        before: int | None
        if step < 0:
            if min(rows) == 0:
                return
            before = order[min(rows) - 1]
        else:
            after = max(rows) + 2
            if max(rows) == len(order) - 1:
                return
            before = order[after] if after < len(order) else None
        self.request_move(ids, lane, before)

    def edit_selected(self) -> None:
        """Into the editor's title (F2, a double click), the editor scrolled into sight when it is below the lanes."""
        if self.editor.card is not None:
            self.editor.title.setFocus()
            self.editor.title.selectAll()
            if not self.editor_beside:
                top = self.editor.mapTo(self.body, self.editor.rect().topLeft()).y()
                self.page.verticalScrollBar().setValue(top)

    def delete_selected(self) -> None:
        from cockpit.services.scope import delete_items

        chosen = self.selected()
        if chosen is not None:
            self.hub.run(lambda plan: delete_items(plan, chosen[1]))

    def first_field(self) -> QWidget:
        """Where the reset session's Cut scope step starts typing: a new card's title."""
        return self.quick_add

    def reveal(self, target: str) -> None:
        """Show what a "still open" line names: the cut candidates, highlighted, with Cut all candidates."""
        if target == "candidates":
            self.candidates.setChecked(True)
            self.cut_all.setFocus()

    def cut_all_candidates(self) -> None:
        from cockpit.services.scope import cut_candidates

        if self.hub.release_id is not None:
            release_id = self.hub.release_id
            self.hub.run(lambda plan: cut_candidates(plan, release_id))

    def _quick_add(self) -> None:
        from cockpit.services.scope import add_item

        title = self.quick_add.text()
        release_id = self.hub.release_id
        if release_id is None:
            return
        changes = self.hub.run(lambda plan: add_item(plan, release_id, title))
        if changes is not None:
            self.quick_add.setText("")  # not clear(): that is a typing step, and Ctrl+Z must undo the plan's change
            card_id = changes.result
            lane = next((dict(r.after)["lane"] for r in changes.rows if r.table == "scope_item" and r.after), None)
            if lane is not None:
                self.select(lane, [card_id])

    # -- find, highlight, live fit ------------------------------------------------------------------
    def _refilter(self, text: str) -> None:
        selected = self.selected()
        for model in self.models.values():
            model.set_filter(text)
        self._show(selected)

    def _highlight(self, on: bool) -> None:
        self.models[Lane.IN_RELEASE.value].set_highlight(on)

    def _preview_fit(self, lane: str, ids: object) -> None:
        if self.frame is None or not isinstance(ids, list):
            self.fit_bar.set_preview(None)
            return
        # Called on every mouse move of a drag: the release's open days, less the moving cards it holds,
        # plus the moving cards if they land in it (never a pass over the whole lane).
        release = self.models[Lane.IN_RELEASE.value]
        open_days = release.facts.open_days
        for card_id in set(ids):
            item = self._item(card_id)
            if item is None or item.status == Status.DONE.value:
                continue
            estimate = float(item.estimate_days or 0)
            if release.item(card_id) is not None:
                open_days -= estimate
            if lane == Lane.IN_RELEASE.value:
                open_days += estimate
        self.fit_bar.set_preview(self.frame.fit_days([open_days], dt.date.today()))

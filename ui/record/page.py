"""The track record page: every cycle of the plan side by side, drawn with QPainter (issue 21).

One landscape page with one column per cycle, oldest on the left, so that each row reads as a trend
from left to right: the outcome, say/do, the date, churn, rollback and rhythm. Landscape because the
cycles go across: twelve columns still get about 50 pt each, and the labels stay on one line.

The figures and their wording are the core's (``cockpit.reports.record``: ``number``, ``ratio``,
``MISSING``); this module only places them and draws charts of the same values. A figure the plan
cannot give prints "—" and draws no bar, never a zero.

Geometry is worked out in points; the painter works in decipoints (``U`` device units per point, a
720-dpi page) so that every font gets a whole pixel size (8.5 pt = 85 units) and the same drawing
prints exactly on the PDF writer and scales to any screen. No type is smaller than ``MIN_PT``: the
sizes drawn are kept in ``TrackRecordPage.sizes`` (the tests read them, and the PDF's words).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from cockpit.reports.record import MISSING, TrackRecord, number
from ui.record.sections import (
    BAD,
    BAND,
    COMMITTED_FILL,
    FAINT,
    GOOD,
    GREY,
    INK,
    OUTCOMES,
    READING,
    SECTIONS,
    STRIPE,
    TRACK,
    Row,
    Section,
    outcome_words,
)
from ui.style import families

#: device units per point: the page is drawn at 720 dpi
U = 10.0
DPI = 720
MIN_PT = 8.0
LABEL_PT = 8.5
TITLE_PT = 14.0
#: the type size of the figures, largest first: the largest at which they fit the columns and the
#: charts keep ``MIN_CHART`` points of height
VALUE_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
MIN_CHART = 40.0
MAX_CHART = 80.0
#: the widest a cycle's column gets (one cycle would otherwise be a page-wide column)
MAX_COLUMN = 180.0
#: up to this many cycles the page has room for "How to read this page" on the right
PANEL_CYCLES = 4
PANEL_W = 200.0
PANEL_MAX_W = 290.0
PANEL_GAP = 16.0
#: the least span of the slip chart, in days: two working weeks
SLIP_SCALE = 10
#: the least full scale of a row's bars (a count of scope changes)
CHURN_SCALE = 5

def font(pt: float, *, bold: bool = False) -> QFont:
    """The shipped family at ``pt`` points on the page (a whole number of device units)."""
    f = QFont()
    f.setFamilies(families())
    f.setPixelSize(round(pt * U))
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # the same widths on paper and screen
    for tag in ("liga", "clig"):  # "fi" stays two letters, so the PDF's text can be searched
        f.setFeature(QFont.Tag(tag), 0)
    return f


def text_width(text: str, pt: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points."""
    return QFontMetricsF(font(pt, bold=bold)).horizontalAdvance(text) / U


def _r(x: float, y: float, w: float, h: float) -> QRectF:
    return QRectF(x * U, y * U, w * U, h * U)


def _lines(text: str, pt: float, width: float, most: int, *, bold: bool = False) -> list[str]:
    """``text`` wrapped at word boundaries into at most ``most`` lines of ``width`` points (the last elided)."""
    metrics = QFontMetricsF(font(pt, bold=bold))
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(trial) / U <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > most:
        lines = [*lines[:most - 1], " ".join(lines[most - 1:])]
    return [metrics.elidedText(part, Qt.TextElideMode.ElideRight, width * U) for part in lines] or [""]


class TrackRecordPage:
    """The laid-out page for ``record`` on a ``width`` × ``height`` point area; ``paint`` draws it."""

    def __init__(self, record: TrackRecord, width: float, height: float) -> None:
        self.record, self.width, self.height = record, width, height
        self.cycles = record.cycles
        #: every type size drawn, in points (none below ``MIN_PT``)
        self.sizes: set[float] = set()
        n = max(1, len(self.cycles))
        self.label_w = 12 + max(max(text_width(r.label, LABEL_PT, bold=r.strong) for s in SECTIONS for r in s.rows),
                               max(text_width(w, MIN_PT) + 12 for s in SECTIONS for _, _, w in s.key),
                               text_width(self._target_words(), MIN_PT) + 12)
        self.panel_w = PANEL_W if len(self.cycles) <= PANEL_CYCLES else 0.0
        room = width - self.label_w - (self.panel_w + PANEL_GAP if self.panel_w else 0)
        self.col_w = min(MAX_COLUMN, room / n)
        if self.panel_w:  # the panel takes what the columns leave, up to a readable measure
            self.panel_w = min(PANEL_MAX_W, width - self.label_w - self.col_w * n - PANEL_GAP)
        self.pt = VALUE_SIZES[-1]
        self.name_lines = 1
        self.outcome_lines = 1
        for pt in VALUE_SIZES:
            self.pt = pt
            self.name_lines = max((len(_lines(c.name, pt, self.col_w - 6, 2)) for c in self.cycles), default=1)
            widest = max(self._widest(pt), self._widest_outcome(pt))
            if self._chart_height(pt) >= MIN_CHART and widest <= self.col_w - 6:
                break
        if self._widest_outcome(self.pt) > self.col_w - 6:  # narrow columns: "↺ rolled" over "back"
            self.outcome_lines = 2
        self.chart_h = max(24.0, min(MAX_CHART, self._chart_height(self.pt)))

    # -- layout ------------------------------------------------------------------------------
    def _heights(self, pt: float) -> dict[str, float]:
        return {"title": TITLE_PT * 1.3 + LABEL_PT * 1.35 + 8, "cycle": (pt + 0.5) * 1.35,
                "name": pt * 1.25 * self.name_lines, "outcome": self._pill(pt) + 6, "band": 9.0 * 1.55, "row": pt * 1.4,
                "strong": (pt + 2) * 1.4}

    def _pill(self, pt: float) -> float:
        return pt * (1.3 * self.outcome_lines + 0.5)

    def _chart_height(self, pt: float) -> float:
        h = self._heights(pt)
        fixed = (h["title"] + h["cycle"] + h["name"] + h["outcome"] + len(SECTIONS) * h["band"]
                 + sum(h["strong"] if r.strong else h["row"] for s in SECTIONS for r in s.rows))
        return (self.height - fixed) / sum(1 for s in SECTIONS if s.chart)

    def _widest(self, pt: float) -> float:
        """The widest figure at ``pt`` (drill lists are elided instead; names wrap)."""
        widths = [text_width(r.text(c), pt + 2 if r.strong else pt, bold=r.strong)
                  for c in self.cycles for s in SECTIONS for r in s.rows if not r.ragged]
        widths += [text_width(f"Cycle {c.cycle}", pt + 0.5, bold=True) for c in self.cycles]
        return max(widths, default=0.0)

    def _widest_outcome(self, pt: float) -> float:
        return max((text_width(outcome_words(c)[0], pt, bold=True) + 8 for c in self.cycles), default=0.0)

    def _x(self, index: int) -> float:
        return self.label_w + index * self.col_w

    # -- drawing -----------------------------------------------------------------------------
    def text(self, p: QPainter, rect: QRectF, text: str, pt: float, *, colour: str = INK, bold: bool = False,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
             elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        """One line of text in ``rect`` (points), elided to fit, vertically centred."""
        f = font(pt, bold=bold)
        self.sizes.add(pt)
        p.setFont(f)
        p.setPen(QColor(colour))
        shown = QFontMetricsF(f).elidedText(text, elide, rect.width() * U)
        p.drawText(_r(rect.x(), rect.y(), rect.width(), rect.height()),
                   int(align | Qt.AlignmentFlag.AlignVCenter), shown)

    def paint(self, p: QPainter) -> None:
        """Draw the page with the top left of its area at the painter's origin (device units: ``U`` a point)."""
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        h = self._heights(self.pt)
        y = self._title(p, h)
        if not self.cycles:
            self.text(p, QRectF(0, y, self.width, 20), "No cycle in this plan yet.", 10)
            p.restore()
            return
        table_w = self.col_w * len(self.cycles)
        bottom = self.height
        for i in range(1, len(self.cycles), 2):  # every other column shaded, to read a cycle down the page
            p.fillRect(_r(self._x(i), y, self.col_w, bottom - y - 4), QColor(STRIPE))
        y = self._heads(p, y, h)
        for section in SECTIONS:
            p.fillRect(_r(0, y, self.label_w + table_w, h["band"]), QColor(BAND))
            self.text(p, QRectF(4, y, self.label_w - 4, h["band"]), section.title.upper(), 9.0, bold=True)
            # the question starts in the label column when the title is short (it must fit one column too)
            left = min(self.label_w, 4 + text_width(section.title.upper() + "    ", 9.0, bold=True))
            self.text(p, QRectF(left, y, self.label_w + table_w - left - 4, h["band"]), section.question,
                      LABEL_PT, colour=GREY)
            y += h["band"]
            if section.chart:
                self._key(p, section, y)
                getattr(self, f"_chart_{section.chart}")(p, QRectF(self.label_w, y, table_w, self.chart_h))
                y += self.chart_h
            for row in section.rows:
                y = self._row(p, row, y, h["strong"] if row.strong else h["row"])
        if self.panel_w:
            left = self.label_w + table_w + PANEL_GAP
            self._panel(p, QRectF(left, h["title"], self.panel_w, bottom - h["title"]))
        p.restore()

    def _title(self, p: QPainter, h: dict[str, float]) -> float:
        plan = f": {self.record.plan}" if self.record.plan else ""
        line = TITLE_PT * 1.3
        totals = self.record.totals
        parts = [(f"{totals[k]} {k}", OUTCOMES[k][1]) for k in OUTCOMES if k in totals]
        right = sum(text_width(t + "   ", 9.0, bold=True) for t, _ in parts)
        self.text(p, QRectF(0, 0, self.width - right - 10, line), f"Track record{plan}", TITLE_PT, bold=True)
        x = self.width - right
        for words, colour in parts:
            w = text_width(words + "   ", 9.0, bold=True)
            self.text(p, QRectF(x, 0, w, line), words, 9.0, colour=colour, bold=True)
            x += w
        self.text(p, QRectF(0, line, self.width, LABEL_PT * 1.35),
                  f"Every cycle side by side, oldest on the left, as of {self.record.as_of:%a %d %b %Y}. "
                  f"{MISSING} means the plan cannot say (never a zero).", LABEL_PT, colour=GREY)
        return h["title"]

    def _heads(self, p: QPainter, y: float, h: dict[str, float]) -> float:
        pt = self.pt
        for i, c in enumerate(self.cycles):
            x, w = self._x(i) + 3, self.col_w - 6
            self.text(p, QRectF(x, y, w, h["cycle"]), f"Cycle {c.cycle}", pt + 0.5, bold=True)
            for n, line in enumerate(_lines(c.name, pt, w, self.name_lines)):
                self.text(p, QRectF(x, y + h["cycle"] + n * pt * 1.25, w, pt * 1.25), line, pt)
            words, colour = outcome_words(c)
            top = y + h["cycle"] + h["name"] + 2
            lines = _lines(words, pt, w - 6, self.outcome_lines, bold=True)
            wide = max(text_width(line, pt, bold=True) for line in lines)
            pill = QRectF(x, top, min(w, wide + 8), self._pill(pt))
            p.setPen(QPen(QColor(colour), 0.8 * U))
            p.setBrush(QColor(255, 255, 255))
            p.drawRoundedRect(_r(pill.x(), pill.y(), pill.width(), pill.height()), 3 * U, 3 * U)
            line_h = (pill.height() - pt * 0.5) / len(lines)
            for n, line in enumerate(lines):
                self.text(p, QRectF(x, top + pt * 0.25 + n * line_h, pill.width(), line_h), line, pt,
                          colour=colour, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
        self.text(p, QRectF(4, y, self.label_w - 4, h["cycle"]), "Cycle", LABEL_PT, colour=GREY)
        self.text(p, QRectF(4, y + h["cycle"] + h["name"] + 2, self.label_w - 4, self._pill(self.pt)), "Outcome",
                  LABEL_PT, bold=True)
        return y + h["cycle"] + h["name"] + h["outcome"]

    def _row(self, p: QPainter, row: Row, y: float, height: float) -> float:
        self.text(p, QRectF(4, y, self.label_w - 8, height), row.label, LABEL_PT, bold=row.strong)
        pt = self.pt + 2 if row.strong else self.pt
        bars = [row.bar(c) for c in self.cycles] if row.bar else []
        # A row's own scale, but never under CHURN_SCALE: one re-estimate is not a full bar.
        largest = max([CHURN_SCALE, *(v for v, _ in bars if v is not None)])
        for i, c in enumerate(self.cycles):
            x, w = self._x(i) + 3, self.col_w - 6
            if bars:
                value, full = bars[i]
                scale = full if full is not None else largest
                if full and value is not None:  # a share of a whole: the whole as a light track
                    p.fillRect(_r(x, y + 1.5, w, height - 3), QColor(TRACK))
                if value is not None and scale:
                    p.fillRect(_r(x, y + 1.5, w * min(1.0, value / scale), height - 3), QColor(row.fill))
            text = row.text(c)
            elide = Qt.TextElideMode.ElideLeft if row.ragged else Qt.TextElideMode.ElideRight
            self.text(p, QRectF(x + 2, y, w - 2, height), text, pt, bold=row.strong,
                      colour=GREY if text == MISSING else INK, elide=elide)
        return y + height

    def _key(self, p: QPainter, section: Section, y: float) -> None:
        """The chart's key in the label column."""
        line = MIN_PT * 1.35
        top = y + (self.chart_h - line * len(section.key)) / 2
        for n, (swatch, colour, words) in enumerate(section.key):
            if swatch == "dash":
                words = self._target_words()
            cy = top + n * line + line / 2
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(colour))
            if swatch == "box":
                p.drawRect(_r(6, cy - 3, 6, 6))
            elif swatch == "dot":
                p.drawEllipse(QPointF(9 * U, cy * U), 2.4 * U, 2.4 * U)
            else:
                pen = QPen(QColor(colour), 1.2 * U, Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.drawLine(QPointF(4 * U, cy * U), QPointF(14 * U, cy * U))
            self.text(p, QRectF(17, cy - line / 2, self.label_w - 19, line), words, MIN_PT, colour=GREY)

    def _targets(self) -> set[float]:
        return {c.drill_target for c in self.cycles}

    def _target_words(self) -> str:
        """The drill target in the key when every cycle has the same (else each column says its own)."""
        targets = self._targets()
        return f"target: {next(iter(targets)):g} min" if len(targets) == 1 else "target (min) of each cycle"

    def _dash(self, p: QPainter, rect: QRectF) -> None:
        """A cycle's chart cell with no figure: a dash, never a zero-length bar."""
        self.text(p, rect, MISSING, self.pt, colour=GREY, align=Qt.AlignmentFlag.AlignHCenter)

    def _chart_say_do(self, p: QPainter, area: QRectF) -> None:
        top = max((v for c in self.cycles for v in (c.committed, c.delivered) if v is not None), default=0) or 1
        label_h = MIN_PT * 1.3
        usable = area.height() - label_h - 4
        base = area.bottom() - 3
        for i, c in enumerate(self.cycles):
            centre = self._x(i) + self.col_w / 2
            if c.committed is None or c.delivered is None:
                self._dash(p, QRectF(self._x(i), area.y(), self.col_w, area.height()))
                continue
            bw = min(self.col_w * 0.26, 22.0)
            for n, (value, colour) in enumerate(((c.committed, COMMITTED_FILL), (c.delivered, GOOD))):
                x = centre - bw - 1.5 if n == 0 else centre + 1.5
                bh = usable * value / top
                p.setPen(QPen(QColor(GREY), 0.5 * U))
                p.setBrush(QColor(colour))
                p.drawRect(_r(x, base - bh, bw, bh))
                self.text(p, QRectF(x - 4, base - bh - label_h, bw + 8, label_h), str(value), MIN_PT,
                          colour=GREY, align=Qt.AlignmentFlag.AlignHCenter)

    def _chart_slip(self, p: QPainter, area: QRectF) -> None:
        slips = [c.slip_days for c in self.cycles if c.slip_days is not None]
        high, low = max([0, *slips]), min([0, *slips])
        span = max(SLIP_SCALE, high - low)
        high = span + low  # room above the line when nothing was late
        room = MIN_PT * 1.3 + 2  # the day count above the tallest bar
        inner = QRectF(area.x(), area.y() + room, area.width(), area.height() - room - 5)

        def at(days: float) -> float:
            return inner.y() + (high - days) / span * inner.height()

        zero = at(0)
        p.setPen(QPen(QColor(GREY), 0.6 * U))
        p.drawLine(QPointF(area.x() * U, zero * U), QPointF(area.right() * U, zero * U))
        for i, c in enumerate(self.cycles):
            if c.slip_days is None:
                self._dash(p, QRectF(self._x(i), zero - 14, self.col_w, 12))
                continue
            bw = min(self.col_w * 0.4, 30.0)
            x = self._x(i) + (self.col_w - bw) / 2
            late = c.slip_days > 0
            end = at(c.slip_days)
            y0, y1 = min(zero, end), max(zero, end)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(BAD if late else GOOD))
            p.drawRect(_r(x, y0 - (1 if y1 - y0 < 2 else 0), bw, max(2.0, y1 - y0)))
            label = MIN_PT * 1.3
            self.text(p, QRectF(self._x(i), min(end, zero) - label - 1, self.col_w, label), number(c.slip_days, " d"),
                      MIN_PT, colour=GREY, align=Qt.AlignmentFlag.AlignHCenter)

    def _chart_drills(self, p: QPainter, area: QRectF) -> None:
        values = [m for c in self.cycles for m in (*c.drill_minutes, c.drill_target)]
        top = max(values, default=1.0) * 1.12 or 1.0
        inner = QRectF(area.x(), area.y() + 4, area.width(), area.height() - 8)

        def at(minutes: float) -> float:
            return inner.bottom() - minutes / top * inner.height()

        p.setPen(QPen(QColor(FAINT), 0.4 * U))
        p.drawLine(QPointF(area.x() * U, inner.bottom() * U), QPointF(area.right() * U, inner.bottom() * U))
        points: list[tuple[QPointF, bool]] = []
        for i, c in enumerate(self.cycles):
            left = self._x(i)
            target = at(c.drill_target)
            p.setPen(QPen(QColor(BAD), 1.0 * U, Qt.PenStyle.DashLine))
            p.drawLine(QPointF((left + 2) * U, target * U), QPointF((left + self.col_w - 2) * U, target * U))
            if len(self._targets()) > 1:
                self.text(p, QRectF(left + 2, target - MIN_PT * 1.3, self.col_w - 4, MIN_PT * 1.3),
                          f"{c.drill_target:g}", MIN_PT, colour=BAD, align=Qt.AlignmentFlag.AlignRight)
            if not c.drill_minutes:
                self.text(p, QRectF(left, inner.bottom() - 12, self.col_w, 11), "no drill", MIN_PT, colour=GREY,
                          align=Qt.AlignmentFlag.AlignHCenter)
            k = len(c.drill_minutes)
            for n, minutes in enumerate(c.drill_minutes):
                x = left + self.col_w * (n + 1) / (k + 1)
                points.append((QPointF(x * U, at(minutes) * U), minutes <= c.drill_target))
        if len(points) > 1:  # the trend: every timed drill in order, across the cycles
            p.setPen(QPen(QColor(GREY), 0.8 * U))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolyline(QPolygonF([point for point, _ in points]))
        p.setPen(QPen(QColor(255, 255, 255), 0.6 * U))
        for point, within in points:
            p.setBrush(QBrush(QColor(GOOD if within else INK)))
            p.drawEllipse(point, 2.6 * U, 2.6 * U)

    def _panel(self, p: QPainter, area: QRectF) -> None:
        """How to read this page, beside the columns when there is room."""
        x, y = area.x() + 8, area.y() + 2
        p.setPen(QPen(QColor(BAND), 0.8 * U))
        p.drawLine(QPointF(area.x() * U, area.y() * U), QPointF(area.x() * U, area.bottom() * U))
        self.text(p, QRectF(x, y, area.width() - 8, 13), "How to read this page", 9.5, bold=True)
        y += 16
        for title, words in READING:
            self.text(p, QRectF(x, y, area.width() - 8, 11), title, LABEL_PT, bold=True)
            y += 11
            f = font(LABEL_PT)
            self.sizes.add(LABEL_PT)
            p.setFont(f)
            p.setPen(QColor(GREY))
            box = _r(x, y, area.width() - 8, area.bottom() - y)
            used = p.boundingRect(box, int(Qt.TextFlag.TextWordWrap), words)
            p.drawText(box, int(Qt.TextFlag.TextWordWrap), words)
            y += used.height() / U + 6

"""The brief's page as rich text for QTextDocument. Every user string goes through ``html.escape``.

No text is ever set smaller than the base size ``pt`` (≥ 8 pt): headings are larger, labels are grey.
"""

from __future__ import annotations

from html import escape

from cockpit.reports.brief import Brief, Entry, Listing

GOOD, BAD, GREY, STRIPE = "#1b7a2f", "#b3261e", "#505050", "#f0f0f0"


def _px(pt: float) -> str:
    """A length for Qt's rich text: it takes margins in CSS pixels (1/96 in), not points."""
    return f"{pt * 96 / 72:.1f}px"


def _e(text: str) -> str:
    return escape(" ".join(text.split()), quote=True)


def _heading(title: str, summary: str, pt: float) -> str:
    return (f'<p style="margin-top:{_px(pt * 0.9)}; margin-bottom:{_px(pt * 0.25)}">'
            f'<span style="font-size:{pt * 1.2:.1f}pt; font-weight:bold">{_e(title)}</span>'
            + (f'&nbsp;&nbsp;<span style="color:{GREY}">{_e(summary)}</span>' if summary else "") + "</p>")


def _table(rows: list[list[str]], widths: tuple[int, ...], pad: float) -> str:
    cells = []
    for n, row in enumerate(rows):
        shade = f' bgcolor="{STRIPE}"' if n % 2 else ""
        cells.append(f"<tr{shade}>" + "".join(f'<td width="{w}%">{c}</td>' for w, c in zip(widths, row, strict=True))
                     + "</tr>")
    return (f'<table width="100%" cellspacing="0" cellpadding="{pad:.1f}" border="0">' + "".join(cells)
            + "</table>")


def _more(listing: Listing, pad: float) -> str:
    if not listing.more:
        return ""
    return f'<p style="margin-top:{pad:.1f}px; color:{GREY}; font-weight:bold">{_e(listing.more_text)}</p>'


def _nobody(text: str = "nobody yet") -> str:
    return f'<span style="color:{BAD}">{_e(text)}</span>'


def _status(mark: str) -> str:
    if mark == "blocked":
        return f'<span style="color:{BAD}; font-weight:bold">blocked</span>'
    if mark == "done":
        return f'<span style="color:{GOOD}">✓ done</span>'
    return _e(mark)


def _owner(entry: Entry) -> str:
    """The owner's name, or "nobody yet" in red while the work is unfinished (grey once it is done)."""
    if entry.detail:
        return _e(entry.detail)
    return f'<span style="color:{GREY}">nobody named</span>' if entry.mark == "done" else _nobody()


def _flowing(listing: Listing, pt: float, pad: float) -> str:
    """A list as one paragraph ("A · B (why it waits) · +2 more items"): for a list read at a glance."""
    parts = [_e(e.text) + (f' <span style="color:{GREY}">({_e(e.detail)})</span>' if e.detail else "")
             for e in listing.entries]
    if listing.more:
        parts.append(f'<span style="color:{GREY}; font-weight:bold">{_e(listing.more_text)}</span>')
    return (_heading(listing.title, listing.summary, pt)
            + f'<p style="margin-top:{pad:.1f}px">' + " &nbsp;·&nbsp; ".join(parts) + "</p>")


def _listing(listing: Listing, pt: float, pad: float, kind: str) -> str:
    out = [_heading(listing.title, listing.summary, pt)]
    if not listing.total:
        return out[0] + f"<p>{_nobody(listing.empty) if kind != 'cut' else _e(listing.empty)}</p>"
    rows: list[list[str]] = []
    for entry in listing.entries:
        if kind == "items":
            rows.append([_e(entry.text), _owner(entry), _status(entry.mark)])
        elif kind == "tasks":
            rows.append([_e(entry.text), f'<span style="color:{GREY}">{_e(entry.what)}</span>', _owner(entry),
                         _status(entry.mark)])
        else:
            rows.append([_e(entry.text), f'<span style="color:{GREY}">{_e(entry.detail)}</span>'])
    widths = {"items": (62, 25, 13), "tasks": (47, 15, 25, 13), "unowned": (62, 38), "cut": (45, 55)}.get(
        kind, (55, 45))
    if rows:
        out.append(_table(rows, widths, pad))
    out.append(_more(listing, pad))
    return "".join(out)


def page_html(b: Brief, pt: float) -> str:
    """The whole page at base size ``pt``, in DOMAIN.md's priority order (readiness tasks and parked
    items, which that order does not name, beside the parts they belong with)."""
    pad = pt * 0.2 * 96 / 72  # cellpadding is in CSS pixels
    grey = f'style="color:{GREY}"'
    out = [f'<html><body style="font-size:{pt:.2f}pt; color:#000000">']
    # 1. release name and problem sentence
    out.append('<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>'
               f'<td width="78%"><span style="font-size:{pt * 2:.1f}pt; font-weight:bold">{_e(b.release)}</span></td>'
               f'<td width="22%" align="right" valign="middle" {grey}>Cycle {b.cycle} · {_e(b.phase)}<br/>'
               f"{b.dates[0][1]:%Y}</td>"
               "</tr></table>")
    problem = _e(b.problem) if b.problem.strip() else _nobody("No problem statement yet.")
    out.append(f'<p style="font-size:{pt * 1.3:.1f}pt; margin-top:{_px(pt * 0.3)}">{problem}</p>')
    # 2. dates
    cells = [f'<span {grey}>{_e(label)}</span><br/><b>{day:%a %d %b}</b>' if day else
             f'<span {grey}>{_e(label)}</span><br/>{_nobody("not set")}' for label, day in b.dates]
    # Each column as wide as its label or a bold date ("Wed 02 Dec"), so "Rollback rehearsal" stays on one line
    weights = [max(len(label), 11) for label, _ in b.dates]
    out.append(f'<table width="100%" cellspacing="0" cellpadding="{pad:.1f}" border="0" '
               f'style="margin-top:{_px(pt * 0.6)}"><tr>'
               + "".join(f'<td width="{100 * w / sum(weights):.0f}%">{c}</td>'
                         for w, c in zip(weights, cells, strict=True))
               + "</tr></table>")
    # 3. the role owners, two per row
    out.append(_heading("Owners", "one name per decision", pt))
    pairs = [(f'<span {grey}>{_e(label)}</span>', f"<b>{_e(names)}</b>" if names else _nobody())
             for label, names in b.roles]
    pairs += [("&nbsp;", "&nbsp;")] * (len(pairs) % 2)
    rows = [[*pairs[i], *pairs[i + 1]] for i in range(0, len(pairs), 2)]
    out.append(_table(rows, (20, 30, 20, 30), pad))
    # 4.-5. items in the release with owners, unfinished work with none; what was cut and why. The two
    # unranked lists sit beside the parts they explain (readiness tasks after the work, parked after the
    # cut): the page groups by subject; ``Brief.trimmed`` decides which list yields lines first.
    out.append(_listing(b.items, pt, pad, "items"))
    if b.unowned.total:  # what go/no-go question 2 counts, tasks included, so the count below has its list
        out.append(_listing(b.unowned, pt, pad, "unowned"))
    out.append(_listing(b.tasks, pt, pad, "tasks"))
    out.append(_listing(b.cut, pt, pad, "cut"))
    if b.parked.total:  # an empty Parked lane says nothing worth a heading; a full one is read at a glance
        out.append(_flowing(b.parked, pt, pad))
    # 6. rollback: triggers, caller, last drill
    out.append(_listing(b.triggers, pt, pad, "triggers"))
    caller = f"<b>{_e(b.caller)}</b>" if b.caller else _nobody()
    runner = f"<b>{_e(b.runner)}</b>" if b.runner else _nobody()
    drill = _e(b.last_drill) if b.last_drill != "never drilled" else _nobody(b.last_drill)
    out.append(f'<p style="margin-top:{pad:.1f}px"><span {grey}>Rollback caller</span> {caller} &nbsp;·&nbsp; '
               f'<span {grey}>runner</span> {runner} &nbsp;·&nbsp; <span {grey}>last drill</span> {drill}</p>')
    # 7. go/no-go state
    state = b.gonogo
    go = state.verdict == "go"
    out.append(_heading("Go / no-go", state.last_review, pt))
    rows = [[f'<span style="color:{GOOD if ok else BAD}; font-weight:bold">{"✓" if ok else "✗"}</span>',
             f"<b>{_e(label)}</b>", _e(evidence)] for label, ok, evidence in state.answers]
    out.append(_table(rows, (4, 34, 62), pad))
    who = _e(state.stop_authority) if state.stop_authority else _nobody("nobody named")
    out.append(f'<p style="margin-top:{_px(pt * 0.5)}"><span style="font-size:{pt * 1.6:.1f}pt; font-weight:bold; '
               f'color:{GOOD if go else BAD}">{"GO" if go else "NO-GO"}</span>&nbsp;&nbsp; '
               f'<span {grey}>stop authority</span> <b>{who}</b></p>')
    source = f" from {_e(b.source)}" if b.source else ""
    session = f"{_e(b.session)} · " if b.session else ""
    out.append(f'<p style="margin-top:{_px(pt * 0.5)}; color:{GREY}">{session}Printed {b.printed_on:%a %d %b %Y}'
               f"{source} "
               "· Release Cockpit</p></body></html>")
    return "".join(out)

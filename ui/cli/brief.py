"""``cockpit brief PATH -o OUT.pdf|OUT.md|-``: the one-page brief with no display at all.

The plan is opened with the standard library (``cockpit.reading``) and read as a snapshot
(``cockpit.reader``), so SQLAlchemy never loads when the file needs no upgrade; PDF
needs Qt (on the offscreen platform, with the shipped font), Markdown the core alone.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.common import EXIT_USAGE, PLAN_HELP, fail, plan_argument, read_live_cycle

if TYPE_CHECKING:
    from cockpit.reports.brief import Brief


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="write the one-page brief as PDF or Markdown",
                       description="Write the one-page brief of the plan's current release: a PDF (exactly one "
                                   "page) or Markdown for mail and chat. Needs no display.")
    p.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p.add_argument("-o", "--output", metavar="OUT", type=Path, required=True,
                   help="where to write it: a name ending in .pdf or .md, or - for standard output "
                        "(Markdown, or the PDF with --format pdf)")
    p.add_argument("--format", choices=("pdf", "md"), default=None,
                   help="pdf or md (default: from OUT's ending; Markdown for -)")
    p.add_argument("--paper", choices=("a4", "letter"), default=None,
                   help="paper size for the PDF (default: your setting in the app, else from the locale)")
    p.set_defaults(run=run)


def _gui() -> None:
    """A QGuiApplication on the offscreen platform (unless one exists), with the shipped font."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from ui.style import load_fonts

    if QGuiApplication.instance() is None:
        QGuiApplication(["cockpit"])
    load_fonts()


def _render(content: Brief, out: Path, paper: str | None) -> tuple[str, float, int]:
    """Write the PDF; returns (paper, type size, list lines summarised)."""
    _gui()
    from ui.brief import paper as paper_setting
    from ui.brief.render import write_pdf

    chosen = paper or paper_setting.paper()
    fitted = write_pdf(content, out, chosen)
    return chosen, fitted.pt, fitted.left_off


def _kind(args: argparse.Namespace) -> str | None:
    """".pdf" or ".md", from --format or the output's ending; None after saying what is wrong."""
    out: Path = args.output
    to_stdout = str(out) == "-"
    if args.format is not None:
        kind = f".{args.format}"
        if not to_stdout and out.suffix.lower() not in ("", kind):
            fail(f"{out.name} ends in {out.suffix} but --format is {args.format}: make them agree.")
            return None
        return kind
    if to_stdout:
        return ".md"
    kind = out.suffix.lower()
    if kind not in (".pdf", ".md"):
        fail(f"{out.name}: the brief is written as .pdf or .md (try {out.with_suffix('.pdf')}), "
             "or to standard output with -o -.")
        return None
    return kind


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import sys

    from cockpit.reports.brief import brief_content

    out: Path = args.output
    to_stdout = str(out) == "-"
    kind = _kind(args)
    if kind is None:
        return EXIT_USAGE
    if to_stdout and kind == ".pdf" and sys.stdout.isatty():
        return fail("a PDF is not for the terminal: redirect it (cockpit brief PLAN -o - --format pdf > brief.pdf) "
                    "or leave out --format pdf for Markdown.")
    if not to_stdout:
        if out.is_dir():
            return fail(f"{out} is a folder: give a file name.")
        if not out.parent.is_dir():
            return fail(f"the folder {out.parent} does not exist.")
    content = read_live_cycle(args.path, lambda cycle: brief_content(cycle, dt.date.today()))
    if content is None:
        return EXIT_USAGE
    if kind == ".md":
        from cockpit.reports.markdown import brief_markdown
        from ui.cli.common import write_text_output

        done = f"Wrote the brief of {args.path.name} to {{target}}"
        return write_text_output(brief_markdown(content), str(out), done)
    if to_stdout:
        return _pdf_to_stdout(content, args.paper)
    try:
        paper, pt, left_off = _render(content, out, args.paper)
    except OSError as exc:
        return fail(f"the PDF could not be written to {out}: {exc.strerror or exc}.")
    more = f", {left_off} list lines summarised" if left_off else ""
    print(f"Wrote the one-page brief of {args.path.name} to {out} ({'A4' if paper == 'a4' else 'Letter'}, "
          f"{pt:g} pt{more})")
    return 0


def _pdf_to_stdout(content: Brief, paper: str | None) -> int:
    """The PDF's bytes on standard output (written to a private temporary file first: Qt writes files)."""
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cockpit-brief-") as folder:
        target = Path(folder) / "brief.pdf"
        try:
            _render(content, target, paper)
        except OSError as exc:
            return fail(f"the PDF could not be written: {exc.strerror or exc}.")
        sys.stdout.buffer.write(target.read_bytes())
        sys.stdout.flush()
    return 0

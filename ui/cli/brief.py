"""``cockpit brief PATH -o OUT.pdf|OUT.md``: the one-page brief with no display at all.

PDF needs Qt (on the offscreen platform, with the shipped font); Markdown comes from the core alone.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.common import fail

if TYPE_CHECKING:
    from cockpit.reports.brief import Brief


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="write the one-page brief as PDF or Markdown",
                       description="Write the one-page brief of the plan's current release: a PDF (exactly one "
                                   "page) or Markdown for mail and chat. Needs no display.")
    p.add_argument("path", metavar="PATH", type=Path, help="the plan file")
    p.add_argument("-o", "--output", metavar="OUT", type=Path, required=True,
                   help="where to write it: a name ending in .pdf or .md")
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


def _render(content: Brief | None, out: Path, paper: str | None) -> tuple[str, float, int]:
    """Write the PDF; returns (paper, type size, list lines summarised)."""
    _gui()
    from ui.brief import paper as paper_setting
    from ui.brief.render import write_pdf

    chosen = paper or paper_setting.paper()
    assert content is not None
    fitted = write_pdf(content, out, chosen)
    return chosen, fitted.pt, fitted.left_off


class _Renderer:
    """Starts Qt in a child process while this one reads the plan, then hands it the content.

    Loading the database stack and starting Qt each take a good part of the command's time; on
    two cores they overlap. Used only where ``fork`` exists and Qt is not loaded yet (forking a
    running Qt is unsafe); otherwise the work is done in order, in this process.
    """

    def __init__(self, out: Path, paper: str | None) -> None:
        self.out, self.paper, self.pid = out, paper, 0
        if not hasattr(os, "fork") or "PySide6" in sys.modules:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        self.to_child, self.from_parent = os.pipe()[::-1]
        self.from_child, self.to_parent = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            self._child()

    def _child(self) -> None:  # pragma: no cover - runs in the forked process
        code = 3
        try:
            os.close(self.to_child)
            os.close(self.from_child)
            _gui()
            import ui.brief.render  # noqa: F401  (load it while the parent reads the plan)

            with os.fdopen(self.from_parent, "rb") as pipe:
                data = pipe.read()
            if data:
                paper, pt, left_off = _render(pickle.loads(data), self.out, self.paper)
                os.write(self.to_parent, f"{paper} {pt} {left_off}".encode())
            code = 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)

    def render(self, content: Brief | None) -> tuple[str, float, int] | None:
        """Render ``content`` (None: give up); returns what ``_render`` returns, None on failure."""
        if not self.pid:
            return None if content is None else _render(content, self.out, self.paper)
        os.close(self.from_parent)
        os.close(self.to_parent)
        with os.fdopen(self.to_child, "wb") as pipe:
            if content is not None:
                pipe.write(pickle.dumps(content))
        with os.fdopen(self.from_child, "rb") as pipe:
            reply = pipe.read().decode()
        _, status = os.waitpid(self.pid, 0)
        if content is None or os.waitstatus_to_exitcode(status) != 0 or not reply:
            return None
        paper, pt, left_off = reply.split()
        return paper, float(pt), int(left_off)


def run(args: argparse.Namespace) -> int:
    from cockpit.errors import CockpitError

    out: Path = args.output
    kind = out.suffix.lower()
    if kind not in (".pdf", ".md"):
        return fail(f"{out.name}: the brief is written as .pdf or .md (try {out.with_suffix('.pdf')}).")
    if out.is_dir():
        return fail(f"{out} is a folder: give a file name.")
    if not out.parent.is_dir():
        return fail(f"the folder {out.parent} does not exist.")
    renderer = _Renderer(out, args.paper) if kind == ".pdf" else None
    content = None
    try:
        from cockpit.reports.brief import brief_content
        from cockpit.store import open_plan

        with open_plan(args.path) as plan:
            content = brief_content(plan, plan.live_release_id())
    except CockpitError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.strerror or exc}: {exc.filename or args.path}")
    finally:
        if renderer is not None and content is None:
            renderer.render(None)
    if renderer is None:
        from cockpit.files import write_text_safely
        from cockpit.reports.markdown import brief_markdown

        write_text_safely(out, brief_markdown(content))
        print(f"Wrote the brief of {args.path.name} to {out}")
        return 0
    result = renderer.render(content)
    if result is None:
        return fail(f"the PDF could not be written to {out}.")
    paper, pt, left_off = result
    more = f", {left_off} list lines summarised" if left_off else ""
    print(f"Wrote the one-page brief of {args.path.name} to {out} ({'A4' if paper == 'a4' else 'Letter'}, "
          f"{pt:g} pt{more})")
    return 0

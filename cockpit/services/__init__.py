"""Every change to a plan. Each public function is one transaction and returns a ``Changes``."""

from cockpit.services.core import Changes, RowChange, redo, undo

__all__ = ["Changes", "RowChange", "redo", "undo"]

"""The scope board: three lanes, drag-to-cut, the three checks, fit and freeze."""

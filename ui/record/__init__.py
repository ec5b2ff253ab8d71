"""Retro ▸ Track record: every cycle of the plan side by side on one page (issue 21).

``page`` draws it with QPainter, ``render`` prints it to a one-page PDF, ``dialog`` shows it in the app
(``show_track_record``). The figures are the core's (``cockpit.reports.record``); nothing here computes one.
"""

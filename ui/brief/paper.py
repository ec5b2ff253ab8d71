"""The brief's paper size (A4 or Letter): a per-user setting that defaults from the locale.

Paper belongs to the laptop and its printer, not to the plan (the file travels between countries),
so it lives in the user's config folder, not in the plan file.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QPageSize

from cockpit import paths

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
LABELS = {"a4": "A4", "letter": "Letter"}
_C = QLocale.Country
#: where Letter is the usual paper (the Americas that follow the US, and the Philippines)
LETTER_TERRITORIES = frozenset({
    _C.UnitedStates, _C.Canada, _C.Mexico, _C.Philippines, _C.Chile, _C.Colombia, _C.Venezuela,
    _C.PuertoRico, _C.Guatemala, _C.CostaRica, _C.ElSalvador, _C.Panama, _C.DominicanRepublic,
    _C.Nicaragua, _C.Honduras, _C.Belize,
})


def locale_paper(locale: QLocale | None = None) -> str:
    """Letter where the locale uses it, otherwise A4."""
    locale = locale or QLocale.system()
    imperial = locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    if locale.territory() in LETTER_TERRITORIES or imperial:
        return "letter"
    return "a4"


def _settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "brief.ini"), QSettings.Format.IniFormat)


def paper() -> str:
    """The paper the person chose, or the locale's."""
    value = str(_settings().value("paper", "") or "")
    return value if value in PAPERS else locale_paper()


def set_paper(value: str) -> None:
    if value not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    settings = _settings()
    settings.setValue("paper", value)
    settings.sync()

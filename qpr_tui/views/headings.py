"""How the slices of a QPR are named: the scope, and the cover report's group headings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import KpiLine, Scope, Summary

ALL_DIRECTORATES = "All directorates"
NO_DIRECTORATE = "(no directorate)"


def heading(directorate: str, service_area: str) -> str:
    """The cover report's group heading: ``Directorate (Service area)``."""
    directorate = directorate or NO_DIRECTORATE
    if service_area and service_area != directorate:
        return f"{directorate} ({service_area})"
    return directorate


def scope_label(scope: Scope) -> str:
    """``All directorates``, or the heading of the directorate or service area."""
    if scope.directorate is None:
        return ALL_DIRECTORATES
    return heading(scope.directorate, scope.service_area or "")


def red_groups(s: Summary) -> list[tuple[str, list[KpiLine]]]:
    """The Red KPIs under their headings, in report order (the cover report's 2.3)."""
    groups: dict[str, list[KpiLine]] = {}
    for item in s.red:
        groups.setdefault(heading(item.directorate, item.service_area), []).append(item)
    return list(groups.items())

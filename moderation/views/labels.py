"""Translated names for stored codes, built once per request (a page of rows looks them up, not re-translates)."""

from __future__ import annotations

from flask_babel import gettext as _

from forum import listings


def kind_names() -> dict[str, str]:
    return {"innovator-academia": _("Innovator (knowledge institution)"), "innovator-startup": _("Innovator (start-up)"),
            "innovator-company": _("Innovator (company)"), "patient-representative": _("Patient representative"),
            "government": _("Government"), "other": _("Other")}


def domain_names(lang: str) -> dict[str, str]:
    """The four boards by their names, then the two domains that are not boards."""
    names = {board.slug: board.name(lang) for board in listings.boards()}
    return {**names, "funding": _("Funding"), "other": _("Other")}

"""The register's and figures' words for stored codes (from forum.labels), built once per request: a page of
rows looks them up instead of translating per row."""

from __future__ import annotations

from forum import listings
from forum.labels import code_labels


def kind_names() -> dict[str, str]:
    return code_labels("member_kind")


def domain_names(lang: str) -> dict[str, str]:
    """The four boards by their names, then the two domains that are not boards."""
    names = {board.slug: board.name(lang) for board in listings.boards()}
    return {**names, **code_labels("bottleneck_domain")}


def helped_group_names() -> dict[str, str]:
    return code_labels("helped_group")

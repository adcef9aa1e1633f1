"""The four boards FAST starts with, and keeping stored post HTML current."""

from __future__ import annotations

import click
from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Post
from forum.rendering import RENDER_VERSION
from forum.services.posting import render_post
from forum.unit_of_work import action, unit_of_work

DEFAULT_BOARDS = (
    ("clinical", "Klinisch onderzoek", "Clinical research",
     "Studieopzet, METC, patiëntparticipatie en het opzetten van een trial.",
     "Trial design, ethics review, patient participation and setting up a study.", 10),
    ("regulatory", "Regelgeving", "Regulation",
     "Route naar markttoelating bij CBG en EMA, ATMP's, wetenschappelijk advies.",
     "The route to market authorisation at CBG and EMA, ATMPs, scientific advice.", 10),
    ("reimbursement", "Vergoeding", "Reimbursement",
     "Zorginstituut, verzekeraars, voorwaardelijke toelating, weesgeneesmiddelen en HTA.",
     "Zorginstituut, insurers, conditional admission, orphan drugs and HTA.", 10),
    ("manufacturing", "Productie", "Manufacturing",
     "GMP-productiecapaciteit, opschaling, apotheekbereiding en kwaliteitssystemen.",
     "GMP manufacturing capacity, scale-up, pharmacy compounding and quality systems.", 10),
)


@action
def ensure_boards() -> None:
    existing = set(db.session.scalars(select(Board.slug)))
    for position, (slug, name_nl, name_en, desc_nl, desc_en, days) in enumerate(DEFAULT_BOARDS):
        if slug not in existing:
            db.session.add(Board(slug=slug, name_nl=name_nl, name_en=name_en, description_nl=desc_nl,
                                 description_en=desc_en, position=position, sla_working_days=days))


def rerender_stale_posts(progress: bool = False, batch: int = 500) -> int:
    stale = select(Post.id).where(Post.render_version != RENDER_VERSION)
    ids = list(db.session.scalars(stale))
    if not ids:
        return 0
    with click.progressbar(length=len(ids), label="Re-rendering posts", hidden=not progress) as bar:
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with unit_of_work():
                for post in db.session.scalars(select(Post).where(Post.id.in_(chunk))):
                    render_post(post)
            bar.update(len(chunk))
    return len(ids)

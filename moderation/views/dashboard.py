"""The moderators' dashboard: the queue, the boards and the experts at a glance."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, render_template
from flask_babel import gettext as _

from forum import listings, locale
from forum.labels import code_label
from forum.templating import decimal
from moderation import dashboard as figures
from moderation.charts import bar_chart
from moderation.views.guard import require_moderator

bp = Blueprint("dashboard", __name__, url_prefix="/mod")
bp.before_request(require_moderator)


@bp.route("/dashboard")
def overview():
    """Charts of the queue, the questions and the experts' answers, each with its table."""
    lang = locale.current()
    board_names = {board.slug: board.name(lang) for board in listings.boards()}
    sla = figures.sla_outcomes()
    load = figures.expert_load()
    weeks = [(locale.format_moment(datetime.combine(week, time(12)), "d MMM"), count)
             for week, count in figures.questions_per_week()]
    number = decimal  # 1,5 in Dutch
    charts = [
        bar_chart(_("Waiting in the queue, by reason"),
                  [(code_label("reason", reason), count) for reason, count in figures.queue_by_reason()],
                  category_label=_("Reason"), value_label=_("Items waiting"), number=number),
        bar_chart(_("New questions per week"), weeks,
                  category_label=_("Week starting"), value_label=_("Questions"), number=number),
        bar_chart(_("Median days to the first expert answer"),
                  [(board_names.get(slug, slug), days) for slug, days in figures.first_expert_answer_days()],
                  unit=" " + _("d"), category_label=_("Board"), value_label=_("Days (median)"), number=number),
        bar_chart(_("Assignments"), [(code_label("sla_outcome", outcome), count) for outcome, count in sla.items()],
                  category_label=_("Outcome"), value_label=_("Assignments"), number=number),
        bar_chart(_("Open assignments per expert"), [(name, count) for name, count, _cap in load],
                  category_label=_("Expert"), value_label=_("Open assignments"), number=number),
    ]
    return render_template("moderation/dashboard.html", charts=charts, board_names=board_names,
                           by_board=figures.threads_by_board_and_status(), load=load, sla=sla)

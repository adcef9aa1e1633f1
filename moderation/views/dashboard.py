"""The moderators' dashboard: the queue, the boards and the experts at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from moderation import dashboard as figures
from moderation.charts import bar_chart
from moderation.views.guard import require_moderator

bp = Blueprint("dashboard", __name__, url_prefix="/mod")
bp.before_request(require_moderator)


@bp.route("/dashboard")
def overview():
    """Charts of the queue, the questions and the experts' answers."""
    sla = figures.sla_outcomes()
    load = figures.expert_load()
    charts = [
        bar_chart(_("Waiting in the queue, by reason"), figures.queue_by_reason()),
        bar_chart(_("New questions per week"), figures.questions_per_week()),
        bar_chart(_("Median days to the first expert answer"), figures.first_expert_answer_days(), unit="d"),
        bar_chart(_("Assignments"), list(sla.items())),
        bar_chart(_("Open assignments per expert"), [(name, count) for name, count, _cap in load]),
    ]
    return render_template("moderation/dashboard.html", charts=charts,
                           by_board=figures.threads_by_board_and_status(), load=load, sla=sla)

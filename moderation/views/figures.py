"""FAST's yearly figures for moderators: /mod/figures, as a page with charts or as CSV, JSON and Markdown."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, flash, render_template, request
from flask_babel import gettext as _

from forum import listings, locale
from forum.errors import ForumError
from moderation import figures, periods
from moderation.charts import bar_chart
from moderation.views import labels
from moderation.views.guard import require_moderator

bp = Blueprint("figures", __name__, url_prefix="/mod")
bp.before_request(require_moderator)
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "md": "text/markdown; charset=utf-8"}


def chosen_period() -> periods.Period:
    if request.args.get("period"):
        return periods.parse(request.args["period"])
    return periods.between(request.args.get("from"), request.args.get("to"))


@bp.route("/figures")
def overview():
    """The figures FAST reports yearly, for any period; ?format=csv|json|md downloads them."""
    try:
        period = chosen_period()
    except ForumError as error:
        flash(error.translated(), "error")
        period = periods.between(None, None)
    result = figures.compute(period)
    chosen_format = request.args.get("format")
    if chosen_format in figures.FORMATS:
        name = f"fast-figures-{period.start.date()}-{period.end.date()}.{chosen_format}"
        return Response(figures.FORMATS[chosen_format](result), mimetype=MEDIA_TYPES[chosen_format],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    lang = locale.current()
    board_names = {board.slug: board.name(lang) for board in listings.boards()}
    kinds, groups = labels.kind_names(), labels.helped_group_names()
    charts = [
        bar_chart(_("Questions per month"), list(result.by_month.items())),
        bar_chart(_("Questions per board"), [(board_names.get(k, k), v) for k, v in result.by_board.items()]),
        bar_chart(_("Questions per kind of member"), [(kinds.get(k, k), v) for k, v in result.by_member_kind.items()]),
        bar_chart(_("Members helped"), [(groups[k], v) for k, v in result.members_helped_by_group.items()]),
    ]
    return render_template("moderation/figures.html", figures=result, charts=charts, period=period,
                           args={k: v for k, v in request.args.items() if k != "format"},
                           last_day=(period.end - timedelta(days=1)).date())

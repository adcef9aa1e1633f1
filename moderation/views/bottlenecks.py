"""The bottleneck register (/knelpunten), its moderator forms, and linking questions from their pages."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import listings, locale, permissions
from forum.errors import ForumError
from forum.models.clock import now
from forum.services import questions, validation
from moderation import bottleneck_lifecycle, bottleneck_report, bottlenecks, periods, register
from moderation.bottleneck_models import DOMAINS
from moderation.views import labels

bp = Blueprint("bottlenecks", __name__)


def _choices() -> dict:
    return {"domains": DOMAINS, "statuses": bottleneck_lifecycle.STATUSES, "parties": bottlenecks.parties(),
            "domain_names": labels.domain_names(locale.current()), "kind_names": labels.kind_names()}


def _require_manager() -> None:
    if not permissions.can_manage_bottlenecks(current_user):
        abort(403)


def _safe_next(default: str) -> str:
    target = request.form.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/knelpunten")
def index():
    """The register: public bottlenecks (every one for moderators), filtered and sorted."""
    try:
        chosen = register.RegisterFilter.from_args(request.args)
    except ForumError as error:
        flash(error.translated(), "error")
        chosen = register.RegisterFilter()
    page = register.register(current_user, chosen, listings.page_number(request.args.get("page")))
    moment = now()
    return render_template("bottlenecks/index.html", page=page, chosen=chosen, sorts=register.SORTS,
                           default_period=f"{moment.year}Q{(moment.month - 1) // 3 + 1}",
                           party_names=register.party_names(locale.current()), **_choices())


@bp.route("/knelpunten/report")
@login_required
def report():
    """The signal report for a period, to download (moderators)."""
    _require_manager()
    chosen_format = request.args.get("format") if request.args.get("format") in bottleneck_report.FORMATS else "md"
    try:
        period = periods.parse(request.args.get("period") or "")
    except ForumError as error:
        flash(error.translated(), "error")
        return redirect(url_for("bottlenecks.index"))
    text = bottleneck_report.render(period, bottleneck_report.build(period), chosen_format, locale.current())
    media = {"md": "text/markdown", "csv": "text/csv", "html": "text/html"}[chosen_format]
    return Response(text, mimetype=media, headers={
        "Content-Disposition": f'attachment; filename="knelpunten-{period.label}.{chosen_format}"'})


@bp.route("/knelpunten/<int:bottleneck_id>")
def show(bottleneck_id: int):
    """One bottleneck: its status and history, where its cases come from, and their trend."""
    target = bottlenecks.merged_target(current_user, bottleneck_id)
    if target is not None:
        return redirect(url_for("bottlenecks.show", bottleneck_id=target.id), 301)
    bottleneck = bottlenecks.get_bottleneck(current_user, bottleneck_id)
    others = bottlenecks.merge_candidates(bottleneck) if permissions.can_manage_bottlenecks(current_user) else []
    return render_template("bottlenecks/show.html", entry=register.entry(bottleneck),
                           cases=register.visible_cases(current_user, bottleneck),
                           next_statuses=bottleneck_lifecycle.next_statuses(bottleneck.status), others=others,
                           party_names=register.party_names(locale.current()), **_choices())


@bp.route("/knelpunten/new", methods=["GET", "POST"])
@login_required
def create():
    """A new bottleneck; with a question number it is linked to that question at once."""
    _require_manager()
    form = request.form if request.method == "POST" else request.args
    thread_id = validation.record_id(form.get("thread_id") or "")
    thread = questions.get_thread(current_user, thread_id) if thread_id else None
    error = None
    if request.method == "POST":
        try:
            bottleneck = bottlenecks.create_for_question(
                current_user, thread, form.get("title"), form.get("description"), form.get("domain"),
                form.get("party"), form.get("public") == "1", form.get("note", ""))
        except ForumError as failure:
            error = failure
        else:
            flash(_("Bottleneck created."), "info")
            if thread is not None:
                return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug or "vraag"))
            return redirect(url_for("bottlenecks.show", bottleneck_id=bottleneck.id))
    defaults = {"domain": thread.board.slug if thread else "", **form}
    return render_template("bottlenecks/form.html", form=defaults, thread=thread, error=error, bottleneck=None,
                           **_choices()), (error.status if error else 200)


@bp.route("/knelpunten/<int:bottleneck_id>/edit", methods=["GET", "POST"])
@login_required
def edit(bottleneck_id: int):
    """Change a bottleneck's title, description, domain, party or whether it is public."""
    _require_manager()
    bottleneck = bottlenecks.get_bottleneck(current_user, bottleneck_id)
    error = None
    form = request.form if request.method == "POST" else {
        "title": bottleneck.title, "description": bottleneck.description, "domain": bottleneck.domain,
        "party": bottleneck.party, "public": "1" if bottleneck.public else ""}
    if request.method == "POST":
        try:
            bottlenecks.edit(current_user, bottleneck, title=form.get("title"), description=form.get("description"),
                             domain=form.get("domain"), party=form.get("party"), public=form.get("public") == "1")
        except ForumError as failure:
            error = failure
        else:
            flash(_("Saved."), "info")
            return redirect(url_for("bottlenecks.show", bottleneck_id=bottleneck.id))
    return render_template("bottlenecks/form.html", form=form, thread=None, error=error, bottleneck=bottleneck,
                           **_choices()), (error.status if error else 200)


@bp.route("/knelpunten/<int:bottleneck_id>/<any(move, merge):change>", methods=["POST"])
@login_required
def change(bottleneck_id: int, change: str):
    """Move a bottleneck one step along its lifecycle, or merge it into another."""
    _require_manager()
    bottleneck = bottlenecks.get_bottleneck(current_user, bottleneck_id)
    form = request.form
    try:
        if change == "move":
            bottlenecks.move(current_user, bottleneck, form.get("to"), form.get("note", ""),
                             form.get("raised_with"), form.get("on") or None)
            flash(_("Status changed."), "info")
        else:
            target = bottlenecks.get_bottleneck(current_user, validation.record_id(form.get("into_id") or ""))
            bottlenecks.merge(current_user, bottleneck, target)
            flash(_("Merged."), "info")
            return redirect(url_for("bottlenecks.show", bottleneck_id=target.id))
    except ForumError as error:
        flash(error.translated(), "error")
    return redirect(url_for("bottlenecks.show", bottleneck_id=bottleneck.id))


@bp.route("/t/<int:thread_id>/knelpunten", methods=["POST"])
@login_required
def link(thread_id: int):
    """Link a question to a bottleneck, with a one-line anonymised note."""
    _require_manager()
    thread = questions.get_thread(current_user, thread_id)
    back = _safe_next(url_for("threads.show", thread_id=thread.id, slug=thread.slug or "vraag"))
    try:
        bottleneck = bottlenecks.get_bottleneck(current_user, validation.record_id(
            request.form.get("bottleneck_id") or ""))
        bottlenecks.link(current_user, thread, bottleneck, request.form.get("note", ""))
        flash(_("Linked to the bottleneck “%(title)s”.", title=bottleneck.title), "info")
    except ForumError as error:
        flash(error.translated(), "error")
    return redirect(back)


@bp.route("/t/<int:thread_id>/knelpunten/<int:bottleneck_id>/unlink", methods=["POST"])
@login_required
def unlink(thread_id: int, bottleneck_id: int):
    """Take a question off a bottleneck."""
    _require_manager()
    thread = questions.get_thread(current_user, thread_id)
    try:
        bottlenecks.unlink(current_user, thread, bottlenecks.get_bottleneck(current_user, bottleneck_id))
    except ForumError as error:
        flash(error.translated(), "error")
    return redirect(_safe_next(url_for("threads.show", thread_id=thread.id, slug=thread.slug or "vraag")))


@bp.route("/t/<int:thread_id>/knelpunt-signaal", methods=["POST"])
@login_required
def signal(thread_id: int):
    """The asker: "I think this is a wider bottleneck"."""
    thread = questions.get_thread(current_user, thread_id)
    try:
        bottlenecks.signal(current_user, thread, request.form.get("explanation"))
        flash(_("Thank you. The moderators will look at whether this is a wider bottleneck."), "info")
    except ForumError as error:
        flash(error.translated(), "error")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug or "vraag"))

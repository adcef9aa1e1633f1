"""The `fast-forum` command: a Flask CLI group bound to the app factory."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from forum import create_app, mail, transfer
from forum.boards_setup import ensure_boards, rerender_stale_posts
from forum.concurrency import serve, settle_after_start
from forum.demo import seed
from forum.errors import ForumError
from forum.extensions import db
from forum.mail import sender
from forum.services import accounts
from moderation import sla


def _create_app() -> Flask:
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """FAST Forum."""


def init_app(app: Flask) -> None:
    for command in (init_command, demo_command, create_user_command, run_command, rerender_command,
                    sla_tick_command, import_command, export_command, figures_command, knelpunten_group):
        app.cli.add_command(command)


def migrate_and_seed_boards() -> None:
    upgrade(directory=current_app.extensions["migrate"].directory)
    ensure_boards()


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database and seed the four boards."""
    migrate_and_seed_boards()

    rerender_stale_posts(progress=True)
    click.echo("Database ready.")


@click.command("rerender")
@with_appcontext
def rerender_command() -> None:
    """Re-render posts stored with an older markdown renderer."""
    click.echo(f"Re-rendered {rerender_stale_posts(progress=True)} posts.")


@click.command("demo")
@click.option("--force", is_flag=True, help="Seed even if the database already has threads.")
@with_appcontext
def demo_command(force: bool) -> None:
    """Seed the demo accounts and threads (on an empty database)."""
    migrate_and_seed_boards()
    created = seed.seed_demo(force=force, progress=True)
    seed.print_accounts(click.echo)
    if not created:
        click.echo("The database already has threads; demo threads were not added (use --force).")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["member", "expert", "moderator", "admin"]), default="member")
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.option("--kind", default="other")
@click.option("--organisation", default="")
@click.password_option(envvar="FORUM_NEW_USER_PASSWORD")
@with_appcontext
def create_user_command(email: str, role: str, name: str | None, kind: str, organisation: str,
                        password: str) -> None:
    """Create an account with the given role."""
    try:
        user = accounts.register(email, name or email.split("@")[0], password, kind, organisation, role=role)
    except ForumError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.email} ({user.role}), id {user.id}.")


@click.command("sla-tick")
@with_appcontext
def sla_tick_command() -> None:
    """Mark overdue assignments, remind their experts and re-queue their questions (for cron)."""
    overdue = sla.tick_alone()
    if overdue is None:
        click.echo("Another process is running the SLA tick; this one skipped it.")
    else:
        click.echo(f"{overdue} assignments became overdue.")


@click.command("run")
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), type=int, show_default="5000")
@click.option("--demo/--no-demo", default=True, help="Seed the demo on an empty database.")
@click.option("--processes", type=click.IntRange(min=1), show_default="the number of cores",
              default=lambda: int(os.environ.get("FORUM_PROCESSES") or os.cpu_count() or 1),
              help="Server processes on the one port.")
@with_appcontext
def run_command(host: str, port: int, demo: bool, processes: int) -> None:
    """Migrate, seed the demo on an empty database, and serve with live updates."""
    migrate_and_seed_boards()
    if demo:
        seed.seed_demo(force=False, progress=True)
        seed.print_accounts(click.echo)
    app = current_app._get_current_object()
    if processes > 1:
        from forum.server_pool import run_pool

        db.session.remove()
        db.engine.dispose()
        click.echo(f"Serving FAST Forum on http://{host}:{port} with {processes} processes")
        _warn_plain_http()
        sys.stdout.flush()
        run_pool(app, host, port, processes, say=lambda line: click.echo(line) or sys.stdout.flush())
        return
    if "FORUM_SECURE_COOKIES" not in os.environ:
        app.config["SESSION_COOKIE_SECURE"] = False  # this server speaks plain http; TLS lives in a proxy
    db.session.remove()

    sla.start_background_ticks(app)
    click.echo(mail.describe_delivery(app))
    sender.for_app(app).wake()  # mail left from before the restart goes out now

    settle_after_start()
    click.echo(f"Serving FAST Forum on http://{host}:{port}")
    _warn_plain_http()
    sys.stdout.flush()
    serve(app, host, port)


def _warn_plain_http() -> None:
    click.secho("WARNING: this server speaks plain http: passwords and session cookies cross the network "
                "readable. Put a TLS proxy in front (and set FORUM_TRUSTED_PROXIES=1) before anyone signs in "
                "from another machine.", fg="yellow", bold=True, err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(file: str) -> None:
    """Import threads from a JSONL file, one per line; exit status 1 if a line was bad (it is skipped)."""
    report = transfer.import_file(file, progress=True)
    for number, reason in report.bad:
        click.echo(f"line {number}: {reason}", err=True)
    if not report.indexed:
        click.echo("Search is still catching up with the import; `fast-forum search verify` checks it.", err=True)
    click.echo(report.summary)
    if report.bad:
        raise SystemExit(1)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--board", "boards", multiple=True, help="Only threads on this board (repeatable).")
@click.option("--public-only", is_flag=True, help="Leave out private threads.")
@click.option("--all", "everything", is_flag=True, help="Also deleted threads and deleted or hidden posts.")
@with_appcontext
def export_command(file: str, boards: tuple[str, ...], public_only: bool, everything: bool) -> None:
    """Write every thread (private ones too) to a JSONL file in the import format."""
    try:
        count = transfer.export_file(file, boards=boards, include_private=not public_only, everything=everything,
                                     progress=True)
    except (ForumError, OSError) as error:
        raise click.ClickException(getattr(error, "message", None) or str(error)) from error
    click.echo(f"Exported {count} threads to {file}.")


@click.command("figures")
@click.option("--year", type=int, default=None, help="A calendar year (the default: this year).")
@click.option("--period", default=None, help="Instead of --year: 2025Q3 or 2025-07.")
@click.option("--from", "start", default=None, help="Instead of --year: the first day, 2025-01-01.")
@click.option("--to", "until", default=None, help="With --from: the last day, 2025-12-31.")
@click.option("--format", "chosen_format", type=click.Choice(["md", "csv", "json"]), default="md")
@with_appcontext
def figures_command(year: int | None, period: str | None, start: str | None, until: str | None,
                    chosen_format: str) -> None:
    """FAST's yearly figures: questions, routing to experts, SLA, members helped, bottlenecks."""
    from forum.errors import ForumError
    from moderation import figures, periods

    try:
        if start or until:
            chosen = periods.between(start, until)
        else:
            chosen = periods.parse(period or str(year or periods.now().year), "--period")
    except ForumError as error:
        raise click.ClickException(error.message) from error
    click.echo(figures.FORMATS[chosen_format](figures.compute(chosen)), nl=False)


@click.group("knelpunten")
def knelpunten_group() -> None:
    """The bottleneck register (knelpunten)."""


@knelpunten_group.command("report")
@click.option("--period", required=True, help="2025Q3, 2025-07 or 2025.")
@click.option("--format", "chosen_format", type=click.Choice(["md", "csv", "html"]), default="md")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl")
@click.option("--public-only", is_flag=True, help="Leave out bottlenecks that are not public.")
@with_appcontext
def knelpunten_report_command(period: str, chosen_format: str, lang: str, public_only: bool) -> None:
    """The signal report: per bottleneck the cases in the period, status changes and anonymised summaries."""
    from forum.errors import ForumError
    from moderation import bottleneck_report, periods

    try:
        chosen = periods.parse(period, "--period")
    except ForumError as error:
        raise click.ClickException(error.message) from error
    rows = bottleneck_report.build(chosen, public_only=public_only)
    click.echo(bottleneck_report.render(chosen, rows, chosen_format, lang), nl=False)

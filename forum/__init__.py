"""FAST Forum: the app factory, the composition root that binds every extension and blueprint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

# Nothing heavy is imported at module level: a server entry point imports `forum.concurrency` and
# patches the standard library for gevent before Flask and its dependencies are loaded.

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    from flask import Flask

    app = Flask(
        __name__,
        instance_path=os.environ.get("FORUM_INSTANCE") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from forum import config as settings

    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.load_secret_key(app.instance_path)

    _bind_extensions(app)
    from forum import routing

    routing.init_app(app)
    _register_blueprints(app)

    from forum import cli, fragments, security, templating, visitor_pages, web_errors

    fragments.init_app(app)
    visitor_pages.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    web_errors.init_app(app)
    cli.init_app(app)

    from forum import mail

    mail.init_app(app)

    import search_index
    from forum import realtime

    realtime.init_app(app)
    search_index.init_app(app)
    app.cli.add_command(search_index.search_group)
    from forum.backup import backup_command
    from forum.restore import restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    return app


def _bind_extensions(app: Flask) -> None:
    import moderation.bottleneck_models  # noqa: F401  (their tables share the metadata the migrations compare)
    import moderation.models  # noqa: F401
    import moderation.subscriptions  # noqa: F401  (moderation's part in what forum's actions announce)
    import search_index.postgres_schema  # noqa: F401  (the search column's table shares it too)
    from forum import concurrency, database, locale
    from forum.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio
    from forum.services.accounts import load_session_user

    database.configure(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_session_user)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=locale.select_locale)
    locale.init_app(app)
    limiter.init_app(app)
    origins = [o.strip() for o in app.config["SOCKETIO_ALLOWED_ORIGINS"].split(",") if o.strip()]
    socketio.init_app(
        app,
        async_mode=concurrency.async_mode(),
        # No message_queue: live events cross processes on the bus (forum.realtime.bus), and each
        # process emits only to its own sockets after its own permission checks.
        cors_allowed_origins=origins or None,
        max_http_buffer_size=64 * 1024,
        # With several processes on one port only websockets keep a session on the process that holds it.
        transports=["websocket"] if app.config.get("LIVE_WEBSOCKET_ONLY") else ["polling", "websocket"],
    )


def _register_blueprints(app: Flask) -> None:
    from forum.api import bp as api_bp
    from forum.views import account, admin, auth, boards, mail_links, recovery, search, threads
    from moderation.views import blueprints as moderation_blueprints

    for module in (auth, account, admin, boards, threads, search, mail_links, recovery):
        app.register_blueprint(module.bp)
    for blueprint in moderation_blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp)

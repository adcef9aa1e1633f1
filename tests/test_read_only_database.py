"""A database that refuses writes (read-only instance folder, full disk): every save answers 503 with a
clear message and keeps the writer's text, reading goes on, and /healthz says so until writes work again.

The database itself refuses the writes here, two ways on each. SQLite: `PRAGMA query_only` on every
connection the app takes, or the instance folder, database and its write-ahead log made immutable
(`chattr +i`, which binds root too, unlike file modes). PostgreSQL: every connection the app takes made
read-only (`SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`), or the whole database
(`default_transaction_read_only`, as on a standby the app was pointed at after a failover): both answer
a write with SQLSTATE 25006.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from forum.extensions import db
from forum.models import Post, Thread
from forum.services import accounts
from tests.api.responses import error_of
from tests.conftest import PASSWORD, question_of, text_of, unavailable
from tests.databases import DIALECT

CANNOT_SAVE_NL = "Het forum kan nu niets opslaan"


def refuse_writes_by_pragma(app):
    def query_only(dbapi_connection, connection_record, connection_proxy):
        dbapi_connection.execute("PRAGMA query_only=ON")

    event.listen(db.engine, "checkout", query_only)

    def allow():
        event.remove(db.engine, "checkout", query_only)
        db.engine.dispose()  # pooled connections keep the pragma

    return allow


def refuse_writes_by_immutable_files(app):
    # Not the -shm file: SQLite maps it into memory, and an immutable mapping ends the process (SIGBUS).
    # A folder made read-only with chmod (by a user other than root) leaves that open file writable too.
    folder = Path(app.instance_path)
    files = [str(folder / name) for name in ("forum.sqlite3", "forum.sqlite3-wal") if (folder / name).exists()]
    if subprocess.run(["chattr", "+i", *files, str(folder)], capture_output=True).returncode != 0:
        unavailable("chattr +i is not possible here")

    def allow():
        subprocess.run(["chattr", "-i", str(folder), *files], check=True)

    return allow


def refuse_writes_in_each_session(app, databases):
    def read_only_session(dbapi_connection, connection_record, connection_proxy):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        dbapi_connection.commit()

    db.engine.dispose()  # the next connection is a new one, read-only from its first statement
    event.listen(db.engine, "checkout", read_only_session)

    def allow():
        event.remove(db.engine, "checkout", read_only_session)
        db.engine.dispose()  # pooled connections keep the setting

    return allow


def refuse_writes_in_the_database(app, databases):
    # The server's own administrator connection: the app's connections could not undo this themselves.
    name = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    databases.admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    db.engine.dispose()  # the setting reaches connections opened from now on

    def allow():
        databases.admin.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')

    return allow


REFUSALS = {
    "sqlite": {"query-only": lambda app, databases: refuse_writes_by_pragma(app),
               "immutable": lambda app, databases: refuse_writes_by_immutable_files(app)},
    "postgresql": {"read-only-session": refuse_writes_in_each_session,
                   "read-only-database": refuse_writes_in_the_database},
}[DIALECT]


@pytest.fixture(params=REFUSALS.values(), ids=REFUSALS.keys())
def read_only(request, app, databases):
    """read_only() -> from then on the database refuses writes; read_only.allow() ends that."""
    allow = []

    class Switch:
        def __call__(self):
            db.session.commit()  # the test's own session gives its connection back: the next one refuses
            allow.append(request.param(app, databases))

        def allow(self):
            db.session.commit()  # as at the end of a request: the session lets go of its connection
            allow.pop()()

    yield Switch()
    while allow:
        allow.pop()()


@pytest.fixture
def member(make_user):
    return make_user()


def post_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


def test_an_api_reply_is_refused_with_503_and_saves_nothing(client, make_thread, member, read_only):
    thread, token = make_thread(), accounts.issue_token(member)
    before = post_count()
    read_only()

    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers={"Authorization": f"Bearer {token}"},
                           json={"body": "Vraag eerst wetenschappelijk advies aan bij het CBG."})

    assert response.status_code == 503, response.data[:500]
    assert error_of(response)["code"] == "unavailable"
    assert error_of(response)["message"].startswith(CANNOT_SAVE_NL)
    assert response.headers["Retry-After"]
    read_only.allow()
    assert post_count() == before


def test_a_token_cannot_be_made_but_the_answer_says_why(client, member, read_only):
    read_only()
    client.set_cookie("forum_lang", "en")
    response = client.post("/api/v1/auth/token", json={"email": member.email, "password": PASSWORD})
    assert response.status_code == 503
    assert error_of(response) == {"code": "unavailable", "message": "The forum cannot save right now; your text "
                                  "is kept. Try again in a few minutes."}


def test_a_reply_form_answers_503_and_gives_the_text_back_to_send_again(client, login, make_thread, member,
                                                                       read_only):
    thread = make_thread()
    login(member)
    body = "Vraag het Zorginstituut om <een> vooroverleg.\nEn neem de patiëntenvereniging mee."
    read_only()

    response = client.post(f"/t/{thread.id}/reply", data={"body": body, "idempotency_key": "key-12345678"})

    assert response.status_code == 503
    assert CANNOT_SAVE_NL in text_of(response)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*id="kept-form">(.*?)</form>', response.text, re.S)
    assert form and form.group(1) == f"/t/{thread.id}/reply"
    assert "Vraag het Zorginstituut om &lt;een&gt; vooroverleg.\nEn neem de patiëntenvereniging mee." in form.group(2)
    assert 'name="idempotency_key" value="key-12345678"' in form.group(2)

    read_only.allow()  # the disk is back, and the health check (polled by the monitor) sees it
    assert client.get("/healthz").get_json()["database"] == "ok"
    again = client.post(form.group(1), data={"body": body, "idempotency_key": "key-12345678"})
    assert again.status_code == 302, again.text
    assert db.session.scalar(select(func.count()).where(Post.thread_id == thread.id, Post.body == body)) == 1


def test_an_ask_form_keeps_title_body_and_tags_but_never_a_password(client, login, member, read_only):
    login(member)
    read_only()
    response = client.post("/ask", data={"board": "regulatory", "title": "Welke route voor een ATMP?",
                                         "body": "Wij ontwikkelen een celtherapie.", "tags": "atmp gmp",
                                         "visibility": "public", "password": "should-never-be-echoed"})
    assert response.status_code == 503
    page = response.text
    assert "Welke route voor een ATMP?" in page and "Wij ontwikkelen een celtherapie." in page
    assert 'value="atmp gmp"' not in page and "atmp gmp</textarea>" in page
    assert 'name="board" value="regulatory"' in page
    assert "should-never-be-echoed" not in page
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_reading_goes_on(client, make_thread, read_only):
    thread = make_thread(title="Hoe bereiken we het CBG met een ATMP?")
    read_only()
    assert "Hoe bereiken we het CBG" in client.get(f"/t/{thread.id}", follow_redirects=True).text
    assert client.get("/").status_code == 200
    assert client.get(f"/api/v1/threads/{thread.id}").get_json()["posts"][0]["id"] == question_of(thread).id


def test_healthz_reports_a_read_only_database_until_writes_work_again(client, login, make_thread, member,
                                                                     read_only):
    thread = make_thread()
    login(member)
    read_only()
    assert client.get("/healthz").get_json()["database"] == "ok"  # nothing has tried to write yet

    assert client.post(f"/t/{thread.id}/reply", data={"body": "Een reactie die niet kan."}).status_code == 503
    health = client.get("/healthz")
    assert health.status_code == 200  # pages can still be read
    assert health.get_json()["database"] == "read-only" and health.get_json()["status"] == "degraded"

    read_only.allow()
    assert client.get("/healthz").get_json()["database"] == "ok"
    assert client.post(f"/t/{thread.id}/reply", data={"body": "Nu lukt het wel."}).status_code == 302

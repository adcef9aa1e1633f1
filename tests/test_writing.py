"""Writing a post: line breaks as written, a preview through the same sanitizer, all registration errors at
once, a visible title limit."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Post
from forum.rendering import RENDER_VERSION, render_markdown
from tests.conftest import question_of, text_of
from tests.inert import active_parts


def test_a_single_line_break_is_a_line_break():
    html = render_markdown("Beste expert,\nwij ontwikkelen een celtherapie.\n\nGroet,\nAnouk")
    assert html == "<p>Beste expert,<br>\nwij ontwikkelen een celtherapie.</p>\n<p>Groet,<br>\nAnouk</p>\n"


def test_posts_stored_by_an_older_renderer_are_rendered_again_by_init(runner, make_thread):
    thread = make_thread(body="Eerste regel\ntweede regel")
    post = question_of(thread)
    post.html, post.render_version = "<p>Eerste regel\ntweede regel</p>", RENDER_VERSION - 1
    db.session.commit()
    result = runner.invoke(args=["rerender"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    stored = db.session.get(Post, post.id)
    assert stored.render_version == RENDER_VERSION and "Eerste regel<br>" in stored.html


def test_preview_renders_through_the_sanitizer_and_stores_nothing(client, login, make_user):
    login(make_user())
    before = db.session.scalar(db.select(db.func.count()).select_from(Post))
    response = client.post("/preview", data={"body": "**vet**\nregel <script>alert(1)</script> [x](javascript:alert(1))"})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>vet</strong><br>" in html and not active_parts(html)
    assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == before


def test_preview_refuses_visitors_and_empty_text(client, login, make_user):
    assert client.post("/preview", data={"body": "tekst"}).status_code == 302  # to the sign-in page
    login(make_user())
    empty = client.post("/preview", data={"body": " "})
    assert empty.status_code == 422 and empty.get_json()["error"]["message"] == "De tekst is leeg."


def test_registration_shows_every_error_at_once_next_to_its_field(client):
    response = client.post("/register", data={"email": "geen-adres", "display_name": "", "password": "kort",
                                              "kind": "", "organisation": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("email", "display_name", "password", "kind"):
        assert f'id="{field}-error"' in page, field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page), field
    assert 'id="organisation-error"' not in page
    assert "Controleer 4 velden:" in text_of(response)


def test_registration_with_a_taken_address_does_not_say_so(client, make_user):
    taken = make_user()
    response = client.post("/register", data={"email": taken.email, "display_name": "Nieuw Lid",
                                              "password": "een lang genoeg wachtwoord", "kind": "other"})
    assert response.status_code == 200 and 'id="email-error"' not in response.get_data(as_text=True)
    assert 'id="register-sent"' in response.get_data(as_text=True)


def test_the_title_field_shows_its_limit(app, client, login, make_user):
    login(make_user())
    page = client.get("/ask").get_data(as_text=True)
    limit = app.config["TITLE_MAX_CHARS"]
    assert re.search(rf'id="title"[^>]*maxlength="{limit}"[^>]*aria-describedby="title-hint title-count"', page)
    assert f"Maximaal {limit} tekens." in page


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_preview_needs_the_page_s_csrf_token(self, app, make_user):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = make_user().get_id(), True
        token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/ask").get_data(as_text=True)).group(1)
        assert client.post("/preview", data={"body": "tekst"}).status_code == 400
        allowed = client.post("/preview", data={"body": "tekst"}, headers={"X-CSRFToken": token})
        assert allowed.status_code == 200 and allowed.get_json()["html"] == "<p>tekst</p>\n"

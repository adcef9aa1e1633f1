"""POST /api/v1/preview: the HTML a post would show, rendered and sanitized as the web form's preview."""

from __future__ import annotations


def test_the_api_previews_too(client, make_user, auth):
    headers = auth(make_user())
    response = client.post("/api/v1/preview", json={"body": "een\ntwee"}, headers=headers)
    assert response.status_code == 200 and response.get_json() == {"html": "<p>een<br>\ntwee</p>\n"}
    assert client.post("/api/v1/preview", json={}, headers=headers).status_code == 422
    assert client.post("/api/v1/preview", json={"body": "een"}).status_code == 401

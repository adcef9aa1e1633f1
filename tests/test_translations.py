"""Every text the interface can show has a Dutch translation, and the switch between languages works."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "forum" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"


def _keywords() -> dict:
    """The keywords named in babel.cfg's extract command, plus Babel's defaults."""
    from babel.messages.extract import DEFAULT_KEYWORDS

    command = (ROOT / "babel.cfg").read_text()
    extra = re.findall(r"-k (\w+)", command)
    return {**DEFAULT_KEYWORDS, **{name: None for name in extra}}


def _method_map() -> list[tuple[str, str]]:
    patterns = re.findall(r"^\[(\w+): ([^\]]+)\]", (ROOT / "babel.cfg").read_text(), re.M)
    return [(pattern, method) for method, pattern in patterns]


def test_every_extracted_message_has_a_dutch_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=_method_map(), keywords=_keywords()):
        msgid = message[0] if isinstance(message, tuple) else message
        if not msgid:
            continue
        entry = catalogue.get(msgid)
        translated = entry is not None and (entry.string[0] if isinstance(entry.string, tuple) else entry.string)
        if not translated:
            missing.append(f"{_file}:{_line}: {msgid}")
    assert not missing, "untranslated:\n" + "\n".join(sorted(set(missing)))


def test_dutch_is_the_default_and_english_is_a_choice(client):
    dutch = client.get("/")
    assert dutch.status_code == 200 and '<html lang="nl"' in dutch.text
    token = re.search(r'name="csrf-token" content="([^"]+)"', dutch.text).group(1)
    client.post("/lang", data={"lang": "en", "csrf_token": token, "next": "/"})
    english = client.get("/")
    assert '<html lang="en"' in english.text
    assert "Ask a question" in english.text


def test_the_privacy_guard_explains_itself_in_the_reader_s_language(client, login, make_thread, make_user):
    author = make_user()
    thread = make_thread(author=author)
    login(author)
    post_id = re.search(r'id="p(\d+)"', client.get(f"/t/{thread.id}", follow_redirects=True).text).group(1)
    body = "Mail me op jan.jansen@example.nl voor de details."

    dutch = client.post(f"/p/{post_id}/edit", data={"body": body, "title": thread.title, "tags": "atmp"})
    assert dutch.status_code == 422
    assert "een e-mailadres" in dutch.text and "an e-mail address" not in dutch.text

    client.post("/lang", data={"lang": "en", "next": "/"})
    english = client.post(f"/p/{post_id}/edit", data={"body": body, "title": thread.title, "tags": "atmp"})
    assert "an e-mail address" in english.text

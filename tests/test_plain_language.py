"""Every page speaks the reader's language: no stored code, and no English on a Dutch page.

A forum in every state (pending, privacy-held, flagged with a note, declined and overdue assignments,
answered, resolved, an audit log with every kind of entry) is rendered for each role in Dutch and in
English; the text a person reads (and the labels a screen reader reads out) may hold no code such as
`new_question` or `personal-medical-data`, and a Dutch page no English sentence from the catalogue.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from forum.extensions import db
from forum.labels import LABELS
from forum.models.clock import now
from forum.services import questions, replies
from moderation import assignments, bottlenecks, flags, publication, review, sla
from moderation.models import ReviewItem
from tests.test_translations import CATALOGUE

# Names people and things carry in any language: tags, brand names, the languages' own names.
ALLOWED = {"atmp", "orphan-drugs", "scientific-advice", "trial-design", "FAST", "Forum", "English", "Nederlands",
           "e-mail", "e-mailadres"}
# Codes that are also ordinary Dutch words ("open", "spam", "expert", "moderator", "admin", "post").
AMBIGUOUS = {"open", "spam", "expert", "moderator", "admin", "post", "other", "member"}
CODES = {code for name, group in LABELS.items() if name != "audit_field" for code in group} | {
    "clinical", "regulatory", "reimbursement", "manufacturing", "thread", "review_item", "user"}
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


class _Reader(HTMLParser):
    """The text of a page as a person (or a screen reader) meets it."""

    SKIPPED = {"script", "style", "template"}
    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def readable_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def codes_in(text: str, lang: str) -> set[str]:
    words = set(re.findall(r"[\w-]+", text))
    found = {word for word in SNAKE.findall(text)} | {word for word in words if "-" in word and word in CODES}
    if lang == "nl":
        found |= {word for word in words if word in CODES and word not in AMBIGUOUS}
    return found - ALLOWED


def _english_sentences() -> list[str]:
    """Catalogue texts of three words or more whose Dutch differs, without placeholders."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    sentences = []
    for message in catalogue:
        if not message.id or isinstance(message.id, tuple) or "%" in message.id:
            continue
        if len(message.id.split()) >= 3 and message.string and message.string != message.id:
            sentences.append(message.id)
    return sentences


@pytest.fixture
def forum_in_every_state(app, make_user, make_thread, frozen_clock_now):
    """People of each role and content in every state the moderator screens show."""
    people = {
        "member": make_user(name="Anouk de Vries", kind="patient-representative"),
        "expert": make_user("expert", name="Rob Regelgeving", organisation="CBG-kenner"),
        "moderator": make_user("moderator", name="Mila Moderator"),
        "admin": make_user("admin", name="Ada Beheer"),
    }
    flagger = make_user(name="Sanne Melder", kind="innovator-academia")
    second_expert = make_user("expert", name="Cleo Klinisch")
    people["expert"].expertise_tags, people["expert"].expert_boards = "atmp,scientific-advice", "regulatory"
    second_expert.expert_boards = "clinical"
    db.session.commit()
    asker, expert, moderator = people["member"], people["expert"], people["moderator"]

    make_thread(author=asker, status="pending", title="Hoe vraag ik wetenschappelijk advies aan",
                body="Wij ontwikkelen een celtherapie en zoeken de juiste route.")
    questions.ask_question(asker, "clinical", "Mijn vader heeft een zeldzame ziekte",
                           "Mail me op jan.jansen@voorbeeld.nl voor de details van zijn behandeling.", ["atmp"])
    open_thread = make_thread(author=asker, title="Waar vind ik GMP-capaciteit voor een kleine batch",
                              body="Wij zoeken een productielocatie in Nederland.", replies_count=1)
    reply = replies.reply(make_user(name="Bram Bouwer"), open_thread, "Kijk eens bij de academische centra.")
    flags.flag_post(flagger, reply, "personal-medical-data", "Er staat een patiëntnaam in dit bericht.")

    declined = make_thread(author=asker, title="Vergoeding van een weesgeneesmiddel via de sluis",
                           body="Hoe werkt de voorwaardelijke toelating?")
    first = assignments.escalate(moderator, declined, [expert.id], "Graag snel bekijken")[0]
    assignments.decline(expert, first, "Buiten mijn vakgebied")

    late = make_thread(author=asker, title="Welke route voor een ATMP bij het CBG",
                       body="Wij overwegen een aanvraag voor wetenschappelijk advies.")
    assignment = assignments.escalate(moderator, late, [expert.id], "Kun je hiernaar kijken?", due_days=1)[0]
    assignments.accept(expert, assignment)
    frozen_clock_now(timedelta(days=10))
    sla.tick()

    waiting = make_thread(author=asker, title="Hoe zet ik een kleine studie op",
                          body="Wij willen patiënten betrekken bij het ontwerp.", board="clinical")
    assignments.escalate(moderator, waiting, [expert.id], "Nieuwe vraag voor jou")

    answered = make_thread(author=asker, title="Wat kost een beoordeling door het Zorginstituut",
                           body="Wij bereiden een dossier voor.", board="reimbursement")
    assignments.escalate(moderator, answered, [expert.id])
    answer = replies.reply(expert, answered, "Reken op enkele maanden doorlooptijd.")
    resolved = make_thread(author=asker, title="Mag ik een oud middel herbestemmen",
                           body="Het middel is al lang uit patent.", board="regulatory")
    assignments.escalate(moderator, resolved, [expert.id])
    accepted = replies.reply(expert, resolved, "Ja, via een nieuwe indicatie.")
    questions.accept_answer(asker, accepted)
    publication.lock(moderator, make_thread(author=asker, title="Een gesloten vraag over productie",
                                          body="Deze vraag is afgerond.", board="manufacturing"))
    hidden = replies.reply(flagger, answered, "Nog een aanvulling van mij.")
    review.hide_post(moderator, hidden, "Herhaling")
    review.restore_hidden(moderator, hidden)

    # The register: a public bottleneck raised with a party, with a case; a private one; an asker's signal.
    raised = bottlenecks.create(moderator, "Trage route voor ziekenhuisvrijstelling", "Elke casus wacht.",
                                "regulatory", "cbg", True, "Eerste signaal")
    bottlenecks.link(moderator, open_thread, raised, "Zoekt productiecapaciteit")
    bottlenecks.move(moderator, raised, "analysing", "We zoeken uit hoe vaak dit speelt")
    bottlenecks.move(moderator, raised, "raised", "Besproken in het overleg", raised_with="CBG")
    private = bottlenecks.create(moderator, "Geld voor kleine studies", "", "funding", "cbg", False)
    bottlenecks.link(moderator, waiting, private, "Kleine studie zonder financiering")
    bottlenecks.signal(asker, answered, "Andere ontwikkelaars lopen hier ook tegenaan.")

    return {"people": people, "threads": [open_thread, declined, late, waiting, answered, resolved],
            "bottlenecks": [raised, private],
            "question_post": questions.question_post(answered), "answer": answer,
            "experts": [expert, second_expert]}


@pytest.fixture
def frozen_clock_now():
    from forum.models import clock

    def move(by: timedelta) -> None:
        clock.freeze(now() + by)

    yield move
    clock.freeze(None)


def _pages(state, role: str) -> list[str]:
    people, threads = state["people"], state["threads"]
    pages = ["/", "/b/regulatory", "/b/clinical", "/search?q=route", "/search?q=board:regelgeving",
             "/login", "/register"]
    pages += [f"/t/{thread.id}" for thread in threads]
    pages += [f"/u/{people['member'].id}", f"/u/{people['expert'].id}"]
    public, private = state["bottlenecks"]
    pages += ["/knelpunten", "/knelpunten?status=raised&sort=activity", f"/knelpunten/{public.id}"]
    if role == "visitor":
        return pages
    pages += ["/ask", "/account", "/notifications"]
    if role == "member":
        pending = db.session.scalars(db.select(ReviewItem.thread_id).where(ReviewItem.kind == "question")).all()
        pages += [f"/t/{thread_id}" for thread_id in pending]
        pages += [f"/p/{state['question_post'].id}/history"]
    if role in ("expert", "moderator", "admin"):
        pages += ["/expert/inbox"] if role == "expert" else []
        pages += ["/expert/profile"] if role == "expert" else []
    if role in ("moderator", "admin"):
        items = db.session.scalars(db.select(ReviewItem.id)).all()
        pages += ["/mod/queue", "/mod/queue?state=resolved", "/mod/dashboard", "/mod/audit", "/mod/experts",
                  f"/mod/experts/{people['expert'].id}", f"/mod/threads/{threads[0].id}/escalate",
                  f"/mod/threads/{threads[3].id}/escalate"]
        pages += [f"/mod/items/{item_id}" for item_id in items]
        pages += [f"/knelpunten/{private.id}", f"/knelpunten/{public.id}/edit", "/knelpunten/new",
                  f"/knelpunten/report?period={now().year}&format=html",
                  f"/knelpunten/report?period={now().year}&format=md", "/mod/figures",
                  f"/mod/figures?period={now().year}"]
    if role == "admin":
        pages += ["/admin/users", "/admin/parties"]
    return pages


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("role", ["visitor", "member", "expert", "moderator", "admin"])
def test_every_page_speaks_the_readers_language(app, login, forum_in_every_state, role, lang):
    client = app.test_client()
    if role == "visitor":
        client.set_cookie("forum_lang", lang)
    else:
        user = forum_in_every_state["people"][role]
        user.locale = lang
        db.session.commit()
        login(user, client)
    english = _english_sentences() if lang == "nl" else []
    problems = []
    for path in _pages(forum_in_every_state, role):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)
        text = readable_text(response.get_data(as_text=True))
        for code in sorted(codes_in(text, lang)):
            problems.append(f"{path}: code {code!r}")
        problems += [f"{path}: English {sentence!r}" for sentence in english if sentence in text]
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_printed_code():
    assert codes_in("Reden: new_question · personal-medical-data", "en") == {"new_question",
                                                                            "personal-medical-data"}
    assert codes_in("Status: declined, clinical", "nl") == {"declined", "clinical"}
    assert codes_in("Tags: atmp, orphan-drugs · Open", "nl") == set()
    assert readable_text('<p>Zien <span aria-label="on_time">✓</span></p><script>var a_b;</script>') == "Zien on_time ✓"


def test_the_flag_note_is_on_the_review_item(app, login, forum_in_every_state):
    moderator = login(forum_in_every_state["people"]["moderator"], app.test_client())
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.kind == "flag"))
    page = readable_text(moderator.get(f"/mod/items/{item.id}").get_data(as_text=True))
    assert "Er staat een patiëntnaam in dit bericht." in page
    assert "Persoonlijke medische gegevens" in page and "Sanne Melder" in page


def test_the_review_item_and_audit_log_show_amsterdam_time(app, login, forum_in_every_state):
    from datetime import datetime

    from forum.models import clock

    moderator = login(forum_in_every_state["people"]["moderator"], app.test_client())
    clock.freeze(datetime(2026, 12, 1, 22, 44))
    try:
        asker = forum_in_every_state["people"]["member"]
        thread = questions.ask_question(asker, "regulatory", "Een vraag laat op de avond", "Tekst van de vraag.")
    finally:
        clock.freeze(None)
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id))
    page = moderator.get(f"/mod/items/{item.id}").get_data(as_text=True)
    assert '<time datetime="2026-12-01T22:44:00Z">1 dec 2026, 23:44</time>' in page
    assert "01-12-2026 22:44" not in page

"""How the PostgreSQL backend asks: its posts found through the GIN index, the words' variants the index
does not hold left out of the query, the lexicon asked in one statement, the table vacuumed after a rebuild;
and the pages of hits it keeps until the content version changes."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from forum.extensions import db
from forum.visitor_pages import current_version
from search_index import query, rebuild, runtime
from search_index.backend import Scope
from search_index.postgres_backend import PostgresBackend
from search_index.postgres_query import Compiler

# Collected in the PostgreSQL pass only (tests/search/conftest.py), as the shared suite's `postgres`
# parameter is: nothing here is skipped on either database.


@pytest.fixture
def postgres_threads(make_thread, indexed):
    threads = [make_thread(title="Vergoeding van een weesgeneesmiddel", body="Hoe werkt de vergoeding?"),
               make_thread(title="GMP-capaciteit gezocht", body="Wij zoeken cleanroomruimte voor productie.")]
    indexed()
    return threads


@pytest.fixture
def statements():
    """Every statement sent, with its parameters; each search statement also with its plan, as the
    server made it for that statement in its own transaction and settings."""
    sent: list[dict] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        entry = {"sql": statement, "parameters": parameters}
        if "count(*) OVER ()" in statement:
            plan = cursor.connection.execute("EXPLAIN " + statement, parameters).fetchall()
            entry["plan"] = "\n".join(row[0] for row in plan)
        sent.append(entry)

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("search_backend", ["postgres"])
@pytest.mark.parametrize("words", ["vergoeding", "vergoeding weesgeneesmiddel", "vergoeding board:regulatory"])
def test_a_search_finds_its_posts_through_the_gin_index(postgres_threads, statements, find, words):
    # On a table this small the planner would rather read every row: only the search's own settings
    # make it use the index (as it must, for a common word in 100,000 posts).
    assert postgres_threads[0].id in find(None, words)
    plans = [entry["plan"] for entry in statements if "plan" in entry]
    assert plans
    assert all("Bitmap Index Scan on ix_search_documents_terms" in plan for plan in plans), plans
    assert all("Seq Scan on search_documents" not in plan and "Index Scan using" not in plan for plan in plans), plans


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_the_search_leaves_the_planner_as_it_found_it(postgres_threads, find):
    db.session.execute(text("SET LOCAL enable_seqscan = on"))
    find(None, "vergoeding")
    assert db.session.execute(text("SHOW enable_seqscan")).scalar() == "on"


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_the_lexicon_is_asked_about_every_word_in_one_statement(postgres_threads, statements):
    tree = query.parse("vergoeding weesgeneesmiddel productie cleanroomruimte").tree
    PostgresBackend().search(tree, Scope())
    lookups = [entry for entry in statements if "search_lexemes" in entry["sql"]]
    assert len(lookups) == 1
    assert len(lookups[0]["parameters"]["stems"]) > 4


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_a_rebuild_leaves_the_planner_the_tables_statistics(postgres_threads, make_thread):
    make_thread(title="Nog een vraag over vergoeding", replies_count=2)
    rebuild.rebuild(progress=False)
    counted = db.session.execute(text(
        "SELECT reltuples FROM pg_class WHERE relname = 'search_documents'")).scalar()
    assert counted == PostgresBackend().count() == 5


def test_variants_the_index_does_not_hold_are_left_out_of_the_query():
    word = "vergoeding"
    held = Compiler(lambda stem: stem == "vergoedt").word(word).match
    assert "'vergoedt'" in held
    assert "'vergoedd'" not in held and "'vergoedt'" not in Compiler(lambda stem: False).word(word).match
    # The word's own stems are always asked for; the compounds ending in it, those the index holds.
    assert Compiler(lambda stem: False).word(word).match == "('vergoed')"
    compounds = Compiler(lambda stem: False, lambda head: ["~deogrevgroz"] if head == "vergoed" else []).word(word)
    assert "'~deogrevgroz'" in compounds.match and "'~deogrevgroz'" in compounds.lexemes


def test_an_optional_word_is_scored_only_where_one_of_its_lexemes_occurs():
    compiled = Compiler(lambda stem: True).compile(query.Word("krijgen"))
    assert compiled.lexemes
    assert all(lexeme in compiled.match for lexeme in compiled.lexemes)
    assert set(compiled.present.split(" | ")) == compiled.lexemes


def _searches(statements) -> int:
    return sum("count(*) OVER ()" in entry["sql"] for entry in statements)


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_the_same_search_again_is_served_from_the_kept_hits(postgres_threads, statements, find):
    first = find(None, "vergoeding")
    sent = _searches(statements)
    assert sent >= 1
    assert find(None, "vergoeding") == first
    assert _searches(statements) == sent
    find(None, "cleanroomruimte")
    assert _searches(statements) > sent


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_a_commit_that_changes_the_content_retires_the_kept_hits(postgres_threads, make_thread, find):
    assert find(None, "octrooi") == []
    wanted = make_thread(title="Een vraag over het octrooi", body="Wie bezit het octrooi?")
    assert find(None, "octrooi") == [wanted.id]


@pytest.mark.parametrize("search_backend", ["postgres"])
@pytest.mark.parametrize("write", ["submit", "rebuild"])
def test_writing_the_search_table_alone_raises_the_content_version(postgres_threads, write):
    # A bulk import commits its threads first and their search rows after; a rebuild rewrites the rows.
    before = current_version(db.session)
    db.session.rollback()
    if write == "submit":
        runtime.current().writer.submit([postgres_threads[0].id])
    else:
        rebuild.rebuild(progress=False)
    assert current_version(db.session) > before


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_the_lexemes_a_post_is_written_with_are_kept_for_the_lookup(postgres_threads, make_thread, indexed):
    def held() -> set[str]:
        return set(db.session.execute(text("SELECT lexeme FROM search_lexemes")).scalars())

    assert "~deogrevgroz" not in held()
    make_thread(title="Zorgvergoeding voor een celtherapie", body="Wie betaalt de zorgvergoeding?")
    indexed()
    assert {"~deogrevgroz", "~eiparehtlec", "zorgvergoed", "betaalt"} <= held()
    assert not any(":" in lexeme for lexeme in held())  # words, not filters
    db.session.execute(text("INSERT INTO search_lexemes (lexeme) VALUES ('~sdrowdeteled')"))
    rebuild.rebuild(progress=False)  # forgets what no post holds any more, keeps what they hold
    assert {"~deogrevgroz", "~eiparehtlec", "~leddimseenegseew"} <= held()
    assert "~sdrowdeteled" not in held()


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_the_compounds_ending_in_a_word_are_asked_for_by_name(postgres_threads, make_thread, indexed, statements,
                                                              find):
    compound = make_thread(title="Zorgvergoeding aangevraagd", body="De zorgvergoeding is toegekend.")
    indexed()
    assert set(find(None, "vergoeding")) == {postgres_threads[0].id, compound.id}
    searches = [entry for entry in statements if "count(*) OVER ()" in entry["sql"]]
    assert searches
    tsqueries = [value for entry in searches for value in entry["parameters"].values() if isinstance(value, str)]
    assert any("'~deogrevgroz'" in value for value in tsqueries), tsqueries
    assert not any(":*" in value for value in tsqueries), tsqueries  # no prefix for PostgreSQL to re-check

"""search lexemes: the lexemes the search table's posts were written with, so a search learns which forms of
a word the index holds, and which compounds end in it, from a btree (not a GIN plan per form, nor a prefix
that makes PostgreSQL re-check every post)

Revision ID: 0016_search_lexemes
Revises: 0015_thread_page_index
Create Date: 2026-12-04 19:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016_search_lexemes'
down_revision = '0015_thread_page_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_lexemes',
        sa.Column('lexeme', sa.Text().with_variant(sa.Text(collation='C'), 'postgresql'), nullable=False),
        sa.PrimaryKeyConstraint('lexeme', name=op.f('pk_search_lexemes')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        # The words of the posts indexed so far, not their filters (on SQLite the search table stays empty).
        op.execute("INSERT INTO search_lexemes (lexeme) SELECT DISTINCT lexeme FROM search_documents,"
                   " unnest(tsvector_to_array(terms)) AS lexeme WHERE lexeme NOT LIKE '%:%'")


def downgrade():
    op.drop_table('search_lexemes')

"""search compounds: the compound lexemes the search table holds, so a query finds the compounds ending in a
word in a btree and asks the GIN index for them exactly, not by a prefix that makes PostgreSQL re-check
every post

Revision ID: 0016_search_compounds
Revises: 0015_thread_page_index
Create Date: 2026-12-04 19:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016_search_compounds'
down_revision = '0015_thread_page_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_compounds',
        sa.Column('lexeme', sa.Text().with_variant(sa.Text(collation='C'), 'postgresql'), nullable=False),
        sa.PrimaryKeyConstraint('lexeme', name=op.f('pk_search_compounds')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        # The compounds of the posts indexed so far (on SQLite the search table stays empty).
        op.execute("INSERT INTO search_compounds (lexeme) SELECT DISTINCT lexeme FROM search_documents,"
                   " unnest(tsvector_to_array(terms)) AS lexeme WHERE lexeme LIKE '~%'")


def downgrade():
    op.drop_table('search_compounds')

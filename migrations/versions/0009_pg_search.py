"""search documents: the PostgreSQL search backend's lexemes (a tsvector with a GIN index) per indexed post

Revision ID: 0009
Revises: 0006_token_lifetimes
Create Date: 2026-12-02 01:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0006_token_lifetimes'
branch_labels = None
depends_on = None


def upgrade():
    # The table exists on SQLite too (one schema for both databases); only PostgreSQL fills it.
    op.create_table(
        'search_documents',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('thread_id', sa.Integer(), nullable=False),
        sa.Column('visibility', sa.String(length=10), nullable=False),
        sa.Column('thread_created', sa.DateTime(), nullable=False),
        sa.Column('rank_factor', sa.Float(), nullable=False),
        sa.Column('fingerprint', sa.String(length=24), nullable=False),
        sa.Column('terms', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_search_documents_post_id_posts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', name=op.f('pk_search_documents')),
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_documents_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index('ix_search_documents_terms', ['terms'], unique=False, postgresql_using='gin')


def downgrade():
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_terms', postgresql_using='gin')
        batch_op.drop_index(batch_op.f('ix_search_documents_thread_id'))
    op.drop_table('search_documents')

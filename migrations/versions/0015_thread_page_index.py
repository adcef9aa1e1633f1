"""thread page index: a thread's replies in order, the question apart, so a page of replies is one short walk
of an index on PostgreSQL and SQLite alike

Revision ID: 0015_thread_page_index
Revises: 0014_content_version
Create Date: 2026-12-02 14:30:00

"""
from alembic import op

revision = '0015_thread_page_index'
down_revision = '0014_content_version'
branch_labels = None
depends_on = None


def upgrade():
    # With ix_posts_thread_status_id alone, "is_question IS false" was a filter: PostgreSQL guessed that
    # walking the primary key from the forum's first post would reach a thread's first 50 replies as soon
    # (it read 10,000 posts of other threads to show a long thread's first page), a member's page (published
    # replies and their own held ones) could not be read in order from it at all, and SQLite sorted the page.
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_thread_question_id', ['thread_id', 'is_question', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_thread_question_id')

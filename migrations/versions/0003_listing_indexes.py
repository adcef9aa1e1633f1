"""listing indexes: board pages walk threads in activity or creation order, and count them, from indexes alone

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 13:00:00

"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_index('ix_threads_board_status_activity')
        batch_op.drop_index('ix_threads_board_status_created')
        batch_op.create_index('ix_threads_board_activity',
                              ['board_id', 'last_activity_at', 'id', 'visibility', 'status', 'deleted_at'],
                              unique=False)
        batch_op.create_index('ix_threads_board_created',
                              ['board_id', 'created_at', 'id', 'visibility', 'status', 'deleted_at'],
                              unique=False)
        batch_op.create_index('ix_threads_board_listing',
                              ['board_id', 'visibility', 'status', 'deleted_at', 'reply_count'], unique=False)


def downgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_index('ix_threads_board_listing')
        batch_op.drop_index('ix_threads_board_created')
        batch_op.drop_index('ix_threads_board_activity')
        batch_op.create_index('ix_threads_board_status_created', ['board_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('ix_threads_board_status_activity', ['board_id', 'status', 'last_activity_at'],
                              unique=False)

"""board watches: a member follows a board, and its new questions come in their daily digest

Revision ID: 0012_board_watches
Revises: 0011_former_member_names
Create Date: 2026-12-02 04:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012_board_watches'
down_revision = '0011_former_member_names'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'board_watches',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('board_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_board_watches_board_id_boards'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_board_watches_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'board_id', name=op.f('pk_board_watches')),
    )
    with op.batch_alter_table('board_watches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_watches_board_id'), ['board_id'], unique=False)


def downgrade():
    with op.batch_alter_table('board_watches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_watches_board_id'))
    op.drop_table('board_watches')

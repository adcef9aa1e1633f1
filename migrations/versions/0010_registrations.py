"""registrations: an account is made only when the address it registers is confirmed

Revision ID: 0010_registrations
Revises: 0005_bottlenecks
Create Date: 2026-12-02 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0010_registrations'
down_revision = '0005_bottlenecks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'registrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('display_name', sa.String(length=80), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('organisation', sa.String(length=120), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrations_created_at'))
        batch_op.drop_index(batch_op.f('ix_registrations_email'))
    op.drop_table('registrations')

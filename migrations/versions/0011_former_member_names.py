"""former member names: a deleted account stores no name; "Former member" is written when shown, in the reader's language

Revision ID: 0011_former_member_names
Revises: 0010_registrations
Create Date: 2026-12-02 04:15:00

"""
from alembic import op

revision = '0011_former_member_names'
down_revision = '0010_registrations'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET display_name = '' WHERE deleted_at IS NOT NULL")


def downgrade():
    op.execute("UPDATE users SET display_name = 'Former member' WHERE deleted_at IS NOT NULL")

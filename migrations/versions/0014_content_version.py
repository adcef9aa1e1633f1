"""content version: one number that every commit changing what visitors see raises, so kept pages know when
they are out of date

Revision ID: 0014_content_version
Revises: 0013_audit_redaction
Create Date: 2026-12-02 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_content_version'
down_revision = '0013_audit_redaction'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('content_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade():
    op.drop_table('content_version')

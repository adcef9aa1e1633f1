"""status checks: the database refuses a question, post or assignment state outside its lifecycle

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-02 01:45:00

"""
from alembic import op

revision = '0007'
down_revision = '0003'
branch_labels = None
depends_on = None

# Written out here, not imported: a migration states the schema of its day.
THREAD_STATES = ("pending", "open", "awaiting_expert", "answered", "resolved", "closed", "rejected")
POST_STATES = ("pending", "published", "rejected", "hidden")
ASSIGNMENT_STATES = ("requested", "accepted", "answered", "declined", "withdrawn", "overdue")
CHECKS = (("threads", "status", THREAD_STATES), ("posts", "status", POST_STATES),
          ("assignments", "state", ASSIGNMENT_STATES))


def upgrade():
    for table, column, states in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(column, f"{column} IN {states!r}")


def downgrade():
    for table, column, _ in reversed(CHECKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(column, type_="check")

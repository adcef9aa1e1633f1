"""audit redaction: the audit log stays append-only, except that a redaction may replace a passage in an older
row's text (its note, before and after) by the redaction mark; who, what, which and when never change

Revision ID: 0013_audit_redaction
Revises: 0012_board_watches
Create Date: 2026-12-02 04:40:00

"""
from alembic import op

revision = '0013_audit_redaction'
down_revision = '0012_board_watches'
branch_labels = None
depends_on = None

# Written out here, not imported: a migration states the schema of its day.
MARK = "[redacted]"
KEPT = ("id", "actor_id", "action", "target_type", "target_id", "thread_id", "created_at")
TEXTS = ("note", "before_json", "after_json")


def _sqlite_redaction_only() -> str:
    kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in KEPT)
    texts = " AND ".join(f"(NEW.{c} IS OLD.{c} OR instr(NEW.{c}, '{MARK}') > 0)" for c in TEXTS)
    return f"{kept} AND {texts}"


def _postgres_redaction_only() -> str:
    kept = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in KEPT)
    texts = " AND ".join(f"(NEW.{c} IS NOT DISTINCT FROM OLD.{c} OR position('{MARK}' in NEW.{c}) > 0)"
                         for c in TEXTS)
    return f"{kept} AND {texts}"


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute(f"""
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
            WHEN NOT ({_sqlite_redaction_only()})
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """)
    elif dialect == "postgresql":
        op.execute(f"""
            CREATE OR REPLACE FUNCTION audit_entries_refuse() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND {_postgres_redaction_only()} THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'the audit log is append-only';
            END $$ LANGUAGE plpgsql
        """)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute("""
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """)
    elif dialect == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION audit_entries_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql
        """)

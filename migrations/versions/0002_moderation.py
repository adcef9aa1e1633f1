"""moderation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 20:59:05.293569

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('before_json', sa.Text(), nullable=True),
    sa.Column('after_json', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_action_created', ['action', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_thread_id'), ['thread_id'], unique=False)

    op.create_table('review_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('details_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_review_items_claimed_by_id_users')),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_review_items_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_review_items_resolved_by_id_users')),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_review_items_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_items'))
    )
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_items_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_review_items_state_priority', ['state', 'priority', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_items_thread_id'), ['thread_id'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('review_item_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_flags_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_item_id'], ['review_items.id'], name=op.f('fk_flags_review_item_id_review_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('post_id', 'user_id', name=op.f('uq_flags_post_id'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_post_id'), ['post_id'], unique=False)

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('post_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('before_publication', sa.Boolean(), nullable=False, server_default=sa.false()))

    _make_audit_log_append_only()
    # Questions and replies already waiting get their review items.
    op.execute("""
        INSERT INTO review_items (kind, reason, thread_id, post_id, state, priority, details_json, created_at)
        SELECT 'question', 'new_question', t.id, p.id, 'pending', 10, '{}', t.created_at
        FROM threads t JOIN posts p ON p.thread_id = t.id AND p.is_question
        WHERE t.status = 'pending' AND t.deleted_at IS NULL
    """)
    op.execute("""
        INSERT INTO review_items (kind, reason, thread_id, post_id, state, priority, details_json, created_at)
        SELECT 'reply', 'held_reply', p.thread_id, p.id, 'pending', 10, '{}', p.created_at
        FROM posts p WHERE p.status = 'pending' AND NOT p.is_question AND p.deleted_at IS NULL
    """)


def _make_audit_log_append_only():
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
            """)
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION audit_entries_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse()
        """)



def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS audit_entries_refuse()")
    with op.batch_alter_table('post_revisions', schema=None) as batch_op:
        batch_op.drop_column('before_publication')

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('accepted_at')

    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flags_post_id'))

    op.drop_table('flags')
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_items_thread_id'))
        batch_op.drop_index('ix_review_items_state_priority')
        batch_op.drop_index(batch_op.f('ix_review_items_post_id'))

    op.drop_table('review_items')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_thread_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))
        batch_op.drop_index('ix_audit_entries_action_created')

    op.drop_table('audit_entries')

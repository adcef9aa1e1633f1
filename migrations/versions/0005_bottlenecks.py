"""bottlenecks: the register of knelpunten, their status history, linked cases and the parties that solve them

Revision ID: 0005_bottlenecks
Revises: 0004_mail
Create Date: 2026-12-02 01:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0005_bottlenecks'
down_revision = '0004_mail'
branch_labels = None
depends_on = None

PARTIES = [
    ("cbg", "CBG", "CBG (Medicines Evaluation Board)"),
    ("ccmo-metc", "CCMO/METC", "CCMO/MREC"),
    ("ema", "EMA", "EMA"),
    ("zorginstituut", "Zorginstituut Nederland", "National Health Care Institute"),
    ("insurers", "Zorgverzekeraars", "Health insurers"),
    ("vws", "Ministerie van VWS", "Ministry of Health (VWS)"),
    ("ez", "Ministerie van EZ", "Ministry of Economic Affairs (EZ)"),
    ("other", "Anders", "Other"),
]


def upgrade():
    op.create_table('bottleneck_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name_nl', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bottleneck_parties')),
    sa.UniqueConstraint('slug', name=op.f('uq_bottleneck_parties_slug'))
    )
    parties = sa.table('bottleneck_parties', sa.column('slug', sa.String), sa.column('name_nl', sa.String),
                       sa.column('name_en', sa.String), sa.column('position', sa.Integer))
    op.bulk_insert(parties, [{"slug": slug, "name_nl": nl, "name_en": en, "position": index}
                             for index, (slug, nl, en) in enumerate(PARTIES)])
    op.create_table('bottlenecks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('domain', sa.String(length=20), nullable=False),
    sa.Column('party', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('raised_with', sa.String(length=200), nullable=True),
    sa.Column('raised_on', sa.DateTime(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_bottlenecks_created_by_id_users')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['bottlenecks.id'], name=op.f('fk_bottlenecks_merged_into_id_bottlenecks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bottlenecks'))
    )
    with op.batch_alter_table('bottlenecks', schema=None) as batch_op:
        batch_op.create_index('ix_bottlenecks_status_activity', ['status', 'last_activity_at'], unique=False)

    op.create_table('bottleneck_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bottleneck_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('happened_on', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_bottleneck_steps_actor_id_users')),
    sa.ForeignKeyConstraint(['bottleneck_id'], ['bottlenecks.id'], name=op.f('fk_bottleneck_steps_bottleneck_id_bottlenecks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bottleneck_steps'))
    )
    with op.batch_alter_table('bottleneck_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bottleneck_steps_bottleneck_id'), ['bottleneck_id'], unique=False)

    op.create_table('bottleneck_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bottleneck_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bottleneck_id'], ['bottlenecks.id'], name=op.f('fk_bottleneck_cases_bottleneck_id_bottlenecks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_bottleneck_cases_linked_by_id_users')),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_bottleneck_cases_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bottleneck_cases')),
    sa.UniqueConstraint('bottleneck_id', 'thread_id', name=op.f('uq_bottleneck_cases_bottleneck_id'))
    )
    with op.batch_alter_table('bottleneck_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bottleneck_cases_bottleneck_id'), ['bottleneck_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bottleneck_cases_thread_id'), ['thread_id'], unique=False)


def downgrade():
    with op.batch_alter_table('bottleneck_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bottleneck_cases_thread_id'))
        batch_op.drop_index(batch_op.f('ix_bottleneck_cases_bottleneck_id'))
    op.drop_table('bottleneck_cases')
    with op.batch_alter_table('bottleneck_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bottleneck_steps_bottleneck_id'))
    op.drop_table('bottleneck_steps')
    with op.batch_alter_table('bottlenecks', schema=None) as batch_op:
        batch_op.drop_index('ix_bottlenecks_status_activity')
    op.drop_table('bottlenecks')
    op.drop_table('bottleneck_parties')

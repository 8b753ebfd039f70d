"""64-bit keys on PostgreSQL (SQLite's are 64-bit already), and login sessions

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 16:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# (table, column) pairs that hold row ids
KEYS = (("api_tokens", "id"), ("article_versions", "id"), ("summaries", "id"), ("summaries", "parent_id"),
        ("review_events", "id"), ("review_events", "summary_id"), ("feedback", "id"), ("feedback", "summary_id"))
SERIALS = ("api_tokens", "article_versions", "summaries", "review_events", "feedback")


def _retype(kind: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: INTEGER is 64-bit, and an INTEGER PRIMARY KEY must stay the rowid
    for table, column in KEYS:
        op.alter_column(table, column, type_=sa.BigInteger() if kind == "bigint" else sa.Integer())
    for table in SERIALS:  # the sequences behind SERIAL are 32-bit too
        op.execute(f"DO $$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence('{table}', 'id') || ' AS {kind}'; END $$")


def upgrade() -> None:
    _retype("bigint")
    op.create_table('sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('token_id', sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], ),
    sa.PrimaryKeyConstraint('id_hash')
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_token_id'), ['token_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_expires_at'))
        batch_op.drop_index(batch_op.f('ix_sessions_token_id'))
    op.drop_table('sessions')
    _retype("integer")

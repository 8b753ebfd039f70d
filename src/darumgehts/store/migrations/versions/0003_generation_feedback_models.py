"""How a generative backend made a box, feedback handled by editors, selector model versions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 17:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('generation', sa.JSON(), nullable=True))
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handled_by', sa.String(length=100), nullable=True))
    op.create_table('model_versions',
    sa.Column('id', sa.String(length=50), nullable=False),
    sa.Column('parent', sa.String(length=50), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signals', sa.Integer(), nullable=False),
    sa.Column('heldout', sa.JSON(), nullable=True),
    sa.Column('model', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('model_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_model_versions_active'), ['active'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('model_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_model_versions_active'))
    op.drop_table('model_versions')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_column('handled_by')
        batch_op.drop_column('handled_at')
    with op.batch_alter_table('summaries', schema=None) as batch_op:
        batch_op.drop_column('generation')

"""exhibit items remember the highlighted phrase boxes they were added with

Revision ID: 0006
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exhibit_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("highlights", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exhibit_items", schema=None) as batch_op:
        batch_op.drop_column("highlights")

"""signoff reason: a report signed again says why, and which sign-off it supersedes

- `report_signoffs.reason`: why the report was signed again (null for the first sign-off).
- `report_signoffs.replaces_id`: the sign-off this one supersedes (null for the first).

Revision ID: 0012_stats
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_stats"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_signoffs") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_signoffs") as batch:
        batch.drop_column("replaces_id")
        batch.drop_column("reason")

"""presentation undo: what recording a presentation did to its hearing, so the record can be undone

- `presentations.hearing_created`: the record created the hearing (undoing it removes the hearing).
- `presentations.hearing_before`: the hearing's digital_evidence, source and recorded_by before the record
  marked it as using digitised evidence (undoing it puts them back); null when it changed nothing.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("presentations") as batch:
        batch.add_column(sa.Column("hearing_created", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("hearing_before", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("presentations") as batch:
        batch.drop_column("hearing_before")
        batch.drop_column("hearing_created")

"""claim owner: which process is processing a document, so a run that died can be told from one still working

- `documents.claimed_by`: "<host>:<pid>:<process start>" of the process that claimed the document; a document
  left `processing` by a process that is gone is reclaimed at once instead of after its heartbeat goes stale.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("claimed_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("claimed_by")

"""page kind: what a page is (typed text, blank, photograph, handwriting)

- `pages.kind`: `text` for print; `blank`, `photo` or `handwritten` for pages flagged for a person,
  whose OCR text is kept but neither indexed nor classified.

Revision ID: 0013_page_kind
Revises: 0012_stats
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_page_kind"
down_revision = "0012_stats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="text"))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("kind")

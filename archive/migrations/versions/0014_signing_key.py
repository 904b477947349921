"""signing key: the key of sign-in cookies and CSRF tokens, shared by every app server

- `signing_keys`: one row (id 1) made on first use; an install that kept its key in
  HOSO_HOME/secret.key moves that key here, so that no one is signed out by the upgrade.

Revision ID: 0014_signing_key
Revises: 0013_page_kind
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_signing_key"
down_revision = "0013_page_kind"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.LargeBinary(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("signing_keys")

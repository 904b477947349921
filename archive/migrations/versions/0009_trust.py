"""trust: the index outbox, parts with their own case, a hash-chained append-only audit, server-side sessions

- `outbox`: documents whose index entries must follow a change of their records.
- `document_parts.case_id`: the case each part of an upload belongs to (pages are seen by who may see it).
- `audit_events`: seq, role, unit, client, outcome, prev_hash, hash, ref (an access row's spool id); existing
  rows chained in id order; UPDATE
  and DELETE refused by triggers; `audit_head` holds the last link; signed reports keep the head they saw.
- `user_sessions`, `api_tokens.expires_at`: sessions and tokens that can be ended.
- `court_figures.unit_id`: an upload of court figures replaces only its own units' rows.

Revision ID: 0009
Revises: 0008
"""

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

APPEND_ONLY = "audit_events is append-only"


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index("ix_outbox_document_id", "outbox", ["document_id"])
    op.create_index("ix_outbox_next_attempt_at", "outbox", ["next_attempt_at"])

    with op.batch_alter_table("document_parts") as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_document_parts_case_id", "cases", ["case_id"], ["id"])
        batch_op.create_index("ix_document_parts_case_id", ["case_id"])
    # Until now every part followed its upload's case.
    op.execute(
        "UPDATE document_parts SET case_id = (SELECT case_id FROM documents WHERE documents.id = "
        "document_parts.document_id)"
    )

    with op.batch_alter_table("court_figures") as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_court_figures_unit_id", "units", ["unit_id"], ["id"])
        batch_op.create_index("ix_court_figures_unit_id", ["unit_id"])
    op.execute(
        "UPDATE court_figures SET unit_id = (SELECT unit_id FROM cases WHERE cases.code = court_figures.case_code)"
    )

    with op.batch_alter_table("api_tokens") as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("report_signoffs") as batch_op:
        batch_op.add_column(sa.Column("audit_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("audit_hash", sa.String(64), nullable=True))

    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("client", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(255), nullable=True),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])

    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("role", sa.String(16), nullable=True))
        batch_op.add_column(sa.Column("unit", sa.String(32), nullable=True))
        batch_op.add_column(sa.Column("client", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(16), nullable=False, server_default="ok"))
        batch_op.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("ref", sa.String(32), nullable=True))
    op.create_index("ix_audit_events_seq", "audit_events", ["seq"], unique=True)
    op.create_index("ix_audit_events_ref", "audit_events", ["ref"], unique=True)
    op.create_index("ix_audit_events_actor", "audit_events", ["actor"])
    op.create_index("ix_audit_events_action", "audit_events", ["action"])
    op.create_index("ix_audit_events_target", "audit_events", ["target"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    _chain_existing()
    if _postgresql():
        op.execute(f"""CREATE FUNCTION hoso_audit_append_only() RETURNS trigger AS $$
                       BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$ LANGUAGE plpgsql""")
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION hoso_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION hoso_audit_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def _chain_existing() -> None:
    """Chain the rows written before the chain existed, in the order they were written."""
    # The chain's own hashing, imported here only: a module-level import would load the models' events early.
    from archive.trust.audit import GENESIS, link_hash, utc_text

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, at, actor, action, target, detail FROM audit_events ORDER BY id")).all()
    prev, seq = GENESIS, 0
    for row in rows:
        seq += 1
        detail = json.loads(row.detail) if isinstance(row.detail, str) else row.detail
        content = {
            "seq": seq,
            "at": utc_text(_as_datetime(row.at)),
            "actor": row.actor,
            "role": None,
            "unit": None,
            "client": None,
            "action": row.action,
            "target": row.target,
            "outcome": "ok",
            "detail": detail,
        }
        digest = link_hash(prev, content)
        bind.execute(
            sa.text("UPDATE audit_events SET seq = :seq, prev_hash = :prev, hash = :hash WHERE id = :id"),
            {"seq": seq, "prev": prev, "hash": digest, "id": row.id},
        )
        prev = digest
    bind.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"), {"seq": seq, "hash": prev})


def _as_datetime(value) -> dt.datetime:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS hoso_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.drop_table("audit_head")
    for name in (
        "ix_audit_events_seq",
        "ix_audit_events_ref",
        "ix_audit_events_actor",
        "ix_audit_events_action",
        "ix_audit_events_target",
    ):
        op.drop_index(name, table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch_op:
        for column in ("seq", "role", "unit", "client", "outcome", "prev_hash", "hash", "ref"):
            batch_op.drop_column(column)
    op.drop_index("ix_user_sessions_user_id", table_name="user_sessions")
    op.drop_table("user_sessions")
    with op.batch_alter_table("report_signoffs") as batch_op:
        batch_op.drop_column("audit_hash")
        batch_op.drop_column("audit_seq")
    with op.batch_alter_table("api_tokens") as batch_op:
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("court_figures") as batch_op:
        batch_op.drop_index("ix_court_figures_unit_id")
        batch_op.drop_constraint("fk_court_figures_unit_id", type_="foreignkey")
        batch_op.drop_column("unit_id")
    with op.batch_alter_table("document_parts") as batch_op:
        batch_op.drop_index("ix_document_parts_case_id")
        batch_op.drop_constraint("fk_document_parts_case_id", type_="foreignkey")
        batch_op.drop_column("case_id")
    op.drop_index("ix_outbox_next_attempt_at", table_name="outbox")
    op.drop_index("ix_outbox_document_id", table_name="outbox")
    op.drop_table("outbox")

"""statistics indexes the report can answer from alone: the type of each document inside an upload next to its
upload, and on PostgreSQL the row id inside the indexes the report reads by case, plus a case's done documents.

SQLite keeps the rowid (the `id` of these tables) in every index, so an index there already gives the case it
points at; a PostgreSQL index does not, and without the id the report's queries must visit the table for every
row they touch (the rows of one period lie all over it). On PostgreSQL the unit index (a province's cases) and
the three denominator indexes therefore carry the id as an included column, and the digitised-file rule finds a
case's done documents (with their ids, for their pages) in a small index of their own instead of reading every
document. Measured with bench/report_bench.py (1M cases, EXPLAIN ANALYZE before and after).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (name, table, columns, options) as created by earlier revisions; on PostgreSQL re-created with the id included.
WITH_ID = (
    ("ix_cases_unit_id", "cases", ["unit_id"], {}),
    ("ix_cases_kind_trial_on", "cases", ["kind", "trial_on", "unit_id"], {}),
    ("ix_cases_kind_registered_on", "cases", ["kind", "registered_on", "unit_id", "folios", "digitised_marked_at"], {}),
    (
        "ix_cases_corruption_registered_on",
        "cases",
        ["registered_on", "trial_on", "unit_id", "folios", "digitised_marked_at"],
        {"postgresql_where": sa.text("corruption")},
    ),
)
# PostgreSQL: a case's done documents (the digitised-file rule); SQLite uses ix_documents_status_case_id (0007).
DONE_BY_CASE = "ix_documents_done_case_id"


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    # Documents by type: each upload's parts with their types, without reading the parts' rows.
    op.drop_index("ix_document_parts_document_id", table_name="document_parts")
    op.create_index("ix_document_parts_document_id_doc_type", "document_parts", ["document_id", "doc_type"])
    if _postgresql():
        for name, table, columns, options in WITH_ID:
            op.drop_index(name, table_name=table)
            op.create_index(name, table, columns, postgresql_include=["id"], **options)
        op.create_index(
            DONE_BY_CASE,
            "documents",
            ["case_id"],
            postgresql_include=["id"],
            postgresql_where=sa.text("status = 'done'"),
        )


def downgrade() -> None:
    if _postgresql():
        op.drop_index(DONE_BY_CASE, table_name="documents")
        for name, table, columns, options in reversed(WITH_ID):
            op.drop_index(name, table_name=table)
            op.create_index(name, table, columns, **options)
    op.drop_index("ix_document_parts_document_id_doc_type", table_name="document_parts")
    op.create_index("ix_document_parts_document_id", "document_parts", ["document_id"])

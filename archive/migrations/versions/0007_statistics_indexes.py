"""statistics indexes: each indicator's denominator filter (covering what its numerator reads), documents by
status with case, unit and processing time, hearings by case and date, presentations by hearing. Sized with
bench/report_bench.py (1M cases: the national report without them reads every row it touches twice).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = (
    # Criminal cases brought to trial in a period, by unit.
    ("ix_cases_kind_trial_on", "cases", ["kind", "trial_on", "unit_id"], {}),
    # Civil/administrative cases registered in a period, with what decides whether the file is digitised.
    ("ix_cases_kind_registered_on", "cases", ["kind", "registered_on", "unit_id", "folios", "digitised_marked_at"], {}),
    # Corruption cases are few: a partial index keeps their scan small on both databases.
    (
        "ix_cases_corruption_registered_on",
        "cases",
        ["registered_on", "trial_on", "unit_id", "folios", "digitised_marked_at"],
        {"sqlite_where": sa.text("corruption = 1"), "postgresql_where": sa.text("corruption")},
    ),
    # A case's done documents (page counts), the OCR backlog by state, a unit's documents done in a period.
    (
        "ix_documents_status_case_id",
        "documents",
        ["status", "case_id", "unit_id", "processed_at", "doc_type", "pages_done"],
        {},
    ),
    # Every document done in a period (the national report).
    (
        "ix_documents_status_processed_at",
        "documents",
        ["status", "processed_at", "case_id", "unit_id", "doc_type", "pages_done"],
        {},
    ),
    ("ix_hearings_case_id_held_on", "hearings", ["case_id", "held_on", "digital_evidence"], {}),
    ("ix_presentations_hearing_id", "presentations", ["hearing_id"], {}),
)


def upgrade() -> None:
    for name, table, columns, options in INDEXES:
        op.create_index(name, table, columns, **options)


def downgrade() -> None:
    for name, table, _columns, _options in reversed(INDEXES):
        op.drop_index(name, table_name=table)

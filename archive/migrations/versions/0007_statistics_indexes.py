"""statistics indexes: each indicator's denominator filter, documents by case/status and processing time,
hearings by case and date, presentations by hearing (measured with bench/report_bench.py)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each denominator's filter, with the unit so that a unit's report filters inside the index.
    op.create_index('ix_cases_kind_trial_on', 'cases', ['kind', 'trial_on', 'unit_id'])
    op.create_index('ix_cases_kind_registered_on', 'cases', ['kind', 'registered_on', 'unit_id'])
    # Corruption cases are few: a partial index keeps their scan small on both databases.
    op.create_index('ix_cases_corruption_registered_on', 'cases', ['registered_on', 'unit_id'],
                    sqlite_where=sa.text('corruption = 1'), postgresql_where=sa.text('corruption'))
    op.create_index('ix_documents_case_id_status', 'documents', ['case_id', 'status'])
    op.create_index('ix_documents_processed_at', 'documents', ['processed_at'])
    op.create_index('ix_hearings_case_id_held_on', 'hearings', ['case_id', 'held_on'])
    op.create_index('ix_presentations_hearing_id', 'presentations', ['hearing_id'])


def downgrade() -> None:
    op.drop_index('ix_presentations_hearing_id', table_name='presentations')
    op.drop_index('ix_hearings_case_id_held_on', table_name='hearings')
    op.drop_index('ix_documents_processed_at', table_name='documents')
    op.drop_index('ix_documents_case_id_status', table_name='documents')
    op.drop_index('ix_cases_corruption_registered_on', table_name='cases')
    op.drop_index('ix_cases_kind_registered_on', table_name='cases')
    op.drop_index('ix_cases_kind_trial_on', table_name='cases')

"""statistics indexes the report can answer from alone: the type of each document inside an upload next to its
upload, and on PostgreSQL the row id inside every index the report reads by case.

SQLite keeps the rowid (the `id` of these tables) in every index, so an index there already gives the case or
document it points at; a PostgreSQL index does not, and without the id the report's queries must visit the table
for every row they touch (the rows of one period lie all over it). On PostgreSQL the unit index (a province's
cases), the three denominator indexes and "a case's documents by status" therefore carry the id as an included
column. Measured with bench/report_bench.py (1M cases, EXPLAIN ANALYZE before and after).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# (name, table, columns, options) as created by earlier revisions; on PostgreSQL re-created with the id included.
WITH_ID = (
    ('ix_cases_unit_id', 'cases', ['unit_id'], {}),
    ('ix_cases_kind_trial_on', 'cases', ['kind', 'trial_on', 'unit_id'], {}),
    ('ix_cases_kind_registered_on', 'cases', ['kind', 'registered_on', 'unit_id', 'folios', 'digitised_marked_at'],
     {}),
    ('ix_cases_corruption_registered_on', 'cases',
     ['registered_on', 'trial_on', 'unit_id', 'folios', 'digitised_marked_at'],
     {'postgresql_where': sa.text('corruption')}),
    ('ix_documents_status_case_id', 'documents',
     ['status', 'case_id', 'unit_id', 'processed_at', 'doc_type', 'pages_done'], {}),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    # Documents by type: each upload's parts with their types, without reading the parts' rows.
    op.drop_index('ix_document_parts_document_id', table_name='document_parts')
    op.create_index('ix_document_parts_document_id_doc_type', 'document_parts', ['document_id', 'doc_type'])
    if _postgresql():
        for name, table, columns, options in WITH_ID:
            op.drop_index(name, table_name=table)
            op.create_index(name, table, columns, postgresql_include=['id'], **options)


def downgrade() -> None:
    if _postgresql():
        for name, table, columns, options in reversed(WITH_ID):
            op.drop_index(name, table_name=table)
            op.create_index(name, table, columns, **options)
    op.drop_index('ix_document_parts_document_id_doc_type', table_name='document_parts')
    op.create_index('ix_document_parts_document_id', 'document_parts', ['document_id'])

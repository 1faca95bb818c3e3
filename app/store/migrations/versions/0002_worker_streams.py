"""Celery workers' event streams (runs.stream_pos) and the stored spec's version
(runs.spec_version: null is version 1).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("stream_pos", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("spec_version", sa.Integer(), nullable=True))

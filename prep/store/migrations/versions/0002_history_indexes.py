"""Indexes for the progress queries: review activity per source and day, submitted answers per day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_logs") as batch:
        batch.create_index("ix_review_logs_profile_source_time", ["profile_id", "source", "reviewed_at"])
    with op.batch_alter_table("attempts") as batch:
        batch.create_index("ix_attempts_profile_status_submitted", ["profile_id", "status", "submitted_at"])


def downgrade() -> None:
    raise RuntimeError("downgrades are never run on a user's store; restore a backup instead")

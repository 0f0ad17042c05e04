"""Index for the flashcard counts: a profile's cards by state and due time (Anki keeps the same
index by queue), so the learning and due counts read only the rows they count.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card_states") as batch:
        batch.create_index("ix_card_states_profile_state_due", ["profile_id", "state", "due"])


def downgrade() -> None:
    raise RuntimeError("downgrades are never run on a user's store; restore a backup instead")

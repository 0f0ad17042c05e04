"""Indexes for the flashcard counts (Anki keeps the same by queue): a profile's cards by state and due
time, carrying the item id, and the items' scope columns by id, so counting learning or due cards reads
two indexes and no table rows.

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
        batch.create_index("ix_card_states_queue", ["profile_id", "state", "due", "item_id"])
    with op.batch_alter_table("items") as batch:
        batch.create_index("ix_items_scope", ["id", "kind", "archived", "competency", "bank"])


def downgrade() -> None:
    raise RuntimeError("downgrades are never run on a user's store; restore a backup instead")

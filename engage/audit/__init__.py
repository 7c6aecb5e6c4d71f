"""Who changed what, and when: an append-only trail an admin can read."""

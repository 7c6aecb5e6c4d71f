"""The three officer roles and what each may do."""

ADMIN = "admin"  # manages users and everything
OFFICER = "officer"  # builds consultations, enters data
EXECUTIVE = "executive"  # reads summaries and exports, changes nothing

ROLES = (ADMIN, OFFICER, EXECUTIVE)
ROLE_LABELS = {ADMIN: "Administrator", OFFICER: "Engagement officer", EXECUTIVE: "Executive"}

# Who may do what. Guards name these sets, never individual roles.
WRITERS = frozenset({ADMIN, OFFICER})
READERS = frozenset({ADMIN, OFFICER, EXECUTIVE})
ADMINS = frozenset({ADMIN})

"""The fixed lists meetings and feedback points use, with their labels and limits."""

from __future__ import annotations

from engage.framework.vocabulary import partners, themes, wards

KINDS = {
    "community-gold": "Community Gold",
    "ward-meeting": "Ward meeting",
    "jag": "Joint Action Group",
    "event": "Partner or community event",
    "other": "Other",
}

# Who raised a point: always a group, never a name.
RAISED_BY = {
    "resident": "Resident",
    "business": "Business",
    "community-representative": "Community representative",
    "young-people": "Young people",
    "councillor": "Councillor",
    "partner-agency": "Partner agency",
    "other": "Other",
}

STATUSES = {"open": "Open", "in-progress": "In progress", "done": "Done", "not-taken-forward": "Not taken forward"}
ACTIVE_STATUSES = ("open", "in-progress")

# The lengths of text fields are declared with the fields: meetings.MEETING, points.POINT.
MAX_ATTENDEES = 100_000
MAX_THEMES = 10


def ward_slugs() -> set[str]:
    return {slug for slug, _ in wards()}


def theme_slugs() -> set[str]:
    return {slug for slug, _ in themes()}


def partner_names() -> set[str]:
    return set(partners())


def labels() -> dict:
    """Everything a template needs to turn slugs into words."""
    return {"kinds": KINDS, "raised_by": RAISED_BY, "statuses": STATUSES, "wards": dict(wards()),
            "themes": dict(themes())}

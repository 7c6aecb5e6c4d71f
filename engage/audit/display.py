"""How an audit entry's details read to a person.

Records of a change ("update", "edit", a consultation's "open" or "close") store each changed
field as [old, new]. Records of something made, imported or removed store plain values, some
of them lists (a new meeting's wards, a new point's themes): a two-item list there is two
items, not a change, and is shown as "a, b", never "a → b".
"""

from __future__ import annotations

# Actions whose details are values, not [old, new] changes.
LISTING_ACTIONS = frozenset({"create", "add", "seed", "import", "enter-response", "start-period", "delete", "erase",
                             "export", "retention", "merge"})


def _plain(value) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def detail_value(value, action: str) -> str:
    """One detail's value as text: "old → new" for a change, items joined by commas otherwise."""
    if action not in LISTING_ACTIONS and isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{_plain(value[0])} → {_plain(value[1])}"
    return _plain(value)

"""Voices not analysed because they are not in English: counted apart, never as neutral or untagged.

The total is shown as it is (a count of comments waiting for a translation); the split by
language goes through small-number suppression, because a language can point at a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.summaries.suppression import Cell, suppress_counts
from engage.voices.services import not_analysed_counts


@dataclass
class NotAnalysed:
    total: int = 0
    languages: list[tuple[str, Cell]] = field(default_factory=list)  # (language name, voices), most first

    @property
    def text(self) -> str:
        """"12 voices not analysed (not in English): Polish 5, Urdu fewer than 10", or "" for none."""
        if not self.total:
            return ""
        split = ", ".join(f"{name} {cell.display}" for name, cell in self.languages)
        return f"{self.total:,} voice{'' if self.total == 1 else 's'} not analysed (not in English): {split}"


async def not_analysed(where: list[str], args: list) -> NotAnalysed:
    """For the voices matching `where` (raw SQL over voices_voice v, with `args`)."""
    counts = await not_analysed_counts(where, args)
    cells, _ = suppress_counts([n for _, n in counts])
    return NotAnalysed(sum(n for _, n in counts), [(name, cell) for (name, _), cell in zip(counts, cells)])

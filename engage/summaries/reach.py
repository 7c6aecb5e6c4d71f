"""Reach: who the partnership has heard from, against who lives in the city (the Census).

For each characteristic (ward, age, sex, ethnic group, religion, disability, the language of
the response) the share of the population in each group beside its share of the responses that
answered, the gap between them in percentage points and its direction, and the biggest gaps
ranked as suggested outreach. Response counts go through the same suppression as every other
equality figure: a group with fewer than 10 responses shows no count and no exact share. No web
imports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engage.census import services as census
from engage.census.importer import TOPIC_LABELS
from engage.framework.vocabulary import wards
from engage.summaries.suppression import THRESHOLD, Cell, suppress_counts
from surveys import languages
from surveys.about_you import BY_FIELD, label_for
from surveys.tables import AboutYou, Response

CLOSE = 2.0  # points: a gap this small is "about the same"
TOPICS = ("ward", "age_band", "sex", "ethnicity", "religion", "disability", "language")
OUTREACH = 10


@dataclass
class Group:
    topic: str
    category: str
    label: str
    population: int
    population_share: float  # percent
    responses: Cell
    response_share: float | None  # percent; None when the count is suppressed
    gap: float | None  # points; None when suppressed
    direction: str  # under, over, close, unknown

    @property
    def who(self) -> str:
        label = self.label
        return {
            "ward": f"People living in {label}",
            "age_band": f"People aged {label.lower()}",
            "sex": f"People recorded as {label.lower()}",
            "ethnicity": f"People in the ethnic group '{label}'",
            "religion": "People with no religion" if self.category == "none" else f"People whose religion is {label}",
            "disability": "Disabled people" if self.category == "yes" else "People who are not disabled",
            "language": f"People whose main language is {label}",
        }[self.topic]

    @property
    def sentence(self) -> str:
        heard = (f"{self.response_share:.0f}% of responses" if self.response_share is not None
                 else "fewer than 10 responses")
        return f"{self.who} are {self.population_share:.0f}% of the city and {heard}"

    @property
    def shortfall(self) -> float:
        """How far below its population share a group is, in points; for a suppressed count the
        least it can be (its share is under 10 of the total): the ranking never needs the count."""
        return -self.gap if self.gap is not None else self.population_share - self._bound

    _bound: float = 0.0


@dataclass
class Topic:
    topic: str
    label: str
    groups: list[Group]
    answered: Cell  # responses that answered this question (prefer not to say left out)
    population: int


@dataclass
class ReachReport:
    topics: list[Topic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # topics without Census figures
    sources: list[dict] = field(default_factory=list)
    responses: int = 0

    @property
    def illustrative(self) -> bool:
        return any("ILLUSTRATIVE" in (s["source"] or "").upper() for s in self.sources)

    @property
    def outreach(self) -> list[Group]:
        under = [g for t in self.topics for g in t.groups if g.direction == "under"]
        return sorted(under, key=lambda g: -g.shortfall)[:OUTREACH]


def _label(topic: str, category: str) -> str:
    if topic == "ward":
        return dict(wards()).get(category, category)
    if topic == "language":
        return "Other languages" if category == "other" else languages.name_of(category)
    return label_for(topic, category)


async def _equality_counts(topic: str, consultation: int | None, start: dt.date, end: dt.date) -> dict[str, int]:
    column = BY_FIELD[topic].field  # a name from surveys.about_you, never from the request
    sql = (f"SELECT {column} AS v, COUNT(*) AS n FROM surveys_about_you "
           "WHERE submitted_month >= {} AND submitted_month <= {}")
    args: list = [start.replace(day=1), end]
    if consultation:
        sql += " AND consultation = {}"
        args.append(consultation)
    rows = await AboutYou.raw(sql + f" GROUP BY {column}", *args).run()
    return {r["v"]: r["n"] for r in rows if r["v"]}


async def _language_counts(consultation: int | None, start: dt.date, end: dt.date) -> dict[str, int]:
    since = dt.datetime.combine(start, dt.time(), dt.timezone.utc)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    sql = "SELECT language AS v, COUNT(*) AS n FROM surveys_response WHERE submitted_at >= {} AND submitted_at < {}"
    args: list = [since, until]
    if consultation:
        sql += " AND consultation = {}"
        args.append(consultation)
    rows = await Response.raw(sql + " GROUP BY language", *args).run()
    out: dict[str, int] = {}
    for r in rows:
        if r["v"]:
            # An Easy Read form is English, as the Census's main language counts it.
            code = "en" if r["v"] == languages.EASY_READ.code else r["v"]
            out[code] = out.get(code, 0) + r["n"]
    return out


def compare(topic: str, population: dict[str, int], counts: dict[str, int]) -> Topic:
    """One characteristic: each group's population share against its share of the responses."""
    known = list(dict.fromkeys(_order(topic)))
    order = [c for c in known if c in population] + sorted(c for c in population if c not in known)
    pop_total = sum(population.values()) or 1
    cells, answered = suppress_counts([counts.get(c, 0) for c in order])
    groups = []
    for category, cell in zip(order, cells):
        pop_share = 100 * population[category] / pop_total
        share = gap = None
        bound = 0.0
        if not cell.suppressed and not answered.suppressed and answered.value:
            share = 100 * (cell.value or 0) / answered.value
            gap = share - pop_share
            direction = "close" if abs(gap) < CLOSE else ("under" if gap < 0 else "over")
        elif not answered.suppressed and answered.value:
            # Fewer than 10 (or hidden to protect one): its share is below THRESHOLD of the answered total.
            bound = 100 * THRESHOLD / answered.value
            direction = "under" if pop_share - bound >= CLOSE else "unknown"
        else:
            direction = "unknown"
        group = Group(topic, category, _label(topic, category), population[category], pop_share, cell, share, gap,
                      direction)
        group._bound = bound
        groups.append(group)
    return Topic(topic, TOPIC_LABELS[topic], groups, answered, sum(population.values()))


def _order(topic: str) -> list[str]:
    if topic == "ward":
        return [slug for slug, _ in wards()]
    if topic == "language":
        return ["en", *[lang.code for lang in languages.configured()], *languages.KNOWN, "other"]
    return [value for value, _ in BY_FIELD[topic].options]


async def reach(consultation: int | None, start: dt.date, end: dt.date) -> ReachReport:
    report = ReachReport(sources=await census.sources())
    for topic in TOPICS:
        if topic == "ward":
            # A ward's people: its total in whichever table counts everyone (sex, else age).
            by_category = await census.population("sex") or await census.population("age_band")
            population: dict[str, int] = {}
            for per_ward in by_category.values():
                for ward, n in per_ward.items():
                    population[ward] = population.get(ward, 0) + n
        else:
            population = {cat: sum(per_ward.values()) for cat, per_ward in (await census.population(topic)).items()}
        if not population:
            report.missing.append(TOPIC_LABELS[topic])
            continue
        counts = (await _language_counts(consultation, start, end) if topic == "language"
                  else await _equality_counts(topic, consultation, start, end))
        if topic == "language":  # a form language the Census table does not list counts as "other"
            known = set(population)
            other = sum(n for c, n in counts.items() if c not in known)
            counts = {c: n for c, n in counts.items() if c in known}
            if other:
                counts["other"] = counts.get("other", 0) + other
        report.topics.append(compare(topic, population, counts))
    report.responses = await _response_total(consultation, start, end)
    return report


async def _response_total(consultation: int | None, start: dt.date, end: dt.date) -> int:
    return sum((await _language_counts(consultation, start, end)).values())

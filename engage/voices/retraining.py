"""Retraining the analysis from officers' decisions (`engage retrain-analysis`).

Officers' decisions become labelled records: a voice's themes are the tags that count after their
confirmations, rejections and additions; its sentiment is the one an officer set, else the one
they reviewed; its safeguarding label is what they decided (confirmed or actioned: a concern;
cleared: none). A fixed share of those voices (by a hash of the text, as the corpus splits) is
held out to measure the gain and never trained on. The rest is trained with the shipped corpus's
train and dev splits (as the shipped model is, after its values are chosen on dev), weighted so a
partnership's own decisions count for more than one generic line. Both models have learned the
corpus dev split, so its figures only show that nothing the corpus taught was lost; the
officers' held-out decisions show the gain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engage.analysis import corpus, training
from engage.analysis.corpus import Record
from engage.analysis.learned import ModelBundle, bundle_at, shipped_bundle
from engage.framework.services import analysis_framework, current_period
from engage.voices import model_store
from engage.voices.services import effective_tags
from engage.voices.tables import TagDecision, Voice

OFFICER_WEIGHT = 5  # each decided voice counts as this many corpus lines
FIGURES = (("theme_micro_f1", "theme micro-F1"), ("cross_cutting_micro_f1", "cross-cutting micro-F1"),
           ("sentiment_macro_f1", "sentiment macro-F1"), ("safeguarding_recall", "safeguarding recall"),
           ("safeguarding_precision", "safeguarding precision"))


class NothingToLearn(ValueError):
    """No officer has decided anything yet."""


@dataclass
class Retrained:
    bundle: ModelBundle
    decided: int  # voices with an officer's decision
    learned: int  # of which trained on
    held_out: int  # of which kept back for the figures
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)  # "officers"/"corpus dev" -> before/after


async def decided_voices() -> list[dict]:
    """Analysed voices an officer has decided something about: tags, review, sentiment or safeguarding."""
    tagged = {r["voice"] for r in await TagDecision.select(TagDecision.voice).run()}
    decided = (Voice.reviewed_at.is_not_null() | (Voice.sentiment_decision != "")
               | Voice.safeguarding_status.is_in(["confirmed", "actioned", "cleared"]))
    if tagged:
        decided = decided | Voice.id.is_in(sorted(tagged))
    return await Voice.select(Voice.id, Voice.text, Voice.translation, Voice.sentiment, Voice.safeguarding,
                              Voice.safeguarding_status).where((Voice.analysed == True) & decided).order_by(  # noqa: E712
        Voice.id).run()


async def officer_records(slugs: set[str]) -> list[Record]:
    """Officers' decisions as labelled records, tags limited to the framework's entries `slugs`."""
    voices = await decided_voices()
    tags = await effective_tags([v["id"] for v in voices])
    records = []
    for v in voices:
        counted = [t for t in tags[v["id"]] if t["counted"] and t["slug"] in slugs]
        status = v["safeguarding_status"]
        records.append(Record(
            id=f"voice-{v['id']}", text=v["translation"] or v["text"], part="officers", register="officers",
            source="engage", themes=tuple(t["slug"] for t in counted if t["kind"] == "theme"),
            cross_cutting=tuple(t["slug"] for t in counted if t["kind"] == "cross_cutting"),
            sentiment=v["sentiment"],
            safeguarding=status in {"confirmed", "actioned"} or (bool(v["safeguarding"]) and status != "cleared"),
        ))
    return records


async def current_bundle() -> ModelBundle:
    found = await model_store.current()
    return bundle_at(await model_store.folder_for(*found)) if found else shipped_bundle()


def _pick(figures: dict[str, Any], records: list[Record]) -> dict[str, float]:
    keys = [key for key, _ in FIGURES if key in figures]
    # A figure about labels none of these texts carry would read 0 however right the model is.
    absent = {"theme_micro_f1": not any(r.themes for r in records),
              "cross_cutting_micro_f1": not any(r.cross_cutting for r in records),
              "safeguarding": not any(r.safeguarding for r in records)}
    keys = [k for k in keys if not absent.get(k, False) and not (k.startswith("safeguarding") and absent["safeguarding"])]
    return {key: round(float(figures[key]), 3) for key in keys}


async def retrain(*, log: Callable[[str], None] = lambda _: None) -> Retrained:
    """Train on the corpus's train split plus the officers' decisions; measure before and after."""
    framework = await analysis_framework((await current_period())["id"])
    decisions = await officer_records({e.slug for e in framework.entries})
    if not decisions:
        raise NothingToLearn("No officers' decisions to learn from yet: confirm, reject or add tags, set a "
                             "sentiment, or confirm or clear safeguarding flags in the review queue first.")
    held_out = [r for r in decisions if corpus.split_of(r.text) != "train"]
    learn = [r for r in decisions if corpus.split_of(r.text) == "train"]
    records = corpus.training_records(corpus.load_corpus())
    train_set, dev_set = corpus.in_split(records, "train"), corpus.in_split(records, "dev")
    log(f"Officers' decisions: {len(decisions)} voices ({len(learn)} to learn from, {len(held_out)} held out); "
        f"corpus: {len(train_set)} train, {len(dev_set)} dev texts.")
    before = await current_bundle()
    after = training.train([*train_set, *dev_set, *(learn * OFFICER_WEIGHT)], framework,
                           meta={"corpus_hash": corpus.corpus_hash(), "officer_decisions": len(decisions),
                                 "officer_weight": OFFICER_WEIGHT})
    result = Retrained(after, len(decisions), len(learn), len(held_out))
    for name, group in (("officers' held-out decisions", held_out), ("corpus dev split", dev_set),
                        ("officers' decisions learned from", learn)):
        if group:
            result.figures[name] = {"texts": len(group), "before": _pick(training.evaluate(before, group), group),
                                    "after": _pick(training.evaluate(after, group), group)}
    return result


def gain_lines(result: Retrained) -> list[str]:
    """The before/after table the command prints."""
    lines = []
    for name, figures in result.figures.items():
        lines.append(f"{name} ({figures['texts']} texts):")
        for key, label in FIGURES:
            if key in figures["before"]:
                b, a = figures["before"][key], figures["after"][key]
                lines.append(f"  {label:<24} {b:.3f} -> {a:.3f} ({a - b:+.3f})")
    if "corpus dev split" in result.figures:
        lines.append("(Both models learned the corpus dev split: its figures show only that nothing was lost.)")
    if not any(name.startswith("officers' held-out") for name in result.figures):
        lines.append("No officers' decisions held out yet: decide on more voices for a held-out figure.")
    return lines

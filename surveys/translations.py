"""Translations of a consultation, written by people, and the pages shown in them.

What is translated: the consultation's own words (title, summary, background, each question,
hint and option: `consultation_sources`) and the words every consultation shares (headings,
buttons, GOV.UK Frontend's own text, the "About you" questions: surveys.interface_text). Each
translation keeps the English it was made from, so an edit to the English marks it out of date
and the builder can show what changed. A language is offered to residents only while both sets
are complete and up to date. No web imports.
"""

from __future__ import annotations

import difflib
import re
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from engage.db import transaction
from engage.times import now
from surveys import languages
from surveys.about_you import QUESTIONS as ABOUT_YOU, EqualityQuestion
from surveys.interface_text import INTERFACE, KIND_WORDS
from surveys.answer_messages import MESSAGES
from surveys.kinds import KINDS, OTHER, options_for as english_options
from surveys.reach_tables import Translation
from surveys.easy_read_images import for_consultation

INTERFACE_SCOPE = "interface"
TEXT_LIMIT = 20_000


def scope_for(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


def consultation_sources(c: dict, questions: list[dict]) -> dict[str, str]:
    """Every piece of a consultation's own English a translation needs, in page order."""
    out = {"title": c["title"]}
    for name in ("summary", "background"):
        if (c.get(name) or "").strip():
            out[name] = c[name]
    for q in questions:
        out[f"q{q['id']}.text"] = q["text"]
        if (q.get("hint") or "").strip():
            out[f"q{q['id']}.hint"] = q["hint"]
        if KINDS.get(q["kind"]) and KINDS[q["kind"]].officer_options:
            for option in q.get("options") or []:
                out[f"q{q['id']}.option.{option['id']}"] = option["label"]
        for affix in ("prefix", "suffix"):  # a number's unit, like "years"
            if q["kind"] == "number" and ((q.get("settings") or {}).get(affix) or "").strip():
                out[f"q{q['id']}.{affix}"] = q["settings"][affix]
    return out


def interface_sources(ask_about_you: bool = True, kinds: set[str] | None = None, skip_logic: bool = True) -> dict[str, str]:
    """The shared words; with `kinds` (a consultation's question kinds), only the words its form uses;
    a consultation without "About you" or without skip logic (surveys.conditions) needs none of
    theirs, so a language stays live for it while those are still being translated."""
    unused = _unused_kind_words(kinds)
    return {k: v for k, v in INTERFACE.items()
            if (ask_about_you or not k.startswith("about.")) and k not in unused
            and (skip_logic or not k.startswith("condition."))}


def _unused_kind_words(kinds: set[str] | None) -> set[str]:
    return {key for kind, keys in KIND_WORDS.items() if kinds is not None and kind not in kinds for key in keys}


def _kinds(questions: list[dict]) -> set[str]:
    return {q["kind"] for q in questions}


def uses_skip_logic(questions: list[dict]) -> bool:
    return any(q.get("show_when") for q in questions)


def error_sources(kinds: set[str] | None = None) -> dict[str, str]:
    """The messages for a wrong answer (surveys.answer_messages); with `kinds`, only those its form
    can show (a number's, a date's, a ranking's only with such a question). Translated with the
    shared words, but not needed for a language to go live: one without a translation is shown in
    English, and the completeness view says so."""
    unused = _unused_kind_words(kinds)
    return {k: v for k, v in MESSAGES.items() if k not in unused}


def shared_form_sources() -> dict[str, str]:
    """Everything the shared words' translation form asks for: the page words and the error messages."""
    return interface_sources() | error_sources()


PLACEHOLDER = re.compile(r"%\{[a-z]+\}")


@dataclass
class Outdated:
    key: str
    was: str  # the English the translation was made from
    now: str  # the English today
    text: str  # the translation as it stands

    @property
    def changes(self) -> Markup:
        """The English's change, word by word: removed words struck through, added ones marked."""
        was, new = self.was.split(), self.now.split()
        parts = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=was, b=new, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append(escape(" ".join(was[a1:a2])))
                continue
            if a2 > a1:
                parts.append(Markup("<del>{}</del>").format(" ".join(was[a1:a2])))
            if b2 > b1:
                parts.append(Markup("<ins>{}</ins>").format(" ".join(new[b1:b2])))
        return Markup(" ").join(parts)


@dataclass
class Completeness:
    total: int
    done: int
    missing: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.outdated

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


def completeness(sources: dict[str, str], rows: dict[str, dict]) -> Completeness:
    result = Completeness(total=len(sources), done=0)
    for key, english in sources.items():
        row = rows.get(key)
        if row is None or not row["text"].strip():
            result.missing.append(key)
        elif row["source"] != english:
            result.outdated.append(Outdated(key, row["source"], english, row["text"]))
        else:
            result.done += 1
    return result


async def stored(scope: str, language: str) -> dict[str, dict]:
    rows = await Translation.select(Translation.key, Translation.text, Translation.source).where(
        (Translation.scope == scope) & (Translation.language == language)).run()
    return {row["key"]: row for row in rows}


async def stored_all(scopes: list[str]) -> dict[tuple[str, str], dict[str, dict]]:
    """(scope, language) -> key -> row, for every language, in one query."""
    rows = await Translation.select(Translation.scope, Translation.language, Translation.key, Translation.text,
                                    Translation.source).where(Translation.scope.is_in(scopes)).run()
    out: dict[tuple[str, str], dict[str, dict]] = {}
    for row in rows:
        out.setdefault((row["scope"], row["language"]), {})[row["key"]] = row
    return out


@dataclass
class LanguageState:
    language: languages.Language
    own: Completeness  # the consultation's own words
    shared: Completeness  # the words every consultation shares
    errors: Completeness  # the error messages: English stands in for any not translated

    @property
    def live(self) -> bool:
        return self.own.complete and self.shared.complete


async def states(c: dict, questions: list[dict]) -> list[LanguageState]:
    own_sources = consultation_sources(c, questions)
    shared_sources = interface_sources(c["ask_about_you"], _kinds(questions), uses_skip_logic(questions))
    rows = await stored_all([scope_for(c["id"]), INTERFACE_SCOPE])
    return [LanguageState(lang, completeness(own_sources, rows.get((scope_for(c["id"]), lang.code), {})),
                          completeness(shared_sources, rows.get((INTERFACE_SCOPE, lang.code), {})),
                          completeness(error_sources(_kinds(questions)), rows.get((INTERFACE_SCOPE, lang.code), {})))
            for lang in languages.configured()]


async def live_languages(c: dict, questions: list[dict]) -> list[languages.Language]:
    """The languages residents are offered, and Easy Read last when its version is complete."""
    live = [s.language for s in await states(c, questions) if s.live]
    if (await easy_read_state(c, questions)).complete:
        live.append(languages.EASY_READ)
    return live


class TranslationError(ValueError):
    pass


async def save(scope: str, consultation_id: int | None, language: str, sources: dict[str, str],
               texts: dict[str, str], user_id: int | None, shown: dict[str, str] | None = None) -> int:
    """Store the posted translations of `sources`' keys (a blank one is removed), each marked as
    made from today's English. Keys not in `sources`, or whose English is not what the translator was
    `shown`, are refused. Returns how many changed."""
    if languages.get(language) is None and language != languages.EASY_READ.code:
        raise TranslationError("Choose one of the configured languages")
    unknown = [k for k in texts if k not in sources or (shown is not None and shown.get(k) != sources[k])]
    if unknown:
        raise TranslationError("The form is out of date: the English has changed since it was opened. Reload it.")
    too_long = [k for k, v in texts.items() if len(v) > TEXT_LIMIT]
    if too_long:
        raise TranslationError(f"Each translation must be {TEXT_LIMIT:,} characters or fewer")
    # %{count}, %{question}: the page puts a number or the question there, so a translation keeps them.
    wrong = [k for k, v in texts.items() if v.strip()
             and sorted(set(PLACEHOLDER.findall(v))) != sorted(set(PLACEHOLDER.findall(sources[k])))]
    if wrong:
        needed = sorted(set(PLACEHOLDER.findall(sources[wrong[0]]))) or ["none"]
        raise TranslationError(f"Keep the placeholders of the English exactly ({', '.join(needed)} in "
                               f"\"{sources[wrong[0]][:60]}\"): the page puts a number or the question there")
    current = await stored(scope, language)
    changed = 0
    async with transaction():
        for key, text in texts.items():
            text = text.strip()
            row = current.get(key)
            if row and row["text"] == text and row["source"] == sources[key]:
                continue
            await Translation.delete().where((Translation.scope == scope) & (Translation.language == language)
                                             & (Translation.key == key)).run()
            if text:
                await Translation.insert(Translation(
                    scope=scope, consultation=consultation_id, language=language, key=key, text=text,
                    source=sources[key], updated_by=user_id, updated_at=now())).run()
            changed += 1
    return changed


# -- Pages in a language -----------------------------------------------------------------------

_words: ContextVar[dict[str, str]] = ContextVar("engage_interface_words", default={})


def ui(key: str) -> str:
    """The shared words in the language the page is being rendered in (English by default)."""
    return _words.get().get(key) or INTERFACE.get(key, key)


def use_words(words: dict[str, str]):
    """Set the shared words for the rendering that follows; returns the token to reset."""
    return _words.set(words)


def reset_words(token) -> None:
    _words.reset(token)


def options_for(question: dict) -> list[tuple[str, str]]:
    """A question's choices, in the page's language when it was translated (`_labels`)."""
    labels = question.get("_labels") or {}
    return [(value, labels.get(value, label)) for value, label in english_options(question)]


@dataclass
class TranslatedPage:
    language: languages.Language
    consultation: dict
    questions: list[dict]
    about_you: tuple[EqualityQuestion, ...]
    words: dict[str, str]  # the shared words, key -> translation
    messages: dict[str, str] = field(default_factory=dict)  # error messages translated and up to date


async def page_in(c: dict, questions: list[dict], code: str | None) -> TranslatedPage | None:
    """The consultation in a live language (or its Easy Read version); None for English or a
    language not (yet) complete."""
    if (code or "").strip().lower() == languages.EASY_READ.code:
        return await easy_read_page(c, questions)
    language = languages.get(code)
    if language is None:
        return None
    own_rows = await stored(scope_for(c["id"]), language.code)
    shared_rows = await stored(INTERFACE_SCOPE, language.code)
    if not (completeness(consultation_sources(c, questions), own_rows).complete
            and completeness(interface_sources(c["ask_about_you"], _kinds(questions), uses_skip_logic(questions)),
                             shared_rows).complete):
        return None
    own = {k: r["text"] for k, r in own_rows.items()}
    words = {k: r["text"] for k, r in shared_rows.items()}
    consultation, translated_questions = _in_own_words(c, questions, own, words)
    about = tuple(_about_question(q, words) for q in ABOUT_YOU)
    # An error message translated from older English may not say what today's does: English instead.
    messages = {k: r["text"] for k, r in shared_rows.items() if k in MESSAGES and r["source"] == MESSAGES[k]}
    return TranslatedPage(language, consultation, translated_questions, about, words, messages)


def _in_own_words(c: dict, questions: list[dict], own: dict[str, str], words: dict[str, str]):
    """The consultation and its questions with the translated pieces in place of the English."""
    consultation = {**c, **{k: own[k] for k in ("title", "summary", "background") if k in own}}
    translated_questions = []
    for q in questions:
        labels = {o["id"]: own.get(f"q{q['id']}.option.{o['id']}", o["label"]) for o in q.get("options") or []}
        labels |= {value: words.get(f"option.{value}", label) for value, label in KINDS[q["kind"]].fixed_options}
        labels |= {OTHER: words.get("form.other", "Other"), "outside": words.get("form.outside", "")}
        settings = {**(q.get("settings") or {}), **{affix: own[f"q{q['id']}.{affix}"] for affix in ("prefix", "suffix")
                                                     if f"q{q['id']}.{affix}" in own}}
        translated_questions.append({**q, "text": own.get(f"q{q['id']}.text", q["text"]), "settings": settings,
                                     "hint": own.get(f"q{q['id']}.hint", q["hint"]),
                                     "_labels": {k: v for k, v in labels.items() if v}})
    return consultation, translated_questions


def lines(text: str | None) -> list[str]:
    """Easy Read's one idea per line: the officer's lines, blank ones dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


async def easy_read_state(c: dict, questions: list[dict]) -> Completeness:
    return completeness(consultation_sources(c, questions), await stored(scope_for(c["id"]), languages.EASY_READ.code))


async def easy_read_page(c: dict, questions: list[dict]) -> TranslatedPage | None:
    """The Easy Read version, once every piece is written and up to date: the page words stay English,
    each question carries its lines and its picture (surveys.easy_read_images)."""

    rows = await stored(scope_for(c["id"]), languages.EASY_READ.code)
    if not completeness(consultation_sources(c, questions), rows).complete:
        return None
    own = {k: r["text"] for k, r in rows.items()}
    consultation, easy_questions = _in_own_words(c, questions, own, {})
    images = await for_consultation(c["id"])
    for q in easy_questions:
        q["_lines"] = lines(q["text"])
        q["_hint_lines"] = lines(q["hint"])
        q["_image"] = images.get(q["id"])
    consultation["_summary_lines"] = lines(consultation.get("summary"))
    consultation["_background_lines"] = lines(consultation.get("background"))
    return TranslatedPage(languages.EASY_READ, consultation, easy_questions, ABOUT_YOU, {}, {})


def _about_question(q: EqualityQuestion, words: dict[str, str]) -> EqualityQuestion:
    def label(value: str, english: str) -> str:
        if value == "prefer-not":
            return words.get("about.prefer-not", english)
        if q.field == "ward" and value != "outside":
            return english
        if value == "outside":
            return words.get("form.outside", english)
        return words.get(f"about.{q.field}.{value}", english)

    return replace(q, legend=words.get(f"about.{q.field}.legend", q.legend),
                   hint=words.get(f"about.{q.field}.hint", q.hint),
                   choices=tuple((v, label(v, text)) for v, text in q.options),
                   groups=tuple((words.get(f"about.group.{heading}", heading), values) for heading, values in q.groups))


_QUESTION_KEY = re.compile(r"q(\d+)\.(.+)")


async def copy_translations(from_id: int, to_id: int, question_ids: dict[int, int]) -> None:
    """A duplicated consultation (surveys.duplicate) keeps its translations, each question's keys
    moved to its copy (old id -> new). The English is the same, so each is as up to date as it was.
    Runs inside the caller's transaction."""
    copies = []
    for row in await Translation.select().where(Translation.scope == scope_for(from_id)).run():
        key = row["key"]
        question = _QUESTION_KEY.fullmatch(key)
        if question:
            copied_id = question_ids.get(int(question.group(1)))
            if copied_id is None:
                continue
            key = f"q{copied_id}.{question.group(2)}"
        copies.append(Translation(scope=scope_for(to_id), consultation=to_id, language=row["language"], key=key,
                                  text=row["text"], source=row["source"], updated_by=row["updated_by"],
                                  updated_at=now()))
    if copies:
        await Translation.insert(*copies).run()

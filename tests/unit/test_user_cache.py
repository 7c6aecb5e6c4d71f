"""What a worker keeps between starts (engage.user_cache): read back exactly as derived, never stale,
and never needed: without the folder, or with a damaged copy, everything is derived as before."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest
from jinja2 import DictLoader, Environment

from engage import user_cache
from engage.analysis import language_model
from engage.analysis.language import MODEL_LANGUAGES
from engage.analysis.language_model import CompactIdentifier
from engage.web import templating

TEXTS = ("Dzień dobry, na naszej ulicy jest dużo hałasu w nocy", "Bună ziua, strada noastră este murdară",
         "The street lights are out again", "")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ENGAGE_CACHE_DIR", str(tmp_path / "cache"))
    user_cache.folder.cache_clear()
    yield tmp_path / "cache"
    user_cache.folder.cache_clear()


@pytest.fixture(scope="module")
def derived():
    return CompactIdentifier.from_shipped_model(MODEL_LANGUAGES)


def _same_model(a: CompactIdentifier, b: CompactIdentifier) -> None:
    assert a._features == b._features and a._depth == b._depth and a.nb_classes == b.nb_classes
    assert a.nb_ptc.dtype == b.nb_ptc.dtype and np.array_equal(a.nb_ptc, b.nb_ptc)
    assert np.array_equal(a.nb_pc, b.nb_pc)
    for text in TEXTS:
        assert a.classify(text) == b.classify(text)


def test_the_language_model_kept_by_one_start_is_read_by_the_next_unchanged(cache_dir, derived, monkeypatch):
    first = CompactIdentifier.kept_or_derived(MODEL_LANGUAGES)
    [kept] = (cache_dir / "language-model").iterdir()
    _same_model(first, derived)

    def derive_again(languages):
        raise AssertionError("derived again although a copy was kept")

    monkeypatch.setattr(language_model, "_derive", derive_again)
    _same_model(CompactIdentifier.kept_or_derived(MODEL_LANGUAGES), derived)
    # Kept per set of languages: another set is derived, never read from this copy.
    with pytest.raises(AssertionError, match="derived again"):
        CompactIdentifier.kept_or_derived(["en", "pl"])
    assert kept.exists()


def test_a_damaged_or_stale_language_model_copy_is_derived_again(cache_dir, derived):
    CompactIdentifier.kept_or_derived(MODEL_LANGUAGES)
    [kept] = (cache_dir / "language-model").iterdir()
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    _same_model(CompactIdentifier.kept_or_derived(MODEL_LANGUAGES), derived)
    assert kept.stat().st_size > 1000  # and kept whole again
    # py3langid's model file changing (a new version) names another copy: the old one is never read.
    model = language_model.MODEL_DIR / language_model.MODEL_FILE
    stat = model.stat()
    try:
        os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
        assert language_model._kept_key(sorted(MODEL_LANGUAGES)) != kept.stem
    finally:
        os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_with_no_cache_folder_nothing_is_kept_and_everything_works(tmp_path, monkeypatch, derived):
    monkeypatch.setenv("ENGAGE_CACHE_DIR", "")
    user_cache.folder.cache_clear()
    try:
        assert user_cache.folder("language-model") is None
        assert templating._compiled_templates() is None
        _same_model(CompactIdentifier.kept_or_derived(MODEL_LANGUAGES), derived)
        # A folder that cannot be made keeps nothing either (here: under a file).
        (tmp_path / "file").write_text("")
        monkeypatch.setenv("ENGAGE_CACHE_DIR", str(tmp_path / "file" / "cache"))
        user_cache.folder.cache_clear()
        assert user_cache.folder("templates") is None
    finally:
        user_cache.folder.cache_clear()


def _counting_compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on (not read from kept bytecode)."""
    compiled: list[str] = []
    original = Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", compile)
    return compiled


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_afresh(cache_dir, monkeypatch):
    sources = {"page.html": "<p>{{ greeting }}, {{ name }}</p>"}
    compiled = _counting_compiles(monkeypatch)

    def render():
        # A new environment each time, as a new worker process starts with one.
        env = Environment(loader=DictLoader(sources), bytecode_cache=templating._compiled_templates())
        return env.get_template("page.html").render(greeting="Hello", name="Leicester")

    assert render() == "<p>Hello, Leicester</p>"
    assert compiled == ["page.html"] and list((cache_dir / "templates").iterdir())  # kept for the next start
    assert render() == "<p>Hello, Leicester</p>"
    assert compiled == ["page.html"]  # read back, not compiled again
    sources["page.html"] = "<p>{{ greeting }} again, {{ name }}</p>"
    assert render() == "<p>Hello again, Leicester</p>"
    assert compiled == ["page.html", "page.html"]  # the edited source compiled afresh


def test_the_apps_own_templates_render_the_same_from_the_kept_copies(cache_dir, monkeypatch):
    compiled = _counting_compiles(monkeypatch)
    templating.environment.cache_clear()
    try:
        fresh = templating.environment().get_template("public/thank_you.html")
        assert "public/thank_you.html" in compiled
        assert list((cache_dir / "templates").iterdir())
        compiled.clear()
        templating.environment.cache_clear()
        kept = templating.environment().get_template("public/thank_you.html")
        assert compiled == []  # the page and every template it extends or imports read back, none compiled
        assert kept.blocks.keys() == fresh.blocks.keys()
    finally:
        templating.environment.cache_clear()


def test_thirty_processes_keeping_one_copy_at_once_never_leave_half_a_file(tmp_path):
    """Workers start together and may keep the same copy at once: a reader meets an old whole copy or a
    new whole copy, never a torn one, and no temporary file is left behind."""
    path = tmp_path / "kept.bin"
    payloads = [bytes([n]) * (200_000 + n * 1_000) for n in range(30)]
    seen: list[bytes] = []
    start = threading.Barrier(31)
    kept = threading.Event()

    def keep(payload: bytes) -> None:
        start.wait()
        user_cache.write_atomically(path, payload)

    def read() -> None:
        start.wait()
        while not kept.is_set():  # reads for as long as the writers run, however slowly they are scheduled
            try:
                seen.append(path.read_bytes())
            except FileNotFoundError:
                pass
        seen.append(path.read_bytes())

    writers = [threading.Thread(target=keep, args=(p,)) for p in payloads]
    reader = threading.Thread(target=read)
    for thread in (*writers, reader):
        thread.start()
    for thread in writers:
        thread.join()
    kept.set()
    reader.join()
    assert path.read_bytes() in payloads
    assert seen and all(copy in payloads for copy in seen)
    assert [p.name for p in tmp_path.iterdir()] == ["kept.bin"]

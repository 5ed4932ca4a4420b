"""Compiled templates are cached between runs, and an edited template is never served stale."""

from __future__ import annotations

import os

from panelpress import render


def test_an_edited_template_is_compiled_again_even_with_the_same_mtime(tmp_path):
    template = tmp_path / "greeting.html"
    template.write_text("Hello {{ name }}", encoding="utf-8")
    first = render._new_environment(tmp_path)
    assert first.bytecode_cache is not None
    assert first.get_template("greeting.html").render(name="Ana") == "Hello Ana"
    key = first.bytecode_cache.get_cache_key("greeting.html", str(template))
    assert any(key in name for name in os.listdir(first.bytecode_cache.directory))  # the cache was written

    stamp = template.stat()
    template.write_text("Howdy {{ name }}", encoding="utf-8")
    os.utime(template, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # an edit a clock would miss
    second = render._new_environment(tmp_path)  # a new run
    assert second.get_template("greeting.html").render(name="Ana") == "Howdy Ana"


def test_a_damaged_cache_entry_is_compiled_afresh(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    env = render._new_environment(tmp_path)
    env.get_template("page.html")
    cache = env.bytecode_cache
    entry = os.path.join(cache.directory, cache.pattern % cache.get_cache_key("page.html", str(tmp_path / "page.html")))
    with open(entry, "wb") as damaged:
        damaged.write(b"not bytecode")
    fresh = render._new_environment(tmp_path)
    assert fresh.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"  # still escapes


def test_a_template_edited_between_two_builds_is_read_again(tmp_path):
    """Templates are checked against their files once per build (render.CheckedOncePerBuild):
    an override edited while `serve` runs shows in the next build."""
    template = tmp_path / "note.html"
    template.write_text("First {{ name }}", encoding="utf-8")
    env = render.make_environment(tmp_path)
    assert env.get_template("note.html").render(name="Ana") == "First Ana"
    template.write_text("Second {{ name }}", encoding="utf-8")
    stamp = template.stat()
    os.utime(template, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 5_000_000_000))  # a later save
    again = render.make_environment(tmp_path)  # the next build: the same environment
    assert again is env
    assert again.get_template("note.html").render(name="Ana") == "Second Ana"


def test_plain_text_templates_are_cached_apart_and_never_escaped(tmp_path):
    """The follow-up drafts' templates (plain text, no escaping) are kept compiled between runs too,
    under keys of their own: the same file read by the escaping environment still escapes."""
    from panelpress.followup import plain_environment

    (tmp_path / "mail.txt").write_text("Dear {{ name }}", encoding="utf-8")
    plain = plain_environment(render._new_environment(tmp_path))
    assert plain.get_template("mail.txt").render(name="Ana & Bo") == "Dear Ana & Bo"
    cache = plain.bytecode_cache
    assert cache is not None
    assert os.path.exists(os.path.join(cache.directory, cache.pattern % cache.get_cache_key("mail.txt", str(tmp_path / "mail.txt"))))
    escaping = render._new_environment(tmp_path)  # a new run: the escaping one first
    assert escaping.get_template("mail.txt").render(name="Ana & Bo") == "Dear Ana &amp; Bo"
    assert plain_environment(render._new_environment(tmp_path)).get_template("mail.txt").render(name="Ana & Bo") \
        == "Dear Ana & Bo"

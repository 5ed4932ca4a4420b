"""A Markdown field that is one plain line skips Markdown (render.plain_paragraph, a build-speed
shortcut): its HTML must be exactly what Markdown, smarty and the sanitiser make of it."""

from __future__ import annotations

import random

import pytest

from panelpress import render

# the characters the shortcut accepts, and a few it must leave to Markdown
WORDS = ["Ask", "what", "they", "are", "working", "on", "Zoë", "Müller", "naïve", "São", "Paulo", "İstanbul",
         "Łódź", "日本語", "Привет", "2024", "3rd", "x1", "A", "I", "e", "g", "etc", "Q4"]
JOINS = [" ", "  ", ", ", ": ", "; ", "? ", "! ", ". ", ",", ".", ":", "!", "?"]
ENDS = ["", ".", "?", "!", ":", ",", ";", "?!", "!!"]


def sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
        text = words[0] + "".join(rng.choice(JOINS) + word for word in words[1:]) + rng.choice(ENDS)
        out.append(rng.choice(["", "\n", "\n\n"]) + text + rng.choice(["", "\n", "\n\n"]))
    return out


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_a_plain_line_has_the_html_markdown_gives_it(language):
    texts = sentences(3000, seed=18) + ["What lesson 5 teaches.", "Practise step 3: what would you do?",
                                        "They can vouch for you.", "Ask!  Now", "a.b,c", "Hi.\n"]
    shortcut = [text for text in texts if render.plain_paragraph(text) is not None]
    assert len(shortcut) > 1000  # the shortcut is taken: most of these are plain lines
    for text in shortcut:
        assert render.plain_paragraph(text) == render.converted(text, language), repr(text)


@pytest.mark.parametrize("text", [
    "Wait...", "Wait. . .", "1. Call them", "2024. A year", "    Indented is code", " Leading space", "Trailing space ",
    "Two\nlines", "A -- dash", "A - list", "- item", "# Heading", "> Quote", "it's", 'a "quote"', "snake_case",
    "*stress*", "a `code` span", "[link](https://example.org)", "<b>bold</b>", "Pay & perks", "a\u00a0b", "a\tb",
    "a | b", "", "\n", "5 people came.",
])
def test_anything_else_goes_through_markdown(text):
    assert render.plain_paragraph(text) is None
    assert str(render.md(text)) == render.converted(text, "en")


@pytest.mark.parametrize("text", ["Plain words", "it's", "Done ✅", "Go →", "a -- b", "Wait...", "x", "",
                                  "https://example.org/a b", "Ends with a space ", "Aim 🎯"])
def test_every_template_value_is_set_as_smarten_sets_it(text):
    """finalize skips `smarten` only for text it would return unchanged (typography.needs_setting)."""
    from panelpress.typography import smarten

    assert render.finalize(text) == smarten(text, "en")


def test_a_plain_line_describes_a_page_with_the_words_the_sanitiser_gives():
    """describe.words skips the sanitiser for a plain line: a page's description stays the same."""
    from panelpress.site import describe

    texts = sentences(2000, seed=26) + ["Ask!  Now", "a.b,c", "Hi.\n", "İstanbul, Łódź: 日本語?"]
    plain = [text for text in texts if render.plain_paragraph(text) is not None]
    assert len(plain) > 1000
    for text in plain:
        assert describe.words(text) == describe.rendered_words(text), repr(text)
    assert describe.words("Pay & perks") == describe.rendered_words("Pay & perks") == "Pay & perks"


@pytest.mark.parametrize("text", ["Plain words", "it's", "Done ✅", "Go →", "a -- b", "Wait...", "x", "",
                                  "https://example.org/a b", "Ends with a space ", "Aim 🎯", 7, 2.5, None,
                                  "<b>&amp;</b>", render.Markup("<b>kept</b>")])
def test_a_template_value_is_output_escaped_and_set_as_before(text):
    """Each `{{ … }}` compiles to one call of render.escaped (its output the same as Jinja's
    `escape(finalize(…))`), asked twice: the second answer comes from its table of escaped text."""
    from markupsafe import escape

    for _ in range(2):
        assert render.escaped(text) == escape(render.finalize(text))
    env = render.make_environment(None)
    assert env.from_string("{{ v }}|{% autoescape false %}{{ v }}{% endautoescape %}").render(v="<it's>") \
        == "&lt;it’s&gt;|<it’s>"

"""Keyword matching on its own: whole words in any script, case and accents, patterns that stay literal."""

from __future__ import annotations

import unicodedata

import pytest

from photogram.filters.services.matching import ActiveFilter, ActiveFilters


def matcher(*keywords: tuple[str, bool], status_ids: set[int] | None = None) -> ActiveFilters:
    active = ActiveFilter(1, "test", "home", "warn", None, list(keywords), status_ids or set())
    return ActiveFilters([active])


def hits(keyword: str, whole_word: bool, text: str) -> bool:
    return bool(matcher((keyword, whole_word)).match(1, text))


@pytest.mark.parametrize(
    ("keyword", "whole_word", "text", "expected"),
    [
        ("cat", True, "a cat sat", True),
        ("cat", True, "concatenate", False),
        ("cat", False, "concatenate", True),
        ("cat", True, "cats", False),
        ("cat", True, "cat.", True),
        ("cat", True, "#cat", True),  # a hashtag holds the word
        ("#cat", True, "#cat!", True),  # the end with no word character needs no boundary
        ("#cat", True, "#category", False),
        ("cat", True, "cat_walk", False),  # the underscore is a word character
        ("hot dog", True, "a hot  dog", False),  # a phrase is matched as written
        ("hot dog", True, "the HOT DOG stand", True),
    ],
)
def test_whole_words_and_substrings(keyword: str, whole_word: bool, text: str, expected: bool) -> None:
    assert hits(keyword, whole_word, text) is expected


@pytest.mark.parametrize(
    ("keyword", "whole_word", "text", "expected"),
    [
        ("caf", True, "au café", False),  # é is a letter: no word ends after "caf"
        ("café", True, "au CAFÉ ce matin", True),
        ("café", True, unicodedata.normalize("NFD", "au café"), True),  # a combining accent
        (unicodedata.normalize("NFD", "café"), True, "au café", True),
        ("cafe", True, "au café", False),  # accents are not folded away: "cafe" is another word
        ("straße", True, "STRASSE", True),  # full case folding
        ("ΣΟΦΙΑ", True, "σοφια", True),
        ("東京", False, "東京タワー", True),
        ("東京", True, "東京タワー", False),  # scripts without spaces: no whole word inside a run of letters
        ("über", True, "Über alles", True),
        ("über", True, "Rüberkommen", False),
    ],
)
def test_unicode_case_and_accents(keyword: str, whole_word: bool, text: str, expected: bool) -> None:
    assert hits(keyword, whole_word, text) is expected


@pytest.mark.parametrize("keyword", ["c++", "a.b", "(x)", "[y]", "*", "a|b", "\\d"])
def test_keywords_are_literal_text_not_patterns(keyword: str) -> None:
    assert hits(keyword, True, f"about {keyword} here")
    assert not hits(keyword, False, "about ab, x, y and 7 here")


def test_a_match_names_each_filter_and_keyword_that_hit() -> None:
    first = ActiveFilter(1, "pets", "home", "warn", None, [("cat", True), ("dog", True), ("fish", True)], set())
    second = ActiveFilter(2, "food", "public", "hide", None, [("hot dog", True)], {7})
    third = ActiveFilter(3, "quiet", "home", "warn", None, [("never", True)], set())
    filters = ActiveFilters([first, second, third])
    found = filters.match(7, "A cat and a hot dog")
    assert [(match.filter.id, match.keywords, match.status_ids) for match in found] == [
        (1, ["cat", "dog"], []),
        (2, ["hot dog"], [7]),
    ]
    assert [(match.filter.id, match.keywords) for match in filters.match(8, "nothing here")] == []
    assert [(match.filter.id, match.status_ids) for match in filters.match(7, "nothing")] == [(2, [7])]


def test_a_filter_hides_only_in_its_contexts_and_only_when_its_action_is_hide() -> None:
    hide = ActiveFilter(1, "t", "home,thread", "hide", None)
    warn = ActiveFilter(2, "t", "home,thread", "warn", None)
    assert hide.hides_in("home")
    assert hide.hides_in("thread")
    assert not hide.hides_in("public")
    assert not hide.hides_in("account")
    assert not warn.hides_in("home")
    assert hide.contexts == ["home", "thread"]


def test_no_keywords_and_no_posts_match_nothing() -> None:
    assert not ActiveFilters([])
    assert not ActiveFilters([ActiveFilter(1, "empty", "home", "warn", None)])
    assert ActiveFilters([]).match(1, "anything") == []

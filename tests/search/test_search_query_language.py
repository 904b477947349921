"""The query language as parsed: words, phrases, operators, prefixes, fuzziness and filters."""

from __future__ import annotations

import pytest

from search import QuerySyntaxError
from search.query import All, And, FieldFilter, Not, Or, Phrase, Prefix, Term, parse, text_leaves
from tests.search.search_corpus import search


def test_words_are_anded_and_folded():
    node = parse("Bị can HÙNG")
    assert isinstance(node, And)
    assert [(t.text, t.folded) for t in node.items] == [("bị", "bi"), ("can", "can"), ("hùng", "hung")]


def test_vietnamese_operator_words_are_plain_words():
    node = parse("trộm cắp VÀ cướp HOẶC lừa đảo KHÔNG khởi tố")
    assert isinstance(node, And)
    assert [t.text for t in node.items] == ["trộm", "cắp", "và", "cướp", "hoặc", "lừa", "đảo", "không", "khởi", "tố"]


def test_lowercase_english_operators_are_words_too():
    assert [t.text for t in parse("and or not").items] == ["and", "or", "not"]


def test_operators_and_precedence():
    node = parse("a OR b c NOT d")
    assert isinstance(node, Or)
    left, right = node.items
    assert left == Term("a", "a")
    assert isinstance(right, And) and right.items[0] == Term("b", "b") and isinstance(right.items[2], Not)
    assert isinstance(parse("(hùng OR hưng) AND lừa"), And)


def test_phrases_prefixes_identifiers_and_hyphenated_words():
    assert parse('"bị can"') == Phrase((Term("bị", "bi"), Term("can", "can")))
    assert parse("khởi*") == Prefix("khởi", "khoi")
    ident = parse("86/2023/HS-ST")
    assert ident == Term("86/2023/hs-st", "86/2023/hs-st", 0, identifier=True)
    assert isinstance(parse("lừa-đảo"), Phrase)


def test_fuzziness_only_for_long_single_words():
    assert parse("nguyen").fuzzy == 1
    assert parse("can").fuzzy == 0 and parse("hùng").fuzzy == 0
    assert parse("hung~").fuzzy == 1
    assert parse("45/CT-VKS-P2").fuzzy == 0
    phrase = parse('"nguyen van"')
    assert all(w.fuzzy == 0 for w in phrase.words)


def test_field_filters():
    assert parse("case:VA-2023-015") == FieldFilter("case", "VA-2023-015")
    assert parse("kind:HNGĐ") == FieldFilter("case_kind", "HNGĐ")
    assert parse("date:2023-02") == FieldFilter("doc_date", None, 20230201, 20230228)
    assert parse("date:2023..2024-06") == FieldFilter("doc_date", None, 20230101, 20240630)
    assert parse("date:>2023-12-31") == FieldFilter("doc_date", None, 20240101, None)
    assert parse("date:<2023") == FieldFilter("doc_date", None, None, 20221231)
    assert parse("date:<=2023-03") == FieldFilter("doc_date", None, None, 20230331)
    assert parse("doc:42") == FieldFilter("document_id", 42)
    # unknown prefixes are text: "Số:45" from a pasted line is one chunk of two syllables
    assert parse("Số:45") == Phrase((Term("số", "so"), Term("45", "45")))


def test_empty_query_matches_everything_and_negated_words_are_not_highlighted():
    assert parse("   ") == All()
    assert text_leaves(parse("hùng NOT lừa -đảo")) == [Term("hùng", "hung")]


def test_punctuation_only_finds_nothing_while_empty_lists_everything(corpus):
    assert search(corpus, ' ?* " ').total == 0
    assert search(corpus, "").total == search(corpus, "", limit=0).total > 0


def test_bad_filter_value_is_a_clear_error(corpus):
    with pytest.raises(QuerySyntaxError, match="ngày"):
        search(corpus, "date:hôm-qua")
    with pytest.raises(QuerySyntaxError):
        search(corpus, "doc:abc")


def test_unbalanced_quotes_and_parentheses_are_forgiven(corpus):
    assert search(corpus, '"bị can').total == search(corpus, '"bị can"').total
    assert search(corpus, "(hùng OR hưng").total == search(corpus, "hùng OR hưng").total

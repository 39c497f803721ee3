"""问一问 (Ask): best guide, three quoted articles with sources, a next step; 12348 otherwise."""

from __future__ import annotations

import pytest

from kiosk.content.installer import InstalledPack
from kiosk.content.library import ContentLibrary
from kiosk.search.segment import Segmenter


@pytest.fixture(scope="module")
def library(installed: InstalledPack, segmenter: Segmenter) -> ContentLibrary:
    return ContentLibrary(installed.path, segmenter=segmenter, hotline="12348")


def test_ask_answers_with_guide_cited_articles_and_where_to_go(library: ContentLibrary) -> None:
    answer = library.ask("房东扣着押金不退，我能告他吗")
    assert answer.found
    assert answer.guide_id == "rent-deposit"
    assert len(answer.articles) == 3
    # The guide's own citations come first: 民法典 第五百七十七条 and 第五百零九条.
    assert {a.article for a in answer.articles[:2]} == {577, 509}
    assert all(a.text and a.law == "中华人民共和国民法典" for a in answer.articles[:2])
    assert answer.next_step.startswith("村（居）委会")
    assert answer.sources[0] == "指南：房东不退押金怎么办"
    assert "《中华人民共和国民法典》第五百七十七条" in answer.sources


def test_ask_by_faq_wording_finds_the_faq_guide(library: ContentLibrary) -> None:
    answer = library.ask("劳动仲裁要交钱吗")
    assert answer.guide_id == "wages-arbitration"
    assert answer.articles[0].article == 53


def test_ask_an_article_number_quotes_that_article(library: ContentLibrary) -> None:
    answer = library.ask("民法典第1079条")
    assert answer.articles[0].article == 1079


@pytest.mark.parametrize("question", ["", "😀", "？？？", "asdfgh qwerty"])
def test_nothing_found_points_to_the_hotline(library: ContentLibrary, question: str) -> None:
    answer = library.ask(question)
    assert not answer.found
    assert answer.guide_id is None
    assert answer.articles == ()
    assert "12348" in answer.next_step

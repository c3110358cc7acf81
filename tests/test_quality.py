"""Regression floor: the corpus evaluation must not fall below the figures recorded in
corpus/floors.json (raised as quality rises)."""

import json

import pytest

from extractor.evaluate import pair_records_with_gold, score
from extractor.extract import extract_articles
from extractor.gold import load_gold_dir
from extractor.reading import Article, iter_inputs

from .conftest import CORPUS

FLOORS = json.loads((CORPUS / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(nlp):
    articles = [a for a in iter_inputs([str(CORPUS)]) if isinstance(a, Article)]
    records = list(extract_articles(articles, nlp=nlp))
    return score(pair_records_with_gold(records, load_gold_dir(CORPUS)))


def test_every_gold_file_has_its_record(report):
    assert report.missing_records == []
    assert report.articles >= 25


@pytest.mark.parametrize("category", sorted(FLOORS["f1"]))
def test_f1_stays_above_its_floor(report, category):
    assert report.categories[category].f1 >= FLOORS["f1"][category], report.table()


def test_metadata_accuracy_stays_above_its_floor(report):
    assert report.metadata.accuracy >= FLOORS["metadata"], report.table()

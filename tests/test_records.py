"""The record contract: validation that means something, and the JSON Schema round trip."""

import json

import jsonschema
import pytest
from pydantic import ValidationError

from extractor.records import ArticleRecord, DateMention, Figure, Place
from extractor.schema import stale_schemas

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "article-record.schema.json").read_text(encoding="utf-8"))


def minimal(**fields):
    return {"id": "a", "text": "Le pôle compte 80 membres.", **fields}


def test_schemas_folder_is_up_to_date():
    assert stale_schemas(ROOT / "schemas") == [], "run `make schemas`"


def test_seed_record_validates_against_the_schema_and_round_trips(seed_record):
    data = json.loads(seed_record.model_dump_json())
    jsonschema.validate(data, SCHEMA)
    assert ArticleRecord.model_validate_json(seed_record.model_dump_json()) == seed_record
    assert data["title"] == "Les clusters, une chance pour les territoires ?"
    assert data["published"] == "2019-11-22"
    assert all(data[key] is None or isinstance(data[key], (str, list)) for key in ("source", "lead", "captions"))


def test_absent_values_are_null_or_empty_never_missing():
    data = json.loads(ArticleRecord(**minimal()).model_dump_json())
    for key in ("source", "title", "section", "lead", "published"):
        assert key in data and data[key] is None
    for key in ("authors", "clusters", "quotes", "people", "organisations", "places", "dates", "figures", "warnings"):
        assert data[key] == []


@pytest.mark.parametrize("fields, message", [
    ({"colour": "blue"}, "Extra inputs are not permitted"),
    ({"published": "22/11/2019"}, "date"),
    ({"places": [{"name": "Picardie", "kind": "region", "region": "Picardie"}]}, "region"),
    ({"places": [{"name": "Lyon", "kind": "town"}]}, "kind"),
    ({"places": [{"name": "USA", "kind": "country", "country": "usa"}]}, "alpha-2"),
    ({"figures": [{"text": "80", "value": 80, "qualifier": "roughly"}]}, "qualifier"),
    ({"dates": [{"text": "en 2019", "value": "2019-13"}]}, "ISO date"),
    ({"dates": [{"text": "30 février", "value": "2019-02-30"}]}, "day is out of range"),
    ({"quotes": [{"text": "x", "start": 3, "end": 400}]}, "lies past the text"),
    ({"quotes": [{"text": "x", "start": 9, "end": 3}]}, "before start"),
    ({"clusters": [{"name": "X", "kinds": ["club"]}]}, "kinds"),
    ({"clusters": [{"name": "X", "regions": ["Picardie"]}]}, "regions"),
])
def test_invalid_records_are_refused(fields, message):
    with pytest.raises(ValidationError) as caught:
        ArticleRecord(**minimal(**fields))
    assert message in str(caught.value)


def test_values_at_their_precision_are_accepted():
    assert DateMention(text="en 2001", value="2001").value == "2001"
    assert DateMention(text="en juillet 2005", value="2005-07").value == "2005-07"
    assert Place(name="Cholet", kind="city", region="Pays de la Loire", country="FR").region == "Pays de la Loire"
    assert Figure(text="plus de 70%", value=70, unit="%", qualifier="more_than").qualifier == "more_than"

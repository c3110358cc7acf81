"""Gold annotations (shared/spec/gold-format.md, format "cluster-facts-gold/1") as Pydantic v2 models.

A gold file is written by a person, so loading it checks it strictly (unknown fields, values outside
the record enums for regions, place kinds and qualifiers, malformed ISO dates are refused; cluster
kinds stay free strings, as records.md types them) and every problem is reported as a `GoldError` naming the file, the field
path and why: a typo in a gold file would otherwise silently turn into misses.

Optional items: any list item may be `{"optional": true, ...}`, a string item `{"text": ...,
"optional": true}`, a single-valued slot `{"value": ..., "optional": true}`. After loading, every
item (string, year or object) is a model with an `optional` flag, so scoring handles them alike.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from extractor.records import (
    COUNTRY_CODE,
    ISO_DATE,
    NonEmpty,
    OrganisationKind,
    PlaceKind,
    Qualifier,
    Region,
    Year,
)

FORMAT = "cluster-facts-gold/1"
SUFFIX = ".gold.json"

T = TypeVar("T")


class GoldError(ValueError):
    """A gold file that cannot be read or does not follow the gold format."""


def _iso_date(v: str) -> str:
    if not ISO_DATE.match(v):
        raise ValueError(f"{v!r} is not an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
    if len(v) == 10:
        date.fromisoformat(v)  # rejects 2019-02-30
    return v


def _full_day(v: str) -> str:
    if len(v) != 10:
        raise ValueError(f"{v!r} is not a full date YYYY-MM-DD")
    return v


IsoDate = Annotated[str, AfterValidator(_iso_date)]
Country = Annotated[str, Field(pattern=COUNTRY_CODE.pattern)]


class GoldModel(BaseModel):
    # Unknown fields are refused so that a misspelt key ("optinal") is an error, not a silent default.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Item(GoldModel):
    """Anything a gold list (or single-valued slot) holds: it may be optional."""

    optional: bool = False


class Named(Item):
    name: NonEmpty
    aliases: list[str] = []

    def names(self) -> list[str]:
        """Every spelling that matches this item."""
        return [self.name, *self.aliases]


class Text(Item, Generic[T]):
    """A string list item: a plain string, or {"text", "optional"?, "aliases"?}."""

    text: T
    aliases: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return data if isinstance(data, (dict, cls)) else {"text": data}

    def names(self) -> list[str]:
        return [self.text, *self.aliases]


class YearSlot(Item):
    """`founded`: a year, or {"value": year, "optional": true}."""

    value: Year

    @model_validator(mode="before")
    @classmethod
    def _from_int(cls, data: Any) -> Any:
        return data if isinstance(data, (dict, cls)) else {"value": data}


class GoldFigure(Item):
    value: float
    unit: Optional[str] = None
    qualifier: Qualifier = Qualifier.EXACT  # left out means exact
    about: Optional[str] = None
    text: Optional[str] = None  # as written, if the annotator wants to keep it


class GoldDate(Item):
    value: IsoDate
    text: Optional[str] = None


class GoldQuote(Item):
    text: NonEmpty
    speaker: Optional[str] = None  # null: nobody is named, and a null speaker is wanted


class GoldRole(Item):
    title: NonEmpty
    organisation: Optional[str] = None


class GoldPerson(Named):
    roles: list[GoldRole] = []


class GoldOrganisation(Named):
    acronym: Optional[str] = None
    kind: Optional[OrganisationKind] = None

    def names(self) -> list[str]:
        return [*super().names(), *([self.acronym] if self.acronym else [])]


class GoldPlace(Named):
    kind: PlaceKind
    region: Optional[Region] = None
    department: Optional[str] = None
    country: Optional[Country] = None


class GoldHistory(Item):
    year: Year
    kind: NonEmpty  # records.md types kinds as strings; see GoldCluster.kinds


class GoldClusterPerson(Named):
    role: Optional[str] = None


class GoldCluster(Named):
    # Free strings, as records.md has them: annotators name kinds ("association") that the
    # records' ClusterKind enum may not have yet; such a gold kind is then simply never found.
    kinds: list[Text[NonEmpty]] = []
    founded: Optional[YearSlot] = None
    history: list[GoldHistory] = []
    places: list[Text[str]] = []
    regions: list[Text[Region]] = []
    sectors: list[Text[str]] = []
    members: Optional[GoldFigure] = None
    employees: Optional[GoldFigure] = None
    supporters: list[Text[str]] = []
    people: list[GoldClusterPerson] = []
    figures: list[GoldFigure] = []


class GoldArticle(GoldModel):
    title: Optional[str] = None
    section: Optional[str] = None
    authors: list[Text[str]] = []
    published: Optional[Annotated[IsoDate, AfterValidator(_full_day)]] = None


class Gold(GoldModel):
    format: Literal["cluster-facts-gold/1"]
    document: NonEmpty
    article: GoldArticle
    clusters: list[GoldCluster] = []
    quotes: list[GoldQuote] = []
    not_quotes: list[Text[str]] = []
    people: list[GoldPerson] = []
    organisations: list[GoldOrganisation] = []
    places: list[GoldPlace] = []
    dates: list[GoldDate] = []
    figures: list[GoldFigure] = []

    @property
    def id(self) -> str:
        """The record id the document names: "<file>.jsonl#<id>" or the file stem."""
        head, sep, tail = self.document.partition("#")
        return tail if sep else Path(head).stem


def gold_id(path: str | Path) -> str:
    """The record id a gold file is for: its name without `.gold.json`."""
    return Path(path).name.removesuffix(SUFFIX)


def _field_path(loc: tuple) -> str:
    """('clusters', 1, 'members', 'value') -> 'clusters[1].members.value'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "(top level)"


def _describe(error: dict) -> str:
    got = error.get("input")
    shown = "" if isinstance(got, (dict, list)) else f" (got {json.dumps(got, ensure_ascii=False)[:80]})"
    return f"{_field_path(error['loc'])}: {error['msg']}{shown}"


def load_gold(path: str | Path) -> Gold:
    """Read and validate one gold file; every problem raises a GoldError naming the file and field."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GoldError(f"{path}: invalid JSON at line {e.lineno} column {e.colno}: {e.msg}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"{path}: cannot read: {e}") from e
    try:
        gold = Gold.model_validate(data)
    except ValidationError as e:
        raise GoldError("\n".join(f"{path}: {_describe(err)}" for err in e.errors())) from e
    # Records and gold files are paired by file name, so a document naming another article is a slip.
    if path.name.endswith(SUFFIX) and gold.id != gold_id(path):
        raise GoldError(f"{path}: document: {gold.document!r} is for record {gold.id!r}, "
                        f"the file is for {gold_id(path)!r}")
    return gold


def load_gold_dir(directory: str | Path) -> dict[str, Gold]:
    """Every `*.gold.json` of a directory by record id; all bad files are reported in one GoldError."""
    golds, problems = {}, []
    for path in sorted(Path(directory).glob(f"*{SUFFIX}")):
        try:
            golds[gold_id(path)] = load_gold(path)
        except GoldError as e:
            problems.append(str(e))
    if problems:
        raise GoldError("\n".join(problems))
    return golds

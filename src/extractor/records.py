"""The record contract (shared/spec/records.md) as Pydantic v2 models.

Every record `extractor extract` writes is an `ArticleRecord` validated here; the JSON Schemas in
`schemas/` are generated from these models. Fields with no value are `null` or `[]`, never absent.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Record(BaseModel):
    """Base of every record: unknown fields are refused, enums serialise as their values."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)


class Region(str, Enum):
    """The 18 official French regions since 2016 (13 in mainland France, 5 overseas)."""

    AUVERGNE_RHONE_ALPES = "Auvergne-Rhône-Alpes"
    BOURGOGNE_FRANCHE_COMTE = "Bourgogne-Franche-Comté"
    BRETAGNE = "Bretagne"
    CENTRE_VAL_DE_LOIRE = "Centre-Val de Loire"
    CORSE = "Corse"
    GRAND_EST = "Grand Est"
    HAUTS_DE_FRANCE = "Hauts-de-France"
    ILE_DE_FRANCE = "Île-de-France"
    NORMANDIE = "Normandie"
    NOUVELLE_AQUITAINE = "Nouvelle-Aquitaine"
    OCCITANIE = "Occitanie"
    PAYS_DE_LA_LOIRE = "Pays de la Loire"
    PROVENCE_ALPES_COTE_D_AZUR = "Provence-Alpes-Côte d'Azur"
    GUADELOUPE = "Guadeloupe"
    MARTINIQUE = "Martinique"
    GUYANE = "Guyane"
    LA_REUNION = "La Réunion"
    MAYOTTE = "Mayotte"


class Qualifier(str, Enum):
    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class OrganisationKind(str, Enum):
    COMPANY = "company"
    CLUSTER = "cluster"
    ASSOCIATION = "association"
    PUBLIC_BODY = "public_body"
    SCHOOL = "school"
    RESEARCH = "research"
    MEDIA = "media"
    OTHER = "other"


class PlaceKind(str, Enum):
    COUNTRY = "country"
    REGION = "region"
    FORMER_REGION = "former_region"
    DEPARTMENT = "department"
    CITY = "city"
    AREA = "area"


class ClusterKind(str, Enum):
    """What a cluster is or has been, in the words French texts use."""

    CLUSTER = "cluster"
    POLE = "pôle de compétitivité"
    GRAPPE = "grappe d'entreprises"
    SPL = "système productif local"
    TECHNOPOLE = "technopole"
    NETWORK = "réseau d'entreprises"
    FRENCH_TECH = "communauté French Tech"
    ASSOCIATION = "association"  # an association grouping the firms of a trade on a territory


ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")

NonEmpty = Annotated[str, Field(min_length=1)]
Year = Annotated[int, Field(ge=1000, le=2100)]
Offset = Annotated[int, Field(ge=0)]


class Span(Record):
    """Evidence: character offsets into the article's clean text."""

    start: Optional[Offset] = None
    end: Optional[Offset] = None

    @model_validator(mode="after")
    def _ordered(self):
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end go together")
        if self.start is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Figure(Span):
    text: NonEmpty
    value: float
    unit: Optional[str] = None
    qualifier: Qualifier = Qualifier.EXACT
    about: Optional[str] = None

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("a figure is a finite number")
        return v


class DateMention(Span):
    text: NonEmpty
    value: str = Field(description='ISO 8601 at the precision given: "2001", "2019-09", "2019-09-12"')

    @field_validator("value")
    @classmethod
    def _iso(cls, v: str) -> str:
        if not ISO_DATE.match(v):
            raise ValueError(f"{v!r} is not an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
        if len(v) == 10:
            date.fromisoformat(v)  # rejects 2019-02-30
        return v


class Role(Record):
    title: NonEmpty
    organisation: Optional[str] = None


class Person(Record):
    name: NonEmpty
    roles: list[Role] = []
    mentions: int = Field(default=1, ge=1, description="how many times the article names the person")


class Organisation(Record):
    name: NonEmpty
    acronym: Optional[str] = None
    kind: OrganisationKind = OrganisationKind.OTHER


class Place(Record):
    name: NonEmpty
    kind: PlaceKind
    region: Optional[Region] = None
    department: Optional[str] = Field(default=None, description="INSEE department code, for cities and departments")
    country: Optional[str] = Field(default=None, description="ISO 3166-1 alpha-2")

    @field_validator("country")
    @classmethod
    def _country_code(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not COUNTRY_CODE.match(v):
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 code")
        return v


class Quote(Span):
    text: NonEmpty
    speaker: Optional[str] = None
    speaker_role: Optional[str] = None
    cue: Optional[str] = None
    start: Offset
    end: Offset


class HistoryEntry(Record):
    year: Year
    kind: ClusterKind


class ClusterPerson(Record):
    name: NonEmpty
    role: Optional[str] = None


class Cluster(Record):
    name: NonEmpty
    aliases: list[str] = []
    kinds: list[ClusterKind] = []
    founded: Optional[Year] = None
    history: list[HistoryEntry] = []
    places: list[str] = []
    regions: list[Region] = []
    sectors: list[str] = []
    members: Optional[Figure] = None
    employees: Optional[Figure] = None
    supporters: list[str] = []
    people: list[ClusterPerson] = []
    figures: list[Figure] = []


class ArticleRecord(Record):
    id: NonEmpty
    source: Optional[str] = None
    title: Optional[str] = None
    section: Optional[str] = None
    lead: Optional[str] = None
    authors: list[str] = []
    published: Optional[date] = None
    language: str = "fr"
    text: str = Field(description="the clean text every offset refers to")
    captions: list[str] = Field(default=[], description="photo captions found in the layout")
    clusters: list[Cluster] = []
    quotes: list[Quote] = []
    people: list[Person] = []
    organisations: list[Organisation] = []
    places: list[Place] = []
    dates: list[DateMention] = []
    figures: list[Figure] = []
    warnings: list[str] = []

    @model_validator(mode="after")
    def _offsets_inside_text(self):
        size = len(self.text)
        spans = [*self.quotes, *self.dates, *self.figures]
        for cluster in self.clusters:
            spans += [f for f in (cluster.members, cluster.employees, *cluster.figures) if f]
        for span in spans:
            if span.end is not None and span.end > size:
                raise ValueError(f"{type(span).__name__} {span.text!r}: end {span.end} lies past the text ({size})")
        return self


# The models whose JSON Schemas are published in schemas/.
SCHEMA_MODELS = {"article-record": ArticleRecord}

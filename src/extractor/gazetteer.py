"""French and world places: what a name can refer to, and in which current French region it lies.

The data ships inside the package (resources/gazetteer/, see SOURCES.md there): INSEE regions,
departments and communes (Etalab's decoupage-administratif), countries with their French names
(pycountry), and a hand-compiled table of former regions, region spellings and well-known areas.

Ambiguous commune names ("Saint-Denis", "Valence") are resolved by context (departments and
regions named in the same text); without such context the most populous homonym is taken only
when it has at least `DWARF_RATIO` times the population of the next one (Valence, Drôme: 64 000
against 5 300), else the name is left without department or region: never guessed.

Other components use the module functions: `lookup`, `resolve`, `region_of`, `current_region`,
`is_region`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, Optional

# The reading a name gets first: "Bretagne" is the region before the hamlet of that name,
# "Vienne" the department before the town (a department named after its chef-lieu, Paris, is
# kept as the city), "Aragon" the Spanish region before the hamlet.
KIND_ORDER = ("country", "region", "former_region", "department", "area",
              "foreign region", "foreign area", "city", "foreign city")
DWARF_RATIO = 10
TINY = 1000  # inhabitants: a hamlet, whose name is more often something else
FRANCE = "FR"

_PUNCT = str.maketrans({**{c: "'" for c in "’‘´`"}, **{c: " " for c in "-‐‑–—_"}})
_ARTICLE = re.compile(r"^(?:le |la |les |l')")
_SAINT = re.compile(r"\b(st|ste)\b")
_QUERY_PREFIX = re.compile(r"^(?:(?:la |l')?(?:ex |ancienne )?(?:region |departement )?(?:de |du |d')?)")
# Lowercase nouns that name an area after a place: "vallée de l'Epte", "bassin de Decazeville".
AREA_HEAD_WORDS = ["vallée", "bassin", "plateau", "pays", "massif", "plaine", "estuaire", "baie", "golfe",
                   r"presqu['’]île", "delta", "plateforme"]
AREA_HEADS = "|".join(AREA_HEAD_WORDS)
AREA_LINK = r"de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’]"
_AREA_NAME = re.compile(rf"(?i:{AREA_HEADS})\s+(?P<link>{AREA_LINK})(?P<name>.+)")


@dataclass(frozen=True)
class PlaceInfo:
    """One thing a place name can refer to."""

    name: str
    kind: str  # country, region, former_region, department, city, area
    region: Optional[str] = None  # current French region (None for foreign places)
    department: Optional[str] = None  # INSEE department code
    country: Optional[str] = None  # ISO 3166-1 alpha-2
    population: Optional[int] = None
    head: Optional[str] = None  # the word the name needs before it ("région" for "Centre")

    @property
    def rank(self) -> int:
        foreign = self.country not in (FRANCE, None) and self.kind != "country"
        return KIND_ORDER.index(f"foreign {self.kind}" if foreign else self.kind)

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "region": self.region,
                "department": self.department, "country": self.country}


@lru_cache(maxsize=1 << 16)  # called on every word of every text
def word_key(text: str) -> str:
    """A word or phrase without accents, case, dashes or punctuation ("Saint-Étienne" -> "saint etienne")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_PUNCT)
    text = "".join(c for c in text if c.isalnum() or c in " '")
    text = " ".join(text.split()).replace("' ", "'")
    return _SAINT.sub(lambda m: "saint" if m.group(1) == "st" else "sainte", text)


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The lookup key of a name: `word_key` without a leading article ("La Flèche" -> "fleche")."""
    return _ARTICLE.sub("", word_key(name))


def _rows(filename: str) -> Iterator[dict]:
    """The rows of a TSV file of the package's gazetteer data, empty cells as None."""
    text = resources.files("extractor").joinpath("resources", "gazetteer", filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        cells = line.split("\t")
        yield {k: (cells[i] or None if i < len(cells) else None) for i, k in enumerate(header)}


def _split(value: Optional[str]) -> list[str]:
    return [v for v in (value or "").split("|") if v]


class Gazetteer:
    """Every known place name, by `key`, with what it can refer to (most specific first)."""

    def __init__(self) -> None:
        self.index: dict[str, list[PlaceInfo]] = {}
        self.upper: set[str] = set()  # keys of names written in capitals (USA, PACA): acronyms
        self.departments: dict[str, PlaceInfo] = {}  # by INSEE code
        self._load()
        for infos in self.index.values():
            infos.sort(key=lambda p: (p.rank, -(p.population or 0)))
        # Every key cut after a word, to stop extending a phrase as soon as no name can follow.
        self.prefixes = {k[:i + (c == "'")] for k in self.index for i, c in enumerate(k + " ") if c in " '"}

    def add(self, name: str, info: PlaceInfo) -> None:
        k = key(name)
        if k and info not in self.index.setdefault(k, []):
            self.index[k].append(info)
        if name.isupper():
            self.upper.add(k)

    def _load(self) -> None:
        regions = {row["code"]: row["name"] for row in _rows("regions.tsv")}
        for name in regions.values():
            self.add(name, PlaceInfo(name, "region", region=name, country=FRANCE))
        for row in _rows("departments.tsv"):
            info = PlaceInfo(row["name"], "department", regions[row["region"]], row["code"], FRANCE)
            self.departments[row["code"]] = info
            if row["name"] != row["chef_lieu"]:
                self.add(row["name"], info)
        for row in _rows("communes.tsv"):
            population = int(row["population"]) if row["population"] else None
            region = self.departments[row["department"]].region
            self.add(row["name"], PlaceInfo(row["name"], "city", region, row["department"], FRANCE, population))
        for row in _rows("countries.tsv"):
            names = _split(row["names"])
            info = PlaceInfo(names[0], "country", country=row["code"])
            for name in names:
                self.add(name, info)
        for row in _rows("places.tsv"):
            info = PlaceInfo(row["name"], row["kind"], row["region"], None, row["country"], head=row["head"])
            for name in ([] if row["head"] else [row["name"]]) + _split(row["aliases"]):
                self.add(name, info)
        for row in _rows("subdivisions.tsv"):
            # A foreign city of the same name (Berlin, New York) or a French place other than a
            # hamlet (Jura, Vienne, Saint-Martin) is what the French press means by that name.
            if not any(p.country == row["country"] or p.country == FRANCE and (p.population or TINY) >= TINY
                       for p in self.index.get(key(row["name"]), [])):
                self.add(row["name"], PlaceInfo(row["name"], "region", None, None, row["country"]))

    def lookup(self, name: str) -> list[PlaceInfo]:
        return self.index.get(key(name), [])


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer()


def resolve(infos: list[PlaceInfo], departments: Iterable[str] = (),
            regions: Iterable[str] = ()) -> Optional[PlaceInfo]:
    """The one place `infos` (a lookup's answer) means, given the departments and regions around it.

    A name that is also a country, region or department means that; homonymous communes are
    told apart by the context, else by population (see DWARF_RATIO), else left without a
    department or region.
    """
    if not infos or infos[0].kind != "city":
        return infos[0] if infos else None
    if len(infos) == 1:
        return infos[0]
    for wanted, attribute in ((set(departments), "department"), (set(regions), "region")):
        near = [p for p in infos if getattr(p, attribute) in wanted]
        if len(near) == 1:
            return near[0]
    first, second = (p.population or 0 for p in infos[:2])
    if first >= DWARF_RATIO * max(second, 1):
        return infos[0]
    countries = {p.country for p in infos}
    return replace(infos[0], region=None, department=None, population=None,
                   country=countries.pop() if len(countries) == 1 else None)


def context_of(infos_list: Iterable[list[PlaceInfo]]) -> tuple[set[str], set[str]]:
    """The departments and regions that the unambiguous places among `infos_list` name."""
    departments, regions = set(), set()
    for infos in infos_list:
        place = resolve(infos)
        if place and place.kind != "country":
            departments.add(place.department)
            regions.add(place.region)
    return departments - {None}, regions - {None}


def _query(name: str) -> list[PlaceInfo]:
    """A lookup tolerant of how other components write names ("l'ex-région Picardie", "région Sud")."""
    name_key = key(name)
    bare = _QUERY_PREFIX.sub("", name_key)
    return lookup(name) or (gazetteer().index.get(bare, []) if bare != name_key else [])


def lookup(name: str) -> list[PlaceInfo]:
    """Everything `name` can refer to, most specific first (countries, regions... communes)."""
    return [p for p in gazetteer().lookup(name) if not p.head]


def parts_of(name: str) -> list[Optional[PlaceInfo]]:
    """The places a name is made of: itself if known, else its parts ("Thann-Cernay").
    Hamlets count for nothing: a name that a river and a hamlet of 120 people share is the river's."""
    index = gazetteer().index
    parts = [name] if key(name) in index else name.split("-")
    places = [resolve(index.get(key(part), [])) for part in parts]
    return [None if p and p.kind == "city" and (p.population or 0) < TINY else p for p in places]


def area_region(link: str, inner: str, regions: Iterable[str] = ()) -> Optional[str]:
    """The region of an area named after a place, given the regions of the text around it.

    "bassin de Decazeville", "bassin de Thann-Cernay": the region its places share. An area named
    after a river ("vallée de la Drôme", "estuaire de la Loire") may lie outside the department
    of that name, or straddle regions: its places' region if the text is about it, else the one
    region the text is about, else None ("vallée de l'Epte" between Normandie and Île-de-France).
    """
    shared = {p.region if p else None for p in parts_of(inner)}
    own = shared.pop() if len(shared) == 1 else None
    if own and link.split()[-1] in ("de", "d'", "d’"):
        return own
    regions = set(regions)
    return own if own in regions else (next(iter(regions)) if len(regions) == 1 else None)


def region_of(name: str, context_names: Iterable[str] = ()) -> Optional[str]:
    """The current French region of a place name, or None when unknown or ambiguous.

    `context_names` are other place names of the same text, used to tell homonyms apart.
    Areas named after a place ("bassin de Decazeville") and compounds ("Thann-Cernay") are in the
    region of their places.
    """
    infos = _query(name)
    if not infos:
        area = _AREA_NAME.fullmatch(name.strip())
        return area_region(area["link"], area["name"]) if area else area_region("de", name)
    departments, regions = context_of(_query(n) for n in context_names)
    place = resolve(infos, departments, regions)
    return place.region if place else None


def current_region(name_or_former: str) -> Optional[str]:
    """The current official region of a region's name, variant or former region, else None."""
    regions = [p for p in _query(name_or_former) if p.kind in ("region", "former_region") and p.region]
    return regions[0].region if regions else None


def is_region(name: str) -> bool:
    """True for the name (or a spelling variant) of a current French region."""
    return any(p.kind == "region" and p.region for p in _query(name))

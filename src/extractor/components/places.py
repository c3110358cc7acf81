"""Places: countries, current and former regions, departments, communes and areas.

The model's LOC entities are unreliable on press text (it calls "Cluster", "l'Etat" or the
company Saint-Gobain places), so places come from the gazetteer (`extractor.gazetteer`):

- the longest known name starting at each capitalised word ("Pays de Loire", "USA");
- area phrases: "vallée de la Bresle", "bassin de Castres-Mazamet", "plateau de Valensole",
  "le pays de Caux" (in the region the text gives them, `extractor.gazetteer.area_region`),
  and "Haut-Jura" (the upper part of a known place);
- LOC entities the gazetteer does not know, right after "à", "au" or "aux" ("à Kempten"): French
  communes are all in the gazetteer, so these are foreign towns, in the foreign country named in
  their sentence or, failing that, in the article.

A match is dropped when capitalised words around it show a longer name that is not a place
("Fillex France", "Rennes Métropole", "Éditions de L'Aube", "France 2030"), when it lies in a
person or organisation found by `extractor_entities` (bar a territory's own body, "Région
Normandie"), or when the words before it show a company ("le groupe X", "sous-traitants de X").
Hamlets, small towns named by a French word ("Tour", "Montagne") and the surnames of the
article's people ("Fontaine") count only after a locative word ("à Vire", not "de"), in a list
of places ("Flers, Vire et Condé-sur-Noireau") or before a department in brackets. Homonymous
communes are resolved by the article's other places (`extractor.gazetteer.resolve`). Mentions
of one place are merged into one entry with all their spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from typing import Callable, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc
from ..extensions import doc_text

from .. import extensions  # noqa: F401
from ..gazetteer import (AREA_HEAD_WORDS, AREA_HEADS, AREA_LINK, DWARF_RATIO, TINY, Gazetteer, PlaceInfo,
                         area_region, context_of, gazetteer, key, parts_of, resolve, word_key)
from ..lemmatizer import headword_test
from ..normalise.dates import lowered, scan
from ..normalise.text import occurrences

# A letter, word characters, and single dashes or apostrophes between word characters (what
# `[^\W\d_](?:\w|[-'’](?=\w))*` matches, written to run faster); `inner` starts at the first dash or
# apostrophe.
WORD = re.compile(r"[^\W\d_]\w*(?P<inner>(?:[-'’]\w+)*)")
PREFIX = re.compile(r"(?:[ldjnmtsc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)|ex-(?=[A-ZÀ-Ý])", re.I)
GAP = re.compile(r"[ \t\u00a0\u202f]*")  # what may separate the words of one name
ARTICLES = {"la", "le", "les", "l'"}
CONTRACTIONS = {"au", "aux", "du", "des"}  # "au Havre": the article of "Le Havre"
LINKS = {"de", "du", "des", "d'"}
PARTICLES = LINKS | ARTICLES
# Capitalised words that may stand before a place without making it part of another name:
# administrative heads ("Région Normandie", "Métropole de Lyon") and points of the compass.
HEADS = {"region", "departement", "ville", "metropole", "commune", "communaute", "agglomeration",
         "conseil", "prefecture", "province", "canton", "nord", "sud", "est", "ouest", "centre", "ex"}
UPPER_PART = re.compile(r"(?:Haut|Haute|Hauts|Bas|Basse|Basses)-(\w.*)")
AREA = re.compile(rf"\b(?P<head>(?i:{AREA_HEADS}))\s+(?P<link>{AREA_LINK})"
                  r"(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[A-ZÀ-Ý][\w'’-]*)*)")
# An AREA starts with its head: a plain substring search for the heads' letters (up to a bracket:
# "presqu['’]île" -> "presqu") finds where it can start, faster than any regex.
_AREA_HEAD_STEMS = [re.split(r"[\[(\\]", head)[0] for head in AREA_HEAD_WORDS]
PAYS_DETERMINER = re.compile(r"(?i:\b(?:le|du|au))\s+$")  # "le pays de Caux", not "des pays de l'Union"
# Words before a name that make it a company's ("le groupe Orange") or a person's ("M. Fontaine").
NOT_A_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:groupe|société|entreprise|firme|marque|enseigne|chez|cabinet|opérateur|constructeur|"
    r"équipementier|(?:sous-traitant|fournisseur|filiale|client)s?\s+(?:de|d['’]|du)))\s*$"
    r"|(?:\bM\.|\bMM\.|\bMmes?|\bMlle|\bDr|\bPr|\b[Mm]onsieur|\b[Mm]adame)\s*$")
# The last word of each phrase above, lowercase: words before a name that end otherwise (most do)
# cannot hold one, and the search, which tries every position, need not run.
_NOT_A_PLACE_LAST_WORDS = ("groupe", "société", "entreprise", "firme", "marque", "enseigne", "chez", "cabinet",
                           "opérateur", "constructeur", "équipementier", "de", "d'", "d’", "du", "m.", "mme",
                           "mmes", "mlle", "dr", "pr", "monsieur", "madame")
LOCATIVE = re.compile(r"(?i:\b(?P<preposition>à|au|aux|en|de|du|des|d['’]|vers|entre|sur|près\s+de|autour\s+de|depuis)"
                      r"(?:\s+(?:la|le|les)|\s*l['’])?)\s*$")
TERRITORY_OF = re.compile(r"\b[a-zé]\w*\s+(?:de\s+la|de\s+l['’]|de|du|des|d['’])\s*$")
SENTENCE_END = re.compile(r"[.!?\n]")
TOWN_LOCATIVE = re.compile(r"(?i:\b(à|au|aux))\s+$")
LIST_SEPARATOR = re.compile(r"\s*(?:,|\bet\b|\bou\b)\s*")
PARENTHESIS = re.compile(r"\s*\((?P<inside>[^()]{2,40})\)")
FOLLOWED_BY_NUMBER = re.compile(r"[ \t]+\d")
NAME_WORDS = re.compile(r"[A-ZÀ-Ý][\w'’]*(?:[- ](?:[A-ZÀ-Ý][\w'’]*|de|du|des|la|le|les|sur|sous|en))*")
BIG = 10_000  # inhabitants: a town this big is what its name means, even when it is also a word
TOWN_ARTICLE = {"au": "Le ", "aux": "Les "}  # "au Locle" is Le Locle


@dataclass(slots=True)
class Word:
    start: int
    end: int
    text: str
    key: str
    joined: bool  # only blanks (or nothing) between the previous word and this one

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def shouting(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


@dataclass
class Mention:
    start: int
    end: int
    infos: list[PlaceInfo]
    beside: tuple[set, set] = field(default_factory=lambda: (set(), set()))  # "(Drôme)" after it
    area: Optional[re.Match] = None  # an area named after a place: its region depends on the text


@dataclass
class Blocker:
    """A person or organisation: a place inside it is part of its name."""

    start: int
    end: int
    person: bool
    public: bool  # a territory's own body ("Région Normandie", "Métropole de Lyon")


@dataclass
class Page:
    """What the component reads of one Doc, read once (Doc.text and Doc.ents are rebuilt at
    each access)."""

    text: str
    words: Words
    locs: list[tuple[int, int, str]]  # the model's LOC entities
    blockers: list[Blocker]
    surnames: set[str]  # word keys of the people's names: "Fontaine" alone is Jean Fontaine

    @classmethod
    def of(cls, doc: Doc) -> "Page":
        text = doc_text(doc)
        people = doc._.people or []
        surnames = {w for p in people for w in word_key(p.get("name") or "").split()[1:]}
        loc = doc.vocab.strings["LOC"]  # labels compared as numbers: no string built per entity
        return cls(text, words_of(text), [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label == loc],
                   _blockers(doc, text), surnames)


class Words(Sequence):
    """The words of a text, elisions ("l'", "d'") and the "ex-" prefix as words of their own.

    Where each word lies is found up front, its `Word` built the first time it is read: places
    start at capitalised words (`capitalised`), so most words are never read.
    """

    def __init__(self, text: str):
        self.text = text
        starts, ends = self.starts, self.ends = [], []
        for match in WORD.finditer(text):
            start, end = match.span()
            if match.start("inner") < end:  # a dash or an apostrophe inside: maybe an elision or "ex-"
                while (prefix := PREFIX.match(text, start, end)) and prefix.end() < end:
                    starts.append(start)
                    ends.append(prefix.end())
                    start = prefix.end()
            starts.append(start)
            ends.append(end)
        self._words: list[Optional[Word]] = [None] * len(starts)
        is_capitalised = map(str.isupper, map(text.__getitem__, starts))
        self.capitalised = list(compress(range(len(starts)), is_capitalised))  # their indices

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: Union[int, slice]) -> Union[Word, list[Word]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        word = self._words[i]  # IndexError and negative indices as for a list
        if word is None:
            word = self._words[i] = self._word(i % len(self))
        return word

    def __iter__(self) -> Iterator[Word]:
        return (self[i] for i in range(len(self.starts)))

    def written(self, i: int) -> str:
        """`self[i].text`, without building the Word."""
        return self.text[self.starts[i]:self.ends[i]]

    def _word(self, i: int) -> Word:
        start, end = self.starts[i], self.ends[i]
        joined = i > 0 and GAP.fullmatch(self.text, self.ends[i - 1], start) is not None
        return Word(start, end, self.text[start:end], word_key(self.text[start:end]), joined)


def words_of(text: str) -> Words:
    """The words of a text (see `Words`)."""
    return Words(text)


class PlaceFinder:
    """Finds the places of a Doc; built once per pipeline (the gazetteer loads in a second)."""

    def __init__(self, gaz: Gazetteer, is_word: Callable[[str], bool] = lambda w: False,
                 stop_words: Iterable[str] = ()):
        self.gaz = gaz
        self.is_word = is_word
        self.free_left = {word_key(w) for w in stop_words} | HEADS

    def __call__(self, doc: Doc) -> Doc:
        page = Page.of(doc)
        mentions = self._areas(page)
        mentions += self._names(page, mentions)
        mentions += self._foreign_towns(page, mentions)
        doc._.places = _merge(mentions)
        return doc

    # --- areas -------------------------------------------------------------------------------

    def _areas(self, page: Page) -> list[Mention]:
        text, mentions = page.text, []
        for match in scan(AREA, text, _area_starts):
            if match["head"].lower() == "pays" and not _determiner_before(text, match.start()):
                continue
            known = self.gaz.index.get(key(match.group()))
            infos = known or _named_area(match)
            if infos and not _blocked(text, match.start(), match.end(), infos[0], page.blockers, located=False):
                mentions.append(Mention(match.start(), match.end(), infos, area=None if known else match))
        return mentions

    # --- names -------------------------------------------------------------------------------

    def _names(self, page: Page, taken: list[Mention]) -> list[Mention]:
        words, mentions, prefixes = page.words, [], self.gaz.prefixes
        after = 0  # the first word after the last mention: names do not overlap
        for i in words.capitalised:
            if i < after or taken and any(m.start <= words.starts[i] < m.end for m in taken):
                continue
            # Most capitalised words start no known name (`prefixes` holds the start of each) and,
            # without a dash, are no "Haut-Jura": `_longest` would find nothing.
            written = words.written(i)
            if word_key(written) not in prefixes and "-" not in written:
                continue
            last, infos = self._longest(words, i)
            previous = mentions[-1].end if mentions else None
            mention = infos and self._check(page, i, last, infos, previous)
            if mention:
                mentions.append(mention)
                after = last + 1
        return mentions

    def _longest(self, words: Words, i: int) -> tuple[int, list[PlaceInfo]]:
        """The longest known name starting at word i: its last word and what it can be."""
        index, prefixes = self.gaz.index, self.gaz.prefixes
        found, phrase, n = (i, []), words[i].key, i
        while True:
            if phrase in index:
                found = (n, index[phrase])
            if n + 1 >= len(words) or not words[n + 1].joined:
                break
            phrase += ("" if phrase.endswith("'") else " ") + words[n + 1].key
            if phrase not in prefixes and phrase not in index:
                break
            n += 1
        return found if found[1] else (i, self._upper_part(words[i]))

    def _upper_part(self, word: Word) -> list[PlaceInfo]:
        """ "Haut-Jura", "Haute-Provence": an area in the region of the place it is part of."""
        match = UPPER_PART.fullmatch(word.text)
        place = resolve(self.gaz.index.get(key(match.group(1)), [])) if match else None
        if not place or place.kind not in ("department", "region", "former_region", "area"):
            return []
        return [PlaceInfo(word.text, "area", place.region, None, place.country)]

    def _check(self, page: Page, i: int, last: int, infos: list[PlaceInfo],
               previous: Optional[int]) -> Optional[Mention]:
        """The mention of words i..last, or None when its context shows it is no place."""
        text, words, end = page.text, page.words, page.words[last].end
        start, infos, lowercase_article = self._readings(page, i, last, infos)
        if not infos or not self._caps_ok(text, start, words[i:last + 1]) or self._inside_longer_name(words, i, last):
            return None
        if FOLLOWED_BY_NUMBER.match(text, end) or _not_a_place_before(text, start):
            return None
        located = LOCATIVE.search(text, max(0, start - 12), start)
        if _blocked(text, start, end, infos[0], page.blockers, bool(located)):
            return None
        beside = self._beside(text, end)
        weak = self._weak(infos, text[words[i].start:end], lowercase_article) or \
            (i == last and words[i].key in page.surnames)  # "Fontaine" after Jean Fontaine
        if weak:
            listed = previous is not None and LIST_SEPARATOR.fullmatch(text, previous, start) is not None
            # "de" is no evidence here: "président de l'Union", "tour de France"
            if not (listed or any(beside) or (located and word_key(located["preposition"]) not in LINKS)):
                return None
        return Mention(start, end, infos, beside)

    @staticmethod
    def _readings(page: Page, i: int, last: int, infos: list[PlaceInfo]) -> tuple[int, list[PlaceInfo], bool]:
        """Where the name starts (with its article: "La Flèche"), the readings its context allows
        ("Centre" only after "région", "Le Robert" not for "Robert") and whether its article is
        written lowercase ("l'Union": maybe no town)."""
        words, start = page.words, page.words[i].start
        before = words[i - 1].key if i else ""
        article = before in ARTICLES and words[i].joined and any(word_key(p.name).startswith(before) for p in infos)
        if article:
            start = words[i - 1].start
        infos = [p for p in infos if (not p.head or word_key(p.head) == before)
                 and (article or before in CONTRACTIONS or word_key(p.name) == key(p.name))]
        return start, _spelled(infos, page.text[start:words[last].end]), article and not words[i - 1].capitalised

    def _caps_ok(self, text: str, start: int, name: list[Word]) -> bool:
        """A name in capitals counts when it is an acronym (USA) or a dateline ("LYON, 14 mars")."""
        if not any(w.shouting for w in name):
            return True
        if len(name) == 1 and name[0].key in self.gaz.upper:
            return True
        line_start = text.rfind("\n", 0, start) + 1
        return not text[line_start:start].strip() and text[name[-1].end:name[-1].end + 1] in (",", ".")

    def _inside_longer_name(self, words: Words, i: int, last: int) -> bool:
        """True when capitalised words around the match make it part of another name: right
        before it ("Fillex France") or joined by "de" ("Éditions de L'Aube"), not by a bare
        article ("Direction la Côte d'Ivoire")."""
        j = i - 1
        while j >= 0 and words[j].key in PARTICLES and words[j + 1].joined:
            j -= 1
        linked = j == i - 1 or any(w.key in LINKS for w in words[j + 1:i])
        if j >= 0 and linked and words[j + 1].joined and words[j].capitalised and words[j].key not in self.free_left:
            return True
        k = last + 1
        if k < len(words) and words[k].key in LINKS and words[k].joined:
            k += 1
        return k < len(words) and words[k].joined and words[k].capitalised

    def _weak(self, infos: list[PlaceInfo], written: str, lowercase_article: bool) -> bool:
        """Hamlets only, or a small town named by a French word ("Tour", "Montagne"). A big town
        is a word only with its article written lowercase ("de l'Union"): the lemmatizer's
        headwords also hold "lille" or "quimper"."""
        first = infos[0]
        if first.kind != "city" or first.country != "FR":
            return False
        population = max(p.population or 0 for p in infos)
        common = " " not in written and self.is_word(written.lower())
        return population < TINY or common and (population < BIG or lowercase_article)

    def _beside(self, text: str, end: int) -> tuple[set, set]:
        """The department or region named in brackets right after a name: "Valence (Drôme)", "(26)"."""
        match = PARENTHESIS.match(text, end)
        if not match:
            return set(), set()
        inside = match.group("inside").strip()
        near = [p for p in self.gaz.index.get(key(inside), []) if p.kind in ("department", "region")]
        return context_of([near[:1] or [p for p in [self.gaz.departments.get(inside)] if p]])

    # --- foreign towns -----------------------------------------------------------------------

    def _foreign_towns(self, page: Page, taken: list[Mention]) -> list[Mention]:
        """LOC entities unknown to the gazetteer right after "à", "au", "aux": foreign towns."""
        text, mentions = page.text, []
        for start, end, name in page.locs:
            cue = TOWN_LOCATIVE.search(text, max(0, start - 5), start)
            if not cue or not NAME_WORDS.fullmatch(name) or key(name) in self.gaz.index or \
                    any(self.is_word(w) for w in name.lower().split() if w not in PARTICLES):
                continue  # "aux Français", "au Stade de France": no towns
            if any(m.start < end and start < m.end for m in taken) or \
                    _blocked(text, start, end, PlaceInfo(name, "city"), page.blockers, located=True):
                continue
            name = TOWN_ARTICLE.get(cue.group(1).lower(), "") + name
            mentions.append(Mention(start, end, [PlaceInfo(name, "city", country=_country_near(text, start, taken))]))
        return mentions


def _determiner_before(text: str, start: int) -> bool:
    """PAYS_DETERMINER in the text before `start`: it can only begin two letters before the blanks
    that end there, so the search starts there, not at the start of the text."""
    blanks = len(text[:start].rstrip())
    return PAYS_DETERMINER.search(text, max(0, blanks - 2), start) is not None


def _area_starts(low: str) -> list[int]:
    """Where an area's head is written in the lowercased text `low` (see `_AREA_HEAD_STEMS`), in order."""
    return occurrences(low, _AREA_HEAD_STEMS)


def _named_area(match: re.Match) -> list[PlaceInfo]:
    """ "vallée de la Bresle", "bassin de Castres-Mazamet": an area named after a capitalised name
    that is no country or continent ("pays d'Afrique"). Its region depends on the text (`_resolve`)."""
    name = match["name"]
    if not name[0].isupper() or any(p and (p.kind == "country" or not p.country) for p in parts_of(name)):
        return []
    return [PlaceInfo(" ".join(match.group().split()), "area", None, None, "FR")]


def _country_near(text: str, start: int, mentions: list[Mention]) -> Optional[str]:
    """The foreign country named in the sentence of a foreign town, else the only one the
    article names ("à La Chaux-de-Fonds" after "en Suisse"), else None."""
    first = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    after = SENTENCE_END.search(text, start)
    last = after.start() if after else len(text)
    foreign = [(m.start, p.country) for m in mentions
               if (p := resolve(m.infos)) and p.kind in ("country", "region") and p.country not in (None, "FR")]
    for countries in ({c for s, c in foreign if first <= s < last}, {c for _, c in foreign}):
        if len(countries) == 1:
            return countries.pop()
    return None


def _spelled(infos: list[PlaceInfo], written: str) -> list[PlaceInfo]:
    """The readings spelled exactly as written, accents included ("Vire", not "Viré"), if any."""
    exact = [p for p in infos if p.name.casefold().endswith(written.casefold())]
    return exact or infos


def _blockers(doc: Doc, text: str) -> list[Blocker]:
    found = []
    for attribute in ("people", "organisations"):
        for entry in getattr(doc._, attribute) or []:
            for start, end in entry.get("spans") or []:
                first = word_key(text[start:end]).split()[:1]
                public = attribute == "organisations" and bool(first) and first[0] in HEADS
                found.append(Blocker(start, end, attribute == "people", public))
    return found


def _not_a_place_before(text: str, start: int) -> bool:
    """Whether words before `start` show a company's or a person's name (NOT_A_PLACE_BEFORE)."""
    window = max(0, start - 40)
    last_word = lowered(text[window:start].rstrip()[-13:])  # as long as "équipementier"
    if last_word is not None and not last_word.endswith(_NOT_A_PLACE_LAST_WORDS):
        return False
    return NOT_A_PLACE_BEFORE.search(text, window, start) is not None


def _blocked(text: str, start: int, end: int, info: PlaceInfo, blockers: list[Blocker], located: bool) -> bool:
    """Inside a person or organisation. Not blocked: the territory an organisation's name ends
    with ("chambre de commerce du Tarn"), a country, region or department the model took for a
    whole organisation, a town it took for a person after "à" or "de"."""
    for b in blockers:
        if b.public or b.end <= start or end <= b.start:
            continue
        if not b.person and b.end == end and TERRITORY_OF.search(text, b.start, start):
            continue
        same = (b.start, b.end) == (start, end)
        if not same or (info.kind in ("city", "area") and not (b.person and located)):
            return True
    return False


def _merge(mentions: list[Mention]) -> list[dict]:
    """One entry per place, in order of first mention, with the spans of all its mentions."""
    departments, regions = context_of(m.infos for m in mentions if not m.area)
    mentions = sorted(mentions, key=lambda m: m.start)
    places = [_resolve(m, departments, regions) for m in mentions]
    towns = [(key(p.name), p) for p in places if p.kind in ("city", "area")]  # keyed once, not once per mention
    entries: dict[tuple, dict] = {}
    for mention, place in zip(mentions, places):
        place = _longer_form(place, towns)
        entry = entries.setdefault((place.name, place.kind, place.department),
                                   {**place.as_dict(), "spans": []})
        entry["spans"].append([mention.start, mention.end])
    return list(entries.values())


def _resolve(mention: Mention, departments: set[str], regions: set[str]) -> PlaceInfo:
    """What a mention means, given the departments and regions the article names."""
    if mention.area:
        region = area_region(mention.area["link"], mention.area["name"], regions)
        return replace(mention.infos[0], region=region)
    return resolve(mention.infos, *(mention.beside if any(mention.beside) else (departments, regions)))


def _longer_form(place: PlaceInfo, towns: list[tuple[str, PlaceInfo]]) -> PlaceInfo:
    """ "Moirans" after "Moirans-en-Montagne": the short form of a longer name in the same text
    is that place, unless it is a much bigger town of its own ("Paris" and "Paris-l'Hôpital").
    `towns`: the text's cities and areas, with their keys."""
    if place.kind not in ("city", "area"):
        return place
    short = key(place.name) + " "
    for other_key, other in towns:
        if other_key.startswith(short) and (place.population or 0) < DWARF_RATIO * max(other.population or 0, 1):
            return other
    return place


@Language.factory("extractor_places", assigns=["doc._.places"])
def make_places(nlp: Language, name: str):
    return PlaceFinder(gazetteer(), headword_test(nlp), nlp.Defaults.stop_words)

"""Dates that locate an event, normalised to ISO 8601 at the precision the text gives.

One regex pass (`normalise.dates.DATE`) finds absolute dates ("22 novembre 2019", "1er mars 2022",
"22/11/2019", datelines such as "VALENCE, 14 mars 2023 (Reuters) -"), months ("en juillet 2005" ->
"2005-07"), years ("créé en 2001", "depuis 2010", "d'ici 2030", "la récolte 2021"), and phrases that
need a reference date to resolve them: the publication date `doc._.published`, else the date of a
dateline or byline line near the top:

- a day and month ("le 12 septembre"), a month ("en janvier", "depuis mars") or a weekday ("mardi")
  take the year, or the week, that the wording and the tense of the verb they depend on point to:
  "dernier", "depuis", a past tense (passé composé, imparfait...) -> the latest one not after
  publication; "prochain", "jusqu'au", "d'ici", a future tense -> the earliest one not before it;
  the present reads as the near future for days and months, as the past for weekdays (press
  narrates the week's events in the present); a weekday with its date ("mardi 19 novembre") takes
  the year it fits; with no telling verb (none, or a bare participle: "organisé le 20 septembre",
  "inaugurée en mai") a day or a month takes the nearest one, a weekday the past one.
- "hier", "avant-hier" -> a day; "l'an dernier", "cette année", "l'an prochain", "cet été",
  "l'automne dernier" -> a year (winter spans two years: unresolved without one); "le mois
  dernier", "ce mois-ci" -> a month; "la semaine dernière" -> its month when the whole week lies
  in one month, else nothing (ISO values here have no week precision). Without a reference date
  these are left out.

Not dates: decades ("les années 1990": a period, not a date), durations ("depuis dix ans"),
"il y a dix ans" (a round figure, rarely a located event), "aujourd'hui" and "demain" (in the press
mostly "nowadays" and "in the future"), habitual weekdays ("le lundi", "chaque mardi"), years that
are figures ("2000 salariés"), and period names ("les trente glorieuses": never matched).
The publication date itself is listed too (its text is the ISO date, without offsets, when the
article does not write it). Dates are deduplicated by value; `spans` keeps every mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Token
from ..extensions import doc_text

from .. import extensions  # noqa: F401
from ..normalise.dates import (FUTURE, PAST, date_matches, day_number, iso, month_number, parse_date,
                               resolve_day, resolve_month, resolve_relative, resolve_season,
                               resolve_weekday, weekday_number)
from ..normalise.numbers import NUMBER, qualifier_before, unit_of_symbol

PRESENT, NEAREST = 0, 2  # NEAREST: a verb that says nothing of the time (a bare participle)
_FUTURE_CUE = re.compile(r"(?i)(?:jusqu['’]\s*(?:au|à|en)|d['’]ici(?:\s+(?:à|au|le|fin))?|à\s+partir\s+du?|"
                         r"à\s+compter\s+du?|avant\s+le|(?:prévu|programmé)e?s?(?:\s+pour)?)\s*(?:le\s+)?$")
_PAST_CUE = re.compile(r"(?i)depuis\s+(?:le\s+)?$")
_HABITUAL = re.compile(r"(?i)(?:\b(?:les?|chaque|du|au|tous\s+les|jusqu['’]au)\s+)$")
_DECADE = re.compile(r"(?i)\bann[ée]es\s+$")
_DAY_NUMBERS = re.compile(r"1er|1ᵉʳ|premier|\d+", re.IGNORECASE)
_DATELINE_LINE = 160  # a dateline or byline is a short line near the top


@Language.factory("extractor_dates", assigns=["doc._.dates"])
def make_dates(nlp: Language, name: str):
    return find_dates


def find_dates(doc: Doc) -> Doc:
    tokens = TokenIndex(doc)
    ref = reference_date(doc, tokens.text)
    found: dict[str, dict] = {}
    for match in date_matches(tokens.text):
        for value, start, end in _values(match, tokens, ref):
            _add(found, value, tokens.text[start:end], start, end)
    published = _published(doc)
    if published and published not in found:  # the publication date is a date of the article too
        found[published] = {"text": published, "value": published, "start": None, "end": None, "spans": []}
    doc._.dates = list(found.values())
    return doc


def _add(found: dict, value: Optional[str], text: str, start: int, end: int) -> None:
    if not value:
        return
    if value in found:
        found[value]["spans"].append([start, end])
    else:
        found[value] = {"text": text, "value": value, "start": start, "end": end, "spans": [[start, end]]}


def _published(doc: Doc) -> Optional[str]:
    """`doc._.published` as an ISO day, or None when it is missing or no date."""
    try:
        return date.fromisoformat(str(doc._.published)[:10]).isoformat() if doc._.published else None
    except ValueError:
        return None


def reference_date(doc: Doc, text: str) -> Optional[date]:
    """The publication date, else the date of a dateline or byline line near the top."""
    if _published(doc):
        return date.fromisoformat(_published(doc))
    for line in text[:600].splitlines():
        if len(line) <= _DATELINE_LINE:
            found = parse_date(line)
            if found:
                return found
    return None


class TokenIndex:
    """Tokens by character offset (bisect over token starts); shared with the figures component."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.starts = doc.to_array("IDX").tolist()  # no Token objects: a tenth of the time
        self._sentences: Optional[list[int]] = None

    def at(self, pos: int) -> Optional[Token]:
        """The word covering `pos`, or the first one after it (white space tokens skipped)."""
        i = bisect_left(self.starts, pos + 1) - 1
        if i < 0 or self.doc[i].idx + len(self.doc[i]) <= pos:
            i += 1
        return self._word_from(i)

    def after(self, pos: int) -> Optional[Token]:
        """The first word starting at or after `pos`."""
        return self._word_from(bisect_left(self.starts, pos))

    def before(self, pos: int) -> Optional[Token]:
        """The last word ending before `pos`."""
        doc = self.doc
        for i in range(bisect_left(self.starts, pos) - 1, -1, -1):
            token = doc[i]  # a new Token at each indexing: made once
            if not token.is_space:
                return token
        return None

    def _word_from(self, first: int) -> Optional[Token]:
        """Token `first`, or the first word after it."""
        doc = self.doc
        for i in range(first, len(doc)):
            token = doc[i]
            if not token.is_space:
                return token
        return None

    def sentence(self, pos: int) -> int:
        """The number of the sentence holding `pos` (0 when the Doc has no sentences)."""
        if self._sentences is None:
            parsed = self.doc.has_annotation("SENT_START") or self.doc.has_annotation("DEP")
            self._sentences = [s.start_char for s in self.doc.sents] if parsed else [0]
        return bisect_left(self._sentences, pos + 1) - 1


def _values(m: re.Match, tokens: TokenIndex, ref: Optional[date]) -> Iterator[tuple[str, int, int]]:
    start, end = m.span()
    kind = m.lastgroup
    if kind == "numeric":
        yield iso(int(m["ny"]), int(m["nm"]), int(m["nd"])), start, end
    elif kind == "iso":
        yield iso(int(m["iy"]), int(m["im"]), int(m["id"])), start, end
    elif kind == "written":
        yield from _written(m, tokens, ref)
    elif kind == "month":
        yield _month(m, tokens, ref), start, end
    elif kind == "season" and m["sy"]:
        yield iso(int(m["sy"])), start, end
    elif kind == "season" and ref and (m["srel"] or m["sdet"].lower() in ("cet", "ce")):
        yield resolve_season(m["sname"], ref, _relation(m["srel"])), start, end
    elif kind == "relative" and ref:
        yield resolve_relative(m.group(), ref), start, end
    elif kind == "weekday" and ref and not _HABITUAL.search(tokens.text[max(0, start - 20):start]):
        yield _weekday(m, tokens, ref), start, end
    elif kind == "year":
        yield from _years(m, tokens)


def _relation(word: Optional[str]) -> Optional[int]:
    """ "dernier"/"passé" -> PAST, "prochain" -> FUTURE."""
    if not word:
        return None
    return FUTURE if word.lower().startswith("proch") else PAST


def _written(m: re.Match, tokens: TokenIndex, ref: Optional[date]) -> Iterator[tuple[str, int, int]]:
    """ "22 novembre 2019", "les 15 et 16 novembre", "du 3 au 5 mars 2024": one value per day."""
    month = month_number(m["wm"])
    days = [day_number(d) for d in _DAY_NUMBERS.findall(m["days"])]
    direction = _relation(m["wrel"]) or (None if m["wy"] else _direction(m, tokens, day_like=True))
    for day in days:
        if day is None or month is None:
            continue
        if m["wy"]:
            yield iso(int(m["wy"]), month, day), m.start(), m.end()
        elif ref:
            weekday = weekday_number(m["wwd"]) if m["wwd"] else None
            found = resolve_day(day, month, ref, direction, strict=bool(m["wrel"]), weekday=weekday)
            yield (found.isoformat() if found else None), m.start(), m.end()


def _month(m: re.Match, tokens: TokenIndex, ref: Optional[date]) -> Optional[str]:
    month = month_number(m["mm"])
    if m["my"]:
        return iso(int(m["my"]), month)
    if not ref or not (m["mrel"] or m["trigger"]):
        return None  # a bare month name ("Mars", "mai") is too often something else
    if m["mrel"]:
        year, month = resolve_month(month, ref, _relation(m["mrel"]), strict=True)
    else:
        trigger = m["trigger"].lower()
        direction = PAST if trigger == "depuis" else FUTURE if trigger.startswith(("jusqu", "d'ici", "d’ici", "à ")) \
            else _direction(m, tokens, day_like=True)
        year, month = resolve_month(month, ref, direction)
    return iso(year, month)


def _weekday(m: re.Match, tokens: TokenIndex, ref: date) -> Optional[str]:
    weekday = weekday_number(m["wd"])
    if m["wdrel"]:
        return resolve_weekday(weekday, ref, _relation(m["wdrel"]), strict=True).isoformat()
    direction = _direction(m, tokens, day_like=False)
    return resolve_weekday(weekday, ref, FUTURE if direction == FUTURE else PAST).isoformat()


def _direction(m: re.Match, tokens: TokenIndex, day_like: bool) -> Optional[int]:
    """Past or future, from a cue before the date, else from the tense of its verb.

    The present counts as the future for days and months (day_like) and as the past otherwise.
    """
    before = tokens.text[max(0, m.start() - 30):m.start()]
    if _PAST_CUE.search(before):
        return PAST
    if _FUTURE_CUE.search(before):
        return FUTURE
    tense = verb_tense(tokens.at(m.start()))
    if tense == PRESENT:
        return FUTURE if day_like else PAST
    return None if tense == NEAREST else tense


def verb_tense(token: Optional[Token]) -> Optional[int]:
    """PAST, PRESENT or FUTURE: the tense of the first verb governing `token` that has one."""
    for _ in range(12):  # heads are a tree; the bound only guards against a malformed parse
        if token is None:
            return None
        if token.pos_ in ("VERB", "AUX"):
            tense = _tense_of(token)
            if tense is not None:
                return tense
        if token.head.i == token.i:
            return None
        token = token.head
    return None


_TENSES = {"Past": PAST, "Imp": PAST, "Pqp": PAST, "Fut": FUTURE, "Pres": PRESENT}


def _tense_of(verb: Token) -> Optional[int]:
    """A finite verb's tense; a participle takes its auxiliary's ("a ouvert": past, "sera
    organisé": future); a bare participle leaves it open (NEAREST); an infinitive has none (its
    governor decides)."""
    auxes = {c.dep_: c for c in verb.children if c.dep_ in ("aux:tense", "aux:pass", "aux")}
    if "Part" in verb.morph.get("VerbForm") and not auxes:
        return NEAREST  # "inaugurée en mai", "organisé le 20 septembre": either way
    if "Part" in verb.morph.get("VerbForm"):
        aux = auxes.get("aux:tense") or auxes.get("aux") or auxes["aux:pass"]
        tense = _TENSES.get(next(iter(aux.morph.get("Tense")), ""))
        compound = aux.dep_ != "aux:pass"
        return PAST if compound and tense in (PAST, PRESENT) else tense
    if "Fin" in verb.morph.get("VerbForm"):
        if "Cnd" in verb.morph.get("Mood"):
            return FUTURE
        return _TENSES.get(next(iter(verb.morph.get("Tense")), ""))
    return None


def _years(m: re.Match, tokens: TokenIndex) -> Iterator[tuple[str, int, int]]:
    """A year, or both ends of "2021-2027", unless a decade or a count ("2000 salariés")."""
    if _DECADE.search(tokens.text[max(0, m.start() - 12):m.start()]) or _named(tokens, m.start()):
        return
    if year_is_figure(tokens, m.start("y1"), m.end("y1")):
        return
    for group in ("y1", "y2"):
        if m[group]:
            yield iso(int(m[group])), m.start(group), m.end(group)


def _named(tokens: TokenIndex, start: int) -> bool:
    """A year right after a capitalised noun inside a sentence is part of a name ("Horizon 2030"),
    and so is one after capitalised words that open guillemets ("le plan « Relance 2030 »"),
    whatever its tag."""
    before = tokens.before(start)
    if before is None or not before.text[:1].isupper() or before.idx + len(before) < start - 1:
        return False
    if before.pos_ in ("NOUN", "PROPN") and not before.is_sent_start:
        return True
    words = tokens.doc[max(0, before.i - 4):before.i + 1]  # "« Horizon Laine 2030": capitalised words back to «
    for mark in reversed(words):
        if mark.text in ("«", "“", '"'):
            return True
        if not mark.text[:1].isupper():
            return False
    return False


def year_is_figure(tokens: TokenIndex, start: int, end: int) -> bool:
    """A year-like number is a figure when a qualifier precedes it ("plus de 2000"), a unit
    follows it ("2000 €", "2000 salariés") and no noun before makes it a name ("Horizon 2030")."""
    if qualifier_before(tokens.text[max(0, start - 40):start]):
        return True
    symbol = NUMBER.match(tokens.text, start)
    if symbol and symbol.end() > end and unit_of_symbol(symbol):
        return True
    after, before = tokens.after(end), tokens.before(start)
    if before is not None and before.pos_ in ("NOUN", "PROPN") and before.idx + len(before) >= start - 1:
        return False
    return after is not None and after.pos_ == "NOUN" and after.text[:1].isalpha() \
        and month_number(after.text) is None and after.idx - end <= 1

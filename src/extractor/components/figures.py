"""Figures: quantities that state a fact (counts, money, percentages, surfaces...).

One regex pass (`normalise.numbers.NUMBER`) finds every number; the parse then says what it
counts: the noun after it ("70 entreprises", "une cinquantaine d'entreprises", "37 autres chefs
d'entreprise"), with a bare "de" complement when it is part of the unit ("regroupements
d'entreprises", "demandeurs d'emploi"), nouns coordinated with it ("clusters et pôles") and a rate's
base ("48 infections pour 10 000 patients"). Money is normalised to "€" with its value in euros, per
cent to "%". For money, per cents and measures (tonnes, m², hectares...) the "de" phrase that follows
says what is measured (`about`: "plus de 60 % de la fabrication européenne de montres" ->
"fabrication européenne de montres"). A bare scale after money in its paragraph ("12 millions
d'euros, dont 3 millions de subvention") or after a funding verb ("la Région a promis 4 millions")
is money too. Any other number with no noun ("il en reste à peine 19") has no unit: guessing one
from an earlier sentence is wrong too often.

Not figures: years ("en 2001"; see `components.dates.year_is_figure`), dates ("le 12 septembre"),
times ("7 h 30"), phone numbers, ordinals ("2e", "premier"), numbers in names ("Industrie 4.0",
"CAC 40", "Covid-19", "A380", "Bac+5", "Horizon 2030", "le programme Quatre Saisons": glued to
letters, after a noun, or a capitalised number word inside a sentence), durations, ages, factors
and shares ("trois ans", "24 ans", "six fois", "un tiers"), "un", "une" and "deux" in words unless a
bound goes with them ("au moins une PME"; otherwise articles, "l'un des", or a pair said in passing:
"au sein de deux clusters"), number words after a definite
or possessive determiner ("les deux clusters": a restatement), and fixed expressions ("les trente
glorieuses").

A figure stated twice (same value, compatible units: same first word or one containing the other,
or one unit missing) is one figure: the first mention is kept, a non-exact qualifier wins over
"exact" (headlines round), and `spans` keeps every mention.
"""

from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from .. import extensions  # noqa: F401
from ..normalise.dates import is_day_of_date, month_number
from ..normalise.numbers import (NUMBER, approx_after, is_measure, not_a_count, number_matches, number_value,
                                 qualifier_before, same_unit, starts_idiom, unit_of_symbol)
from .dates import TokenIndex, year_is_figure

MIN_WORD_VALUE = 3  # "un", "une", "deux" in words: articles, "l'un des", "deux" said in passing
BOUNDS = {"at_least", "at_most", "more_than", "less_than"}  # ... unless bounded: "au moins une PME"
ANAPHORIC_DETERMINERS = {"les", "des", "aux", "ces", "ses", "leurs", "nos", "vos", "mes", "tes"}
PRENOMINAL_ADJECTIVES = {
    "autres", "nouveaux", "nouvelles", "premiers", "premières", "derniers", "dernières", "petits",
    "petites", "grands", "grandes", "gros", "grosses", "principaux", "principales", "seuls", "seules",
    "anciens", "anciennes", "futurs", "futures", "vrais", "vraies", "bons", "bonnes",
}
NOUN_POS = {"NOUN", "PROPN", "X", "ADJ"}
_WORD = re.compile(r"[^\W\d_][\w]*(?:['’]\w+)*(?:-[^\W\d_][\w]*)*")
_DE = re.compile(r"\s+(?:de\s+|d['’]\s*)")
_AND = re.compile(r"\s+(?:et|ou)\s+(?:de\s+|d['’]\s*|des\s+)?")
_RATE = re.compile(r"\s+(?:pour|par)\s+")
_DE_ABOUT = re.compile(r"\s*(?:(?:de|du|des)\b\s*|d['’]\s*)")
_RANGE = re.compile(r"\s*(?:à|et|ou|-|–)\s*")
_FOUR_DIGITS = re.compile(r"\d{4}")
_ABOUT_LINKS = {"de", "du", "des", "d'", "d’"}
_SENTENCE_END = ".!?:;«»\"“”(\n"
FUNDING_VERBS = {"financer", "investir", "lever", "promettre", "débloquer", "allouer", "accorder", "verser",
                 "octroyer", "injecter", "consacrer", "subventionner", "emprunter", "dépenser", "budgéter",
                 "provisionner", "réinvestir", "cofinancer", "attribuer"}


@Language.factory("extractor_figures", assigns=["doc._.figures"])
def make_figures(nlp: Language, name: str):
    return find_figures


def find_figures(doc: Doc) -> Doc:
    tokens = TokenIndex(doc)
    figures: list[dict] = []
    for match in number_matches(tokens.text):
        if match["skip"] or is_day_of_date(tokens.text, *match.span()):
            continue
        if figures and match.start() < figures[-1]["end"]:
            continue  # read already, as part of the figure before ("pour 100 000 habitants")
        figure = _read(tokens, match)
        if figure:
            _money_ellipsis(tokens, figure, figures)
            figures.append(figure)
    doc._.figures = merge_figures(figures)
    return doc


def _read(tokens: TokenIndex, m: re.Match) -> Optional[dict]:
    """The figure a NUMBER match states, or None when it is no figure."""
    start, end = m.span()
    found = qualifier_before(tokens.text[max(0, start - 40):start])
    value = number_value(m)
    if value is None or _not_a_figure(tokens, m, value, found):
        return None
    unit, about = unit_of_symbol(m), None
    if unit is None:
        unit, end = _counted_noun(tokens, m.end(), bool(m["scale"] or m["approx"]), bool(m["scale"]))
        unit = unit or _range_unit(tokens, end)
        if not_a_count(unit):
            return None
    if is_measure(unit) or unit is None and m["scale"]:
        about = _about(tokens, end if unit else m.end())
    qualifier = found[0] if found else "approx" if m["approx"] or approx_after(tokens.text[end:end + 12]) else "exact"
    start = max(0, start - 40) + found[1] if found else start
    return {"text": tokens.text[start:end], "value": value, "unit": unit, "qualifier": qualifier, "about": about,
            "start": start, "end": end, "spans": [[start, end]], "scaled": bool(m["scale"])}


def _not_a_figure(tokens: TokenIndex, m: re.Match, value: float, qualifier: Optional[tuple]) -> bool:
    start, end = m.span()
    if m["words"] and not m["scale"] and value < MIN_WORD_VALUE and not (qualifier and qualifier[0] in BOUNDS):
        return True  # see MIN_WORD_VALUE (tested before `_bad_word_number`: no token to look up)
    before = tokens.before(start)
    glued = before is not None and before.idx + len(before) >= start - 1
    if m["words"] and not m["scale"] and _bad_word_number(tokens, m, value, before if glued else None):
        return True
    if m["digits"] and _FOUR_DIGITS.fullmatch(m["digits"]) and 1800 <= value <= 2100 and not m["scale"]:
        return not year_is_figure(tokens, start, m.end("digits"))
    # A number right after a noun names something ("CAC 40", "Industrie 4.0", "page 12").
    named = glued and before.pos_ in ("NOUN", "PROPN") and not (qualifier or m["approx"] or m["scale"])
    return named and unit_of_symbol(m) is None and (before.text[:1].isupper() or not _noun_after(tokens, end))


def _bad_word_number(tokens: TokenIndex, m: re.Match, value: float, before: Optional[Token]) -> bool:
    """Number words that are restatements, names, adjectives ("neuf") or idioms."""
    if before is not None and before.lower_ in ANAPHORIC_DETERMINERS:
        return True
    if m["words"][:1].isupper() and _inside_sentence(tokens.text, m.start()):
        return True  # "le programme Quatre Saisons"
    first = tokens.at(m.start())
    if value >= MIN_WORD_VALUE and first is not None and first.pos_ != "NUM":
        return True
    return starts_idiom(tokens.text[m.start():m.start() + 40])


def _inside_sentence(text: str, pos: int) -> bool:
    """Whether the character before `pos` (spaces skipped) is inside a sentence."""
    head = text[max(0, pos - 20):pos].rstrip()
    return bool(head) and head[-1] not in _SENTENCE_END


def _noun_after(tokens: TokenIndex, pos: int) -> bool:
    token = tokens.after(pos)
    return token is not None and token.pos_ == "NOUN"


def _counted_noun(tokens: TokenIndex, end: int, linked: bool = False, scaled: bool = False) -> tuple[Optional[str], int]:
    """The unit written after a number ending at `end`, and where it ends: "entreprises",
    "regroupements d'entreprises", "scieries et de menuiseries"; (None, end) when there is none.
    `linked`: a scale or an approximation noun wants "de" first ("2 millions de tonnes")."""
    token = tokens.after(end)
    if token is None or token.idx - end > 1:
        return None, end
    if linked:
        if token.lower_ not in ("de", "d'", "d’"):
            return None, end
        token = tokens.after(token.idx + len(token))
        if scaled and token is not None and "Sing" in token.morph.get("Number"):
            return None, end  # "2,5 millions d'aide": a mass noun, so money left unsaid
    if token is not None and token.lower_ in PRENOMINAL_ADJECTIVES:
        token = tokens.after(token.idx + len(token))
    if not _is_unit_noun(token):
        return None, end
    word = _WORD.match(tokens.text, token.idx).group()
    stop = token.idx + len(word) if is_measure(word) else _extend(tokens, token.idx + len(word), _DE)
    while (more := _extend(tokens, stop, _AND)) > stop:
        stop = _extend(tokens, more, _DE)
    stop = _rate(tokens, stop)
    return tokens.text[token.idx:stop], stop


def _is_unit_noun(token: Optional[Token]) -> bool:
    if token is None or token.pos_ not in NOUN_POS or token.is_stop or not token.text[:1].isalpha():
        return False
    if token.pos_ == "PROPN" and not (token.text.isupper() or token.text[:1].islower()):
        return False
    return month_number(token.text) is None


def _extend(tokens: TokenIndex, stop: int, link: re.Pattern) -> int:
    """`stop` moved past "de <noun>" or "et <noun>" when a bare noun follows the link."""
    joined = link.match(tokens.text, stop)
    word = _WORD.match(tokens.text, joined.end()) if joined else None
    token = tokens.after(joined.end()) if joined else None
    if not word or token is None or token.pos_ != "NOUN" or token.is_stop or is_measure(word.group()):
        return stop
    return word.end()


def _rate(tokens: TokenIndex, stop: int) -> int:
    """`stop` moved past a rate's base: "cas[ pour 100 000 habitants]"."""
    joined = _RATE.match(tokens.text, stop)
    base = NUMBER.match(tokens.text, joined.end()) if joined else None
    if not base or not (base["digits"] or base["words"]) or base["skip"] or not _power_of_ten(number_value(base)):
        return stop  # "45 sociétés pour 3 000 employés" is no rate
    token = tokens.after(base.end())
    if not _is_unit_noun(token) or token.idx - base.end() > 1:
        return stop
    return token.idx + len(_WORD.match(tokens.text, token.idx).group())


def _power_of_ten(value: Optional[float]) -> bool:
    return value is not None and value >= 100 and value == int(value) and str(int(value)).rstrip("0") == "1"


def _range_unit(tokens: TokenIndex, end: int) -> Optional[str]:
    """ "de 15 à 18 ans", "15-24 ans", "entre 10 et 20 salariés": the first number takes the second's unit."""
    link = _RANGE.match(tokens.text, end)
    second = NUMBER.match(tokens.text[link.end():link.end() + 80]) if link else None  # a slice: "15-24" passes
    if not second or not (second["digits"] or second["words"]):
        return None
    return unit_of_symbol(second) or _counted_noun(tokens, link.end() + second.end())[0]


def _about(tokens: TokenIndex, end: int) -> Optional[str]:
    """What a measure measures: the "de" phrase after it, nouns, adjectives and chained "de"
    complements only ("de la fabrication européenne de montres pour..." stops before "pour")."""
    link = _DE_ABOUT.match(tokens.text, end)
    token = tokens.after(link.end()) if link else None
    if token is None:
        return None
    doc, first, last = tokens.doc, None, None
    for t in doc[token.i:]:
        if t.pos_ in ("NOUN", "PROPN", "ADJ") or (t.pos_ == "NUM" and last == t.i - 1):
            first, last = first if first is not None else t.i, t.i
        elif t.pos_ == "DET" and (first is None or doc[t.i - 1].lower_ in _ABOUT_LINKS):
            continue
        elif not (t.lower_ in _ABOUT_LINKS and last == t.i - 1 or t.text in ("-", "'") and first is not None):
            break
    return doc[first:last + 1].text if first is not None else None


def _money_ellipsis(tokens: TokenIndex, figure: dict, before: list[dict]) -> None:
    """A bare scale is money left unsaid ("12 millions d'euros, dont 3 millions versés par la
    Région"; "la métropole a promis 4 millions"): after money earlier in its paragraph or in the
    sentence before, or with a funding verb (financer, investir, lever...) before it in its sentence."""
    if figure["unit"] or not figure["scaled"]:
        return
    start, sentence = figure["start"], tokens.sentence(figure["start"])
    paragraph = tokens.text.rfind("\n", 0, start)
    for previous in reversed(before):
        if previous["unit"] == "€" and (previous["start"] > paragraph or
                                        sentence - tokens.sentence(previous["start"]) <= 1):
            figure["unit"] = "€"
            return
    first = tokens.after(max(tokens._sentences[sentence] if sentence >= 0 else 0, paragraph + 1))
    if first is not None and any(t.lemma_.lower() in FUNDING_VERBS and t.pos_ in ("VERB", "AUX")
                                 for t in tokens.doc[first.i:] if t.idx < start):
        figure["unit"] = "€"


def merge_figures(figures: list[dict]) -> list[dict]:
    """One figure per fact: same value and compatible units (or one unit missing)."""
    kept: list[dict] = []
    for figure in figures:
        figure.pop("scaled", None)
        same = next((k for k in kept if _same_value(k["value"], figure["value"])
                     and (not k["unit"] or not figure["unit"] or same_unit(k["unit"], figure["unit"]))), None)
        if same is None:
            kept.append(figure)
            continue
        same["spans"] += figure["spans"]
        same["unit"] = same["unit"] or figure["unit"]
        same["about"] = same["about"] or figure["about"]
        if same["qualifier"] == "exact":
            same["qualifier"] = figure["qualifier"]
    return kept


def _same_value(a: float, b: float) -> bool:
    return a == b or abs(a - b) < 1e-9 * max(abs(a), abs(b))

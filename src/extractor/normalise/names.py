"""Names of people and organisations: the word lists they are read with, and their normal forms.

The lists are data files under `resources/entities/` (cue words, titles, first names, contexts),
read once with importlib.resources. Lookups go through `fold()`, so accents and case never matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Callable, Iterable, Iterator, Optional

from ..layout import normalise_name
from .text import fold

RESOURCES = files("extractor") / "resources" / "entities"


def _lines(name: str) -> Iterator[str]:
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@lru_cache(maxsize=None)
def sections(name: str = "lexicon.txt") -> dict[str, list[str]]:
    """A sectioned list file as {section: [line, ...]}."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            found[current] = []
        else:
            found[current].append(line)
    return found


def words(section: str) -> frozenset[str]:
    """Every tab- or line-separated entry of a lexicon section, folded."""
    return frozenset(fold(w) for line in sections()[section] for w in line.split("\t") if w)


def table(section: str) -> dict[str, list[str]]:
    """A lexicon section of tab-separated rows, by the folded first column."""
    return {fold(row[0]): row[1:] for row in (line.split("\t") for line in sections()[section])}


@lru_cache(maxsize=None)
def first_names() -> dict[str, Optional[str]]:
    """Folded first name -> "f", "m" or None (both are common)."""
    genders: dict[str, Optional[str]] = {}
    for line in _lines("first_names.txt"):
        gender, _, names = line.partition(":")
        for name in names.split():
            key = fold(name)
            seen = genders.get(key, gender)
            genders[key] = gender if seen == gender and gender in ("f", "m") else None
    return genders


@dataclass(frozen=True)
class Title:
    words: tuple[str, ...]  # folded words of the form found ("directeur", "general"...)
    gender: Optional[str]  # the form's gender: "f", "m", or None for a noun that does not change
    place: bool  # takes a place as complement ("maire de Castres")


@lru_cache(maxsize=None)
def titles() -> dict[str, list[Title]]:
    """Role nouns by their folded first word, longest forms first."""
    found: dict[str, list[Title]] = {}
    for line in _lines("titles.txt"):
        masculine, feminine, *flags = line.split("\t")
        forms = [(masculine, "m"), (feminine, "f")] if feminine != "-" else [(masculine, None)]
        for form, gender in forms:
            title = Title(tuple(fold(form).split()), gender, "place" in flags)
            found.setdefault(title.words[0], []).append(title)
    for forms in found.values():
        forms.sort(key=lambda t: -len(t.words))
    return found


@lru_cache(maxsize=None)
def honorifics() -> dict[str, Optional[str]]:
    """Folded honorific ("mme", "m.") -> the gender it gives."""
    rows = (line.split("\t") for line in _lines("honorifics.txt"))
    return {fold(word): (gender if gender in ("f", "m") else None) for word, gender in rows}


def first_name_gender(name: str) -> tuple[bool, Optional[str]]:
    """(is a known first name, its gender); "Jean-Louis" is read part by part."""
    known = first_names()
    key = fold(name)
    if key in known:
        return True, known[key]
    parts = key.split("-")
    if len(parts) == 2 and parts[0] in known and parts[1][:1].isalpha():  # "Jean-Carles", "Marie-Ange"
        return True, known[parts[0]]
    return False, None


def person_name(text: str) -> str:
    """A person's name as usually written: capitals normalised, spaces single."""
    return normalise_name(text)


def organisation_name(text: str) -> str:
    """An organisation's name as written, spaces single, without surrounding punctuation."""
    return re.sub(r"\s+", " ", text).strip(" ,.;:«»“”\"()")


def acronym_letters(acronym: str) -> str:
    """The letters an acronym stands for: "3T" -> "ttt", "R&D" -> "rd"."""
    letters = re.sub(r"(\d)([^\W\d_])", lambda m: m.group(2) * int(m.group(1)), fold(acronym))
    return "".join(c for c in letters if c.isalpha())


SMALL_WORDS = frozenset("de du des d la le les l et en a au aux del y pour sur par dans".split())


def acronym_fits(acronym: str, expansion: str, skips: int = 0) -> bool:
    """The acronym's letters are the initials of the expansion's words, in order; small words
    ("de", "des") may or may not give a letter, as in "Union des chambres de Savoie" (UCDS),
    and `skips` other words may give none (INRAE leaves out "alimentation")."""
    letters = acronym_letters(acronym)
    tokens = re.findall(r"[^\W\d_]+", fold(expansion))
    return len(letters) >= 2 and bool(tokens) and _initials_match(letters, tuple(tokens), skips)


@lru_cache(maxsize=1024)
def _initials_match(letters: str, tokens: tuple[str, ...], skips: int) -> bool:
    if not tokens:
        return not letters
    head, rest = tokens[0], tokens[1:]
    for size in (1, 2):  # a word gives its initial, or two letters (FEDER: Fonds européen de DÉveloppement...)
        if len(letters) >= size and head[:size] == letters[:size] and _initials_match(letters[size:], rest, skips):
            return True
    if head in SMALL_WORDS:
        return _initials_match(letters, rest, skips)
    return skips > 0 and bool(letters) and _initials_match(letters, rest, skips - 1)


# ---------------------------------------------------------------------------------------------
# The lists as the entities component reads them


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]
    kind: str
    flags: frozenset[str]


def _cues(tokens: Callable[[str], tuple[str, ...]]) -> dict[tuple[str, ...], Cue]:
    cues: dict[tuple[str, ...], Cue] = {}
    for line in sections()["organisation cues"]:
        phrase, kind, flags = (line.split("\t") + ["", ""])[:3]
        key = tokens(phrase)
        known = cues.get(key)  # "clúster" and "cluster" fold alike: their flags add up
        cues[key] = Cue(key, known.kind if known else kind, frozenset(flags.split()) | (known.flags if known else set()))
    return cues


class Lexicon:
    """The word lists, folded and indexed once per pipeline."""

    def __init__(self, tokenize: Callable[[str], Iterable[str]]):
        def tokens(phrase: str) -> tuple[str, ...]:  # cues are compared token by token with the text
            return tuple(fold(t) for t in tokenize(phrase))

        self.cues = _cues(tokens)
        self.longest_cue = max(len(k) for k in self.cues)
        # the lengths of the cues by their first and by their last word, longest first: the only
        # lengths worth trying at a token
        self.sizes_from = _sizes_by_word(self.cues, 0)
        self.sizes_to = _sizes_by_word(self.cues, -1)
        self.first_words = set(self.sizes_from)
        self.last_words = set(self.sizes_to)
        rows = [(line.split("\t") + [""])[:2] for line in sections()["organisation contexts"]]
        self.contexts = {tokens(phrase): kind or None for phrase, kind in rows}
        self.context_ends = {k[-1] for k in self.contexts}  # a quick test before trying the phrases
        self.not_org = words("not organisation cues")
        self.support_verbs = _with_forms(words("support verbs"))
        self.org_verbs = _with_forms(words("organisation verbs"))
        self.predicate_verbs = _with_forms(words("predicate verbs"))
        self.founding = words("founding participles")
        self.former_names = {tokens(line) for line in sections()["former name contexts"]}
        self.former_name_ends = {k[-1] for k in self.former_names}  # the same
        self.role_verbs = table("role verbs")
        self.role_verb_forms = _with_forms(frozenset(self.role_verbs))
        self.copulas = words("copulas")
        self.kinship = words("kinship")
        self.particles = words("name particles")
        self.generic_acronyms = words("generic acronyms")
        self.not_names = words("not names")
        self.non_business = words("non-business cluster words")
        self.headcount = words("headcount nouns")
        self.titles = titles()
        self.honorifics = honorifics()

    def role_verb(self, token) -> Optional[list[str]]:
        """The titles a verb gives its subject ("dirige" -> dirigeant, dirigeante), if it gives one."""
        if token.pos_ != "VERB":
            return None
        return self.role_verb_of(fold(token.lemma_), fold(token.text))

    def role_verb_of(self, lemma: str, form: str) -> Optional[list[str]]:
        """The same for a verb given by its folded lemma and folded form (no Token needed)."""
        verb = self.role_verb_forms.get(lemma) or self.role_verb_forms.get(form)
        return self.role_verbs.get(verb) if verb else None

    def cue_at(self, folded: list[str], i: int, flag: str) -> Optional[Cue]:
        """The longest cue with `flag` whose words start at token i."""
        if i >= len(folded) or folded[i] not in self.first_words:
            return None
        for size in self.sizes_from[folded[i]]:
            cue = self.cues.get(tuple(folded[i:i + size])) if size <= len(folded) - i else None
            if cue and flag in cue.flags:
                return cue
        return None

    def cue_ending_at(self, folded: list[str], j: int, flag: str) -> Optional[Cue]:
        """The longest cue with `flag` whose last word is token j."""
        if folded[j] not in self.last_words:
            return None
        for size in self.sizes_to[folded[j]]:
            cue = self.cues.get(tuple(folded[j - size + 1:j + 1])) if size <= j + 1 else None
            if cue and flag in cue.flags:
                return cue
        return None


def _sizes_by_word(cues: dict[tuple[str, ...], Cue], position: int) -> dict[str, list[int]]:
    """The lengths of the cues by their word at `position` (0: first, -1: last), longest first."""
    sizes: dict[str, set[int]] = {}
    for phrase in cues:
        sizes.setdefault(phrase[position], set()).add(len(phrase))
    return {word: sorted(lengths, reverse=True) for word, lengths in sizes.items()}


ER_ENDINGS = ("e", "es", "ent", "ons", "ez", "ait", "aient", "a", "ee", "ees", "ant", "er")


def _with_forms(verbs: frozenset[str]) -> dict[str, str]:
    """Folded form -> lemma, with the usual forms of the -er verbs: the lemmatizer leaves some
    as they are ("préside") and the tagger calls participles adjectives ("coordonné")."""
    forms = {stem + end: verb for verb in verbs if verb.endswith("er") for stem in [verb[:-2]] for end in ER_ENDINGS}
    return {**forms, **{verb: verb for verb in verbs}}

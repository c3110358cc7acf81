"""Who "il", "elle", "ce dernier", "le sociologue" or "la présidente du pôle" is.

Coreferee, the usual spaCy coreference plug-in, stops at spaCy 3.2; this is a small salience
model instead. `Salience.walk()` goes once through the tokens in text order. Every reference to a
person (a name, a subject pronoun, "ce dernier", a role noun after a determiner) is resolved
against the mentions seen before it, then counts as a mention itself. Roles read from
appositions ("X, présidente du pôle", "le maire X", "X est directeur de Y") are attached to the
person where they appear, so that a later "la présidente" finds her. A mention's weight halves
with every sentence; subjects weigh more than complements.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import Collection, Iterable, Iterator, Optional

import numpy as np
from spacy.attrs import DEP, IDX, ORTH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, MorphAnalysis
from .extensions import doc_text

from .normalise.names import first_names, fold

HONORIFICS = {"m.": "m", "mr": "m", "monsieur": "m", "mme": "f", "madame": "f", "mlle": "f",
              "mademoiselle": "f", "me": None, "dr": None, "pr": None}
DETERMINERS = {"le": "m", "un": "m", "ce": "m", "cet": "m", "du": "m", "au": "m", "la": "f", "une": "f",
               "cette": "f", "sa": "f", "l'": None, "l’": None, "son": None, "leur": None, "notre": None,
               "votre": None}
ROLE_ADJECTIVES = {"nouveau", "nouvel", "nouvelle", "jeune", "ancien", "ancienne", "actuel", "actuelle",
                   "futur", "future", "premier", "première", "vieux", "vieil", "vieille", "même"}
PRONOUNS = {"il": "m", "elle": "f", "-il": "m", "-elle": "f", "lui": "m"}
LAST = {("ce", "dernier"): "m", ("cette", "dernière"): "f", ("celui-ci", None): "m", ("celle-ci", None): "f"}
IMPERSONAL_NEXT = {"y", "faut", "fallait", "faudra", "faudrait", "semble", "suffit", "reste", "s'", "s’",
                   "importe", "convient", "existe", "arrive", "paraît"}
INVERSION_AUX = {"a", "avait", "aurait", "aura", "ont", "avaient"}
CUE_PREPOSITIONS = {"selon", "après", "pour"}  # "d'après X", "selon X", "pour X, ..." name a speaker
ORG_NOUNS = {"pôle": "cluster", "cluster": "cluster", "grappe": "cluster", "technopole": "cluster",
             "association": None, "entreprise": "company", "société": "company", "groupe": "company",
             "préfecture": "public_body", "mairie": "public_body", "ministère": "public_body",
             "agence": "public_body", "syndicat": "association", "fédération": "association",
             "université": "school", "laboratoire": "research", "institution": "public_body",
             "organisme": "public_body", "établissement": None, "collectivité": "public_body", "région": "public_body",
             "firme": "company", "enseigne": "company", "fabricant": "company", "constructeur": "company",
             "équipementier": "company", "banque": "company", "chambre": "public_body"}
TRIGGERS = set(PRONOUNS) | {"ce", "cette", "celui-ci", "celle-ci"} | set(DETERMINERS) - {"du", "au"}
REFERRING = set(PRONOUNS) | {first for first, _ in LAST}  # the triggers that are not only determiners
DETERMINER_TRIGGERS = TRIGGERS - REFERRING
BOUNDARY = {",", ";", ":", ".", "!", "?", "(", ")", "«", "»", "“", "”", '"', "—", "–"}
RELATIVE = {"qui", "que", "qu'", "qu’", "dont", "lequel", "laquelle", "où"}
COPULA = {"est", "était", "fut", "devient", "devenu", "devenue", "reste", "élu", "élue", "nommé", "nommée",
          "a", "été", "sera", "serait"}
ROLE_PARTICIPLES = {"chargé", "chargée", "délégué", "déléguée"}  # "vice-président chargé de l'économie"
NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Ý][\w'’.-]*$")
# "(?<!\w.)" after the first capital is the word boundary before it, placed there so that the
# regex engine can jump from capital to capital instead of trying every position.
BACKUP_NAME = re.compile(r"([A-ZÀ-ÖØ-Ý](?<!\w.)[a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ]+)?) (?:(?:de|du|d'|d’|Le|La) ?)?[A-ZÀ-ÖØ-Ý][\w'’-]+")
DECAY = 0.5  # a mention's weight is halved with every sentence
FAR = 10**12


# --- lexicons ---------------------------------------------------------------------------------

def resource_lines(name: str) -> list[str]:
    """The non-comment lines of a data file in resources/quotes/."""
    path = resources.files("extractor") / "resources" / "quotes" / name
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class RoleNoun:
    lemma: str  # the masculine form
    gender: Optional[str]  # the gender this form shows, None when both share it
    cls: str


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, RoleNoun]:
    nouns: dict[str, RoleNoun] = {}
    for line in resource_lines("role_nouns.txt"):
        masc, fems, cls = line.split()
        fem_forms = fems.split("/")
        nouns[masc.lower()] = RoleNoun(masc.lower(), None if masc in fem_forms else "m", cls)
        for fem in fem_forms:
            nouns.setdefault(fem.lower(), RoleNoun(masc.lower(), None if fem == masc else "f", cls))
    return nouns


@lru_cache(maxsize=1)
def _walk_words() -> frozenset[str]:
    """The words the walk looks for: the referring triggers, role nouns and organisation nouns."""
    return frozenset(REFERRING | set(role_nouns()) | set(ORG_NOUNS))


@lru_cache(maxsize=8192)  # names recur within and across articles
def is_first_name(word: str) -> bool:
    """A known first name ("Jean-Louis" by its first part), accents and case ignored."""
    return fold(word.split("-")[0]) in first_names()


# --- tokens -----------------------------------------------------------------------------------

class _Strings:
    """Strings of spaCy hashes, decoded once for all docs: a StringStore lookup builds a new str
    at every call, and a doc repeats most of its words. A hash names the same string in every
    vocab, so the tables are shared; they start over past LIMIT entries, for flat memory on long
    runs. Read-only for callers."""

    LIMIT = 100_000
    decoded: dict[int, str] = {}  # hash -> string
    lowered: dict[str, str] = {}  # decoded string -> lowercased: str keys carry their hash
    features: dict[tuple[int, str], list[str]] = {}  # (analysis hash, feature) -> values
    pos_names: Optional[np.ndarray] = None  # by POS id

    @classmethod
    def bound(cls) -> None:
        if len(cls.decoded) + len(cls.lowered) + len(cls.features) > cls.LIMIT:
            cls.decoded.clear()
            cls.lowered.clear()
            cls.features.clear()

    @classmethod
    def decode(cls, doc: Doc, hashes: list[int]) -> list[str]:
        try:
            return list(map(cls.decoded.__getitem__, hashes))
        except KeyError:
            strings = doc.vocab.strings
            cls.decoded.update((h, strings[h]) for h in set(hashes).difference(cls.decoded))
            return list(map(cls.decoded.__getitem__, hashes))

    @classmethod
    def lower(cls, words: list[str]) -> list[str]:
        try:
            return list(map(cls.lowered.__getitem__, words))
        except KeyError:
            cls.lowered.update((w, w.lower()) for w in set(words).difference(cls.lowered))
            return list(map(cls.lowered.__getitem__, words))

    @classmethod
    def tags(cls, doc: Doc, ids: np.ndarray) -> list[str]:
        """Part-of-speech names. Their ids are spaCy's symbols, small integers: a table by id
        decodes them in one numpy step."""
        if cls.pos_names is None:
            cls.pos_names = np.array([doc.vocab.strings[i] for i in range(max(POS_NAMES) + 1)], dtype=object)
        try:
            return cls.pos_names[ids].tolist()
        except IndexError:  # not a part of speech spaCy knows
            return cls.decode(doc, ids.tolist())

    @classmethod
    def feature(cls, morph: MorphAnalysis, feature: str) -> list[str]:
        """`morph.get(feature)`, read once per analysis (`get` builds an array and decodes)."""
        values = cls.features.get((morph.key, feature))
        if values is None:
            values = cls.features[morph.key, feature] = morph.get(feature)
        return values


class Tokens:
    """The doc's tokens as plain lists, read once: the rules look at each token many times, and
    every `doc[i]` builds a new Token object. Out of range, a token's strings are empty."""

    def __init__(self, doc: Doc):
        self.doc = doc
        _Strings.bound()
        array = doc.to_array([IDX, ORTH, POS, DEP]).reshape(len(doc), 4)
        self.starts, orths, _, self.dep_ids = array.T.tolist() if len(doc) else [[]] * 4
        self.texts = _Strings.decode(doc, orths)
        self.text = doc_text(doc)
        self.lowers = _Strings.lower(self.texts)
        self.tags = _Strings.tags(doc, array[:, 2])
        labels = list(set(self.dep_ids))  # a doc has few: decoded each once
        self.dep_names = dict(zip(labels, _Strings.decode(doc, labels)))
        self.n = len(self.starts)
        self.roles = role_nouns()

    # The accessors below are the rules' most frequent calls: each reads its list directly.

    def word(self, i: int) -> str:
        return self.texts[i] if 0 <= i < self.n else ""

    def lower(self, i: int) -> str:
        return self.lowers[i] if 0 <= i < self.n else ""

    def pos(self, i: int) -> str:
        return self.tags[i] if 0 <= i < self.n else ""

    def dep(self, i: int) -> str:
        return self.dep_names[self.dep_ids[i]] if 0 <= i < self.n else ""

    def start(self, i: int) -> int:
        return self.starts[i] if i < self.n else len(self.text)

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.texts[i])

    def morph(self, i: int, feature: str) -> list[str]:
        return _Strings.feature(self.doc[i].morph, feature) if 0 <= i < self.n else []

    def at_or_after(self, char: int) -> int:
        return bisect_left(self.starts, char)

    def containing(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)

    def span_text(self, i: int, j: int) -> str:
        """The text of tokens [i, j)."""
        return self.text[self.starts[i]:self.end(j - 1)] if i < j else ""

    def role_noun(self, i: int) -> Optional[RoleNoun]:
        """The role token i names, singular only: "les élus" are not one speaker."""
        noun = self.roles.get(self.lowers[i] if 0 <= i < self.n else "")
        if noun is None or "Plur" in self.morph(i, "Number"):
            return None
        return noun

    def indices(self, word: str, start: int, stop: int) -> Iterator[int]:
        """The tokens in [start, stop) written `word`, in order."""
        return _indices(self.texts, word, start, stop)

    def with_dep(self, prefix: str) -> list[int]:
        """The tokens whose dependency label starts with `prefix`, in order."""
        labels = [h for h, name in self.dep_names.items() if name.startswith(prefix)]
        return sorted(i for label in labels for i in _indices(self.dep_ids, label, 0, self.n))

    def governed(self, k: int) -> bool:
        """A preposition other than a cue ("selon", "d'après", "pour") governs the phrase at k:
        "à Reuters", "de la Région", "chez Norvelia" name no speaker."""
        before = k - 1 if self.pos(k - 1) != "DET" else k - 2
        return self.pos(before) == "ADP" and self.lower(before) not in CUE_PREPOSITIONS


# --- entities and references ------------------------------------------------------------------

@dataclass(eq=False)
class Entity:
    name: str
    kind: str = "person"  # person | org
    gender: Optional[str] = None  # "f", "m"; None agrees with both
    roles: list[str] = field(default_factory=list)  # as the article gives them, read from the text
    listed: list[str] = field(default_factory=list)  # as the entities component lists them
    role_words: set[str] = field(default_factory=set)  # masculine role nouns ("président")
    classes: set[str] = field(default_factory=set)  # their classes ("leader", "expert")
    org_kind: Optional[str] = None
    score: float = 0.0  # salience, as of sentence `sentence`
    sentence: int = 0
    last: int = -1  # token index of the last mention

    def salience(self, sentence: int) -> float:
        return self.score * DECAY ** (sentence - self.sentence)

    def role(self) -> Optional[str]:
        return (self.roles or self.listed or [None])[0]

    def add_role(self, text: str, words: Iterable[RoleNoun], gender: Optional[str]) -> None:
        if text and text not in self.roles:
            self.roles.append(text)
        for noun in words:
            self.role_words.add(noun.lemma)
            self.classes.add(noun.cls)
        if gender and self.gender is None:
            self.gender = gender


@dataclass
class Reference:
    """Tokens [start, end) that refer to an entity (None when nobody fits)."""

    start: int
    end: int
    entity: Optional[Entity]
    kind: str  # name | pronoun | last | role | org
    role: Optional[str] = None  # the role given at this very place


def _strip_honorific(text: str) -> tuple[str, Optional[str]]:
    first, _, rest = text.partition(" ")
    if first.lower() in HONORIFICS and rest:
        return rest, HONORIFICS[first.lower()]
    return text, None


@lru_cache(maxsize=8192)
def _first_name_gender(name: str) -> Optional[str]:
    return first_names().get(fold(re.split(r"[\s-]", name, maxsplit=1)[0]))


@lru_cache(maxsize=8192)
def _looks_like_person(name: str) -> bool:
    """A known first name and one to three capitalised words: "Agnès Roudier"."""
    words = name.split()
    return 2 <= len(words) <= 4 and is_first_name(words[0]) and \
        all(NAME_WORD.match(w) or w in ("de", "du", "d'", "le", "la") for w in words)


def _gender_code(value) -> Optional[str]:
    text = str(value or "").lower()
    return "f" if text.startswith(("f", "w")) else "m" if text.startswith("m") else None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, FAR))
    for s, e in spans[max(i - 3, 0):i + 1]:
        if s < end and start < e:
            return True
    return False


def _indices(items: list, value, start: int, stop: int) -> Iterator[int]:
    """Where `value` is in items[start:stop], in order: list.index scans in C, where a loop over
    every item would run in the interpreter."""
    try:
        while True:
            start = items.index(value, start, stop)
            yield start
            start += 1
    except ValueError:
        return


def _sentences(starts: list[int], sentence_starts: list[int]) -> tuple[list[int], list[int]]:
    """The sentence of each token (the index of the last sentence start at or before it, -1 before
    the first), and the first token of each sentence: one search per sentence, not per token."""
    bounds = [bisect_left(starts, start) for start in sentence_starts] + [len(starts)]
    sentences = [-1] * bounds[0]
    for k, (first, end) in enumerate(zip(bounds, bounds[1:])):
        sentences += [k] * (end - first)
    firsts = sorted({0, *(first for first, end in zip(bounds, bounds[1:]) if first < end)}) if starts else []
    return sentences, firsts


def _agrees(entity_gender: Optional[str], gender: Optional[str]) -> bool:
    return gender is None or entity_gender is None or entity_gender == gender


# --- the registry of named people and organisations ---------------------------------------------

class Registry:
    """Named mentions (char spans) of people and organisations, linked to entities.

    Reads the contract of the entities component (doc._.people, doc._.organisations with their
    `spans`) and falls back on the model's PER and ORG entities, so that it works whichever of
    them is richer. A partial name ("Veltz", "Camille") links to the full names it is part of."""

    def __init__(self, doc: Doc, text: str):
        self.people: dict[str, Entity] = {}
        self.spans: list[tuple[int, int, str, str]] = []  # start, end, kind, key
        for entry in doc._.people or []:
            self._person(entry)
        for entry in doc._.organisations or []:
            self._org(entry)
        taken = sorted((s, e) for s, e, _, _ in self.spans)
        for ent in doc.ents:
            label = ent.label_  # each Span attribute is a lookup: read once
            if label in ("PER", "ORG"):
                start, end = ent.start_char, ent.end_char
                if not _overlaps(taken, start, end):
                    entry = {"name": ent.text, "spans": [[start, end]]}
                    self._person(entry) if label == "PER" else self._org(entry)
        self._backup_names(text, sorted((s, e) for s, e, _, _ in self.spans))
        self.spans.sort()
        self.partial = self._partials()

    def _person(self, entry: dict) -> None:
        name, honorific = _strip_honorific(str(entry.get("name") or "").strip())
        if not name:
            return
        entity = self.people.get(name)
        if entity is None:
            gender = honorific or _first_name_gender(name) or _gender_code(entry.get("gender"))
            entity = self.people[name] = Entity(name, gender=gender)
        for role in entry.get("roles") or []:
            title = (role or {}).get("title")
            if title:
                words = [role_nouns()[w] for w in title.lower().split() if w in role_nouns()]
                entity.add_role("", words, None)
                org = role.get("organisation")
                entity.listed.append(f"{title}, {org}" if org else title)
        for start, end in entry.get("spans") or []:
            self.spans.append((start, end, "person", name))

    def _org(self, entry: dict) -> None:
        name = str(entry.get("name") or "").strip()
        if not name:
            return
        if _looks_like_person(name):  # the model often calls "Agnès Roudier" an organisation
            return self._person(entry)
        key = "org:" + name
        if key not in self.people:
            self.people[key] = Entity(name, kind="org", org_kind=entry.get("kind"))
        for start, end in entry.get("spans") or []:
            self.spans.append((start, end, "org", key))

    def _backup_names(self, text: str, taken: list[tuple[int, int]]) -> None:
        """A known first name followed by a capitalised word is a person the model missed."""
        for m in BACKUP_NAME.finditer(text):
            if is_first_name(m[1]) and not _overlaps(taken, m.start(), m.end()):
                self._person({"name": m[0], "spans": [[m.start(), m.end()]]})

    def _partials(self) -> dict[str, list[Entity]]:
        """Each word of a multiword name, lowercased, to the people whose name holds it."""
        partial: dict[str, list[Entity]] = {}
        for entity in self.people.values():
            words = entity.name.split()
            if entity.kind == "person" and len(words) > 1:
                for word in (words[0], words[-1]):
                    partial.setdefault(word.lower(), []).append(entity)
        return partial

    def named(self, name: str) -> Entity:
        """The entity of a name the model did not tag, found after a cue ("», indique Bpifrance")."""
        name, _ = _strip_honorific(name)
        fuller = self.partial.get(name.lower()) if " " not in name else None
        if fuller:
            return fuller[0]
        kind = "person" if _looks_like_person(name) else "org"
        return self.people.setdefault(name if kind == "person" else "org:" + name, Entity(name, kind=kind))

    def candidates(self, kind: str, key: str, written: str) -> list[Entity]:
        """The entities a named mention may be: its own, or, when the text gives one word
        ("Veltz", "Mme Perrin"), every full name holding that word."""
        entity = self.people[key]
        word, _ = _strip_honorific(written)
        if kind == "person" and " " not in word:
            return self.partial.get(word.lower()) or [entity]
        return [entity]


# --- the walk ---------------------------------------------------------------------------------

class Salience:
    """References to people and organisations, resolved in one pass over the tokens.

    `skip` holds character spans whose words are not the article's narration (the quotes
    themselves, titles in guillemets): names inside them are not mentions, and "il" inside
    them speaks of something else. `sentence_starts` gives the sentence of each token."""

    def __init__(self, doc: Doc, tokens: Tokens, skip: list[tuple[int, int]], sentence_starts: list[int],
                 cue_forms: Collection[str]):
        self.t, self.text, self.cue_forms = tokens, tokens.text, cue_forms
        self.registry = Registry(doc, tokens.text)
        # The organisations `_org_noun` chooses from: the walk adds none (only `Registry.named` does, later).
        self.orgs = [e for e in self.registry.people.values() if e.kind == "org"]
        self.skip = sorted(skip)
        self.sentences, self.sentence_firsts = _sentences(tokens.starts, sentence_starts)
        self.refs: dict[int, Reference] = {}
        self.named = self._named_spans()
        self.last_subject: Optional[tuple[int, bool, Optional[str]]] = None  # token, is a person, gender
        self.pending_role: Optional[tuple] = None  # (token, text, role nouns, gender, end)
        self.apposition_end = 0  # the walk does not read an apposition's words as references

    def _named_spans(self) -> dict[int, tuple[int, str, str]]:
        """Start token of each named mention: (end token, kind, key)."""
        named, starts = {}, self.t.starts
        for start, end, kind, key in self.registry.spans:  # `at_or_after` and `containing`, inlined
            first, last = bisect_left(starts, start), max(bisect_right(starts, max(end - 1, start)) - 1, 0)
            if first <= last:
                named.setdefault(first, (last + 1, kind, key))
        return named

    def walk(self) -> dict[int, Reference]:
        skipped = [(self.t.at_or_after(a), self.t.at_or_after(b)) for a, b in self.skip]
        subjects = {i for i in self.t.with_dep("nsubj") if self.t.pos(i) in ("NOUN", "PROPN")}  # see `_track_subject`
        lowers, sentences, s, resume = self.t.lowers, self.sentences, 0, 0
        for i in self._stops(subjects):
            if i < resume:  # read as part of the reference before it
                continue
            while s < len(skipped) and skipped[s][1] <= i:
                s += 1
            if s < len(skipped) and skipped[s][0] <= i:
                continue
            if i == 0 or sentences[i] != sentences[i - 1]:
                self._sentence_start(i)
            ref = self._reference(i) if i in self.named or lowers[i] in TRIGGERS else None
            if ref is None:
                if i in subjects:
                    self._track_subject(i)
                continue
            self.refs[ref.start] = ref
            resume = max(ref.end, self.apposition_end, i + 1)
        return self.refs

    def _stops(self, subjects: set[int]) -> list[int]:
        """The tokens where the walk may have something to do, in order; at any other token it
        only moves on. Each part is a necessary condition of what the walk does at a token."""
        t = self.t
        words = [(i, t.lowers[i]) for i in compress(range(t.n), map(_walk_words().__contains__, t.lowers))]
        role_nouns_at = {i for i, word in words if word in t.roles}
        # A determiner refers only before a role noun (within three tokens, see `_role`) or an
        # organisation noun (see `_org_noun`). The last three are kept: `_role` may read past the
        # end, where a token's word is empty.
        before_nouns = {i - k for i in role_nouns_at for k in (1, 2, 3)} | \
            {i - 1 for i, word in words if word in ORG_NOUNS} | {t.n - 1, t.n - 2, t.n - 3}
        return sorted({
            *self.named,  # `_name`
            *(i for i, word in words if word in REFERRING),  # `_reference`: pronouns, "ce dernier"
            *(i for i in before_nouns if 0 <= i < t.n and t.lowers[i] in DETERMINER_TRIGGERS),  # `_reference`
            *subjects,  # `_track_subject`
            *(i for i in self.sentence_firsts if i in role_nouns_at),  # `_sentence_start`
        })

    # --- one reference ---

    def _reference(self, i: int) -> Optional[Reference]:
        if i in self.named:
            return self._name(i)
        lower, following = self.t.lower(i), self.t.lower(i + 1)
        gender = LAST.get((lower, following)) or LAST.get((lower, None))
        if gender:
            end = i + 1 if (lower, None) in LAST else i + 2
            return self._resolved(i, end, "last", self._last(gender), subject=True)
        if lower in PRONOUNS and self._personal(i):
            return self._pronoun(i, PRONOUNS[lower])
        if lower in DETERMINERS and lower not in ("du", "au"):
            return self._role(i) or self._org_noun(i)
        return None

    def _name(self, i: int) -> Reference:
        end, kind, key = self.named[i]
        if kind == "org":  # an organisation's name is its own (see `Registry.candidates`)
            entity = self.registry.people[key]
            entity.last = i
            return Reference(i, end, entity, "org")
        honorific = HONORIFICS.get(self.t.lower(i)) or HONORIFICS.get(self.t.lower(i - 1))
        everyone = self.registry.candidates(kind, key, self.t.span_text(i, end))
        candidates = [e for e in everyone if _agrees(e.gender, honorific)] or everyone  # "Mme Perrin"
        entity = candidates[0] if len(candidates) == 1 else \
            max(candidates, key=lambda e: (e.salience(self.sentences[i]), -candidates.index(e)))
        if honorific and entity.gender is None:
            entity.gender = honorific
        role = self._harvest(i, end, entity)
        if self.t.lower(i - 1) == "par":  # "Par X", "Propos recueillis par X": the journalist
            return Reference(i, end, entity, "name", role)
        return self._resolved(i, end, "name", entity, subject=self._subject(i, end), role=role)

    def _pronoun(self, i: int, gender: str) -> Reference:
        if not self._cue_clitic(i) and self._thing_before(i, gender):
            return Reference(i, i + 1, None, "pronoun")
        entity = self._best(i, gender)
        if entity is not None:  # "Lui est directeur général de Bretagne Nautisme"
            for text, words, role_gender, _ in filter(None, self._roles_after(i + 1)):
                entity.add_role(text, words, role_gender)
        return self._resolved(i, i + 1, "pronoun", entity, subject=True)

    def _role(self, i: int) -> Optional[Reference]:
        """A determiner, maybe an adjective, a role noun and its complement: "la nouvelle
        présidente", "le délégué général du cluster", "sa directrice"."""
        j = i + 1
        while self.t.lower(j) in ROLE_ADJECTIVES and j < i + 3:
            j += 1
        noun = self.t.role_noun(j)
        if noun is None:
            return None
        end = self._phrase_end(j + 1)
        if self._names_follow(end):  # "le maire Yves Le Floch", "sa directrice, Margaux Teyssier"
            return None
        entity = self._by_role(i, noun, noun.gender or DETERMINERS.get(self.t.lower(i)))
        return self._resolved(i, end, "role", entity, subject=self._subject(i, end), role=self.t.span_text(j, end))

    def _org_noun(self, i: int) -> Optional[Reference]:
        """"le pôle", "la société": the organisation of that kind named last, else the last one."""
        head = self.t.lower(i + 1)
        if head not in ORG_NOUNS or self.t.lower(i) in ("un", "une"):
            return None
        kind = ORG_NOUNS[head]
        orgs = [e for e in self.orgs if e.last >= 0]
        fitting = [e for e in orgs if head in e.name.lower() or (kind and e.org_kind == kind)] or orgs
        return Reference(i, i + 2, max(fitting, key=lambda e: e.last, default=None), "org")

    # --- resolution ---

    def _resolved(self, start: int, end: int, kind: str, entity: Optional[Entity], *, subject: bool,
                  role: Optional[str] = None) -> Reference:
        if entity is not None:
            pending = self.pending_role
            if pending and self.sentences[start] == self.sentences[pending[0]]:
                entity.add_role(*pending[1:4])
            self.pending_role = None
            self._mention(entity, start, 2.0 if subject else 1.0)
        if subject:
            self.last_subject = (start, entity is not None, None)
        return Reference(start, end, entity, kind, role)

    def _mention(self, entity: Entity, i: int, weight: float) -> None:
        sentence = self.sentences[i]
        entity.score = entity.salience(sentence) + weight
        entity.sentence, entity.last = sentence, i

    def _fitting(self, gender: Optional[str]) -> list[Entity]:
        return [e for e in self.registry.people.values()
                if e.kind == "person" and e.last >= 0 and _agrees(e.gender, gender)]

    def _best(self, i: int, gender: Optional[str]) -> Optional[Entity]:
        """The most salient person of that gender."""
        sentence = self.sentences[i]
        return max(self._fitting(gender), key=lambda e: (e.salience(sentence), e.last), default=None)

    def _last(self, gender: str) -> Optional[Entity]:
        """"Ce dernier": the person mentioned last."""
        return max(self._fitting(gender), key=lambda e: e.last, default=None)

    def _by_role(self, i: int, noun: RoleNoun, gender: Optional[str]) -> Optional[Entity]:
        """The person who holds that role, else one of the same class ("l'expert" for a
        sociologist), else the most salient person of that gender."""
        sentence = self.sentences[i]
        return max(self._fitting(gender), key=lambda e: (noun.lemma in e.role_words,
                                                         noun.cls in e.classes and noun.cls != "person",
                                                         e.salience(sentence), e.last), default=None)

    # --- roles read from the text ---

    def _harvest(self, start: int, end: int, entity: Entity) -> Optional[str]:
        """Roles given around a name: before it ("le maire X", "La présidente de Norvelia, X"),
        after it ("X, délégué général de la FNVI"), or as a predicate ("X est directeur de Y")."""
        after = self._roles_after(end)
        self.apposition_end = max((f[3] for f in after if f), default=end)
        found = [f for f in (self._role_before(start), *after) if f]
        for text, words, gender, _ in found:
            entity.add_role(text, words, gender)
        return found[0][0] if found else None

    def _role_before(self, start: int):
        j = start - 1 if self.t.word(start - 1) == "," else start
        k, words, lowers = j - 1, self.t.texts, self.t.lowers  # k stays within [0, start)
        while k >= 0 and words[k] not in BOUNDARY and start - k < 14:
            k -= 1
        if not any(lower in self.t.roles for lower in lowers[k + 1:j]):
            return None  # no role noun, no role phrase: spares trying each start
        for first in range(k + 1, j):  # the first determiner + role noun reaching the name
            if lowers[first] in DETERMINERS or lowers[first] in ROLE_ADJECTIVES or lowers[first] in self.t.roles:
                phrase = self._role_phrase(first, j, reach=True)  # only these open a role phrase
                if phrase:
                    return phrase
        return None

    def _roles_after(self, end: int) -> list:
        found, j = [], end
        while self.t.word(j) == "," and len(found) < 2 and self._opens_role(j + 1):
            stop = self._phrase_end(j + 1)
            phrase = self._role_phrase(j + 1, stop)
            if not phrase:
                break
            found.append(phrase)
            j = stop
        k = j
        while self.t.lower(k) in COPULA and k < j + 3:
            k += 1
        if k > j:
            found.append(self._role_phrase(k, self._phrase_end(k)) if self._opens_role(k) else None)
        return found

    def _opens_role(self, start: int) -> bool:
        """Whether [determiner] [adjectives] role noun opens at start: without, `_role_phrase` finds
        nothing whatever its end, which is then not worth looking for."""
        i = start + 1 if self.t.lower(start) in DETERMINERS else start
        while self.t.lower(i) in ROLE_ADJECTIVES:
            i += 1
        return self.t.role_noun(i) is not None

    def _role_phrase(self, start: int, stop: int, reach: bool = False):
        """(text, role nouns, gender, stop) when tokens [start, stop) open with [determiner]
        [adjective] role noun (and, with `reach`, are one noun phrase up to `stop`)."""
        i, gender = start, DETERMINERS.get(self.t.lower(start))
        if self.t.lower(i) in DETERMINERS:
            i += 1
        while self.t.lower(i) in ROLE_ADJECTIVES and i < stop:
            i += 1
        noun = self.t.role_noun(i) if i < stop else None
        if noun is None or (reach and self._phrase_end(i + 1) < stop):
            return None
        words = [r for r in (self.t.role_noun(k) for k in range(i, stop)) if r]
        return self.t.span_text(i, stop).strip(), words, noun.gender or gender, stop

    def _phrase_end(self, j: int) -> int:
        """The end of a noun phrase's complement: the next punctuation, relative pronoun, pronoun
        or verb, or a name right after a role noun."""
        limit = min(j + 12, self.t.n)
        while j < limit:
            word, pos = self.t.lower(j), self.t.pos(j)
            if (word in BOUNDARY or word in RELATIVE or pos == "PRON" or self._name_after_role(j)
                    or (pos in ("VERB", "AUX") and word not in ROLE_PARTICIPLES)):
                break
            j += 1
        return j

    def _name_after_role(self, j: int) -> bool:
        """A name right after a role noun: "le maire Yves Le Floch", "sa fille Camille"."""
        return j in self.named and self.named[j][1] == "person" and self.t.role_noun(j - 1) is not None

    def _names_follow(self, j: int) -> bool:
        j = j + 1 if self.t.word(j) == "," else j
        return j in self.named and self.named[j][1] == "person"

    def _sentence_start(self, i: int) -> None:
        """A sentence that opens on a role ("Directrice du pôle depuis 2018, elle ...") gives
        it to the next person of the sentence."""
        if self.t.role_noun(i) is not None:
            phrase = self._role_phrase(i, self._phrase_end(i + 1))
            if phrase:
                self.pending_role = (i, *phrase)

    # --- grammar tests ---

    def _subject(self, start: int, end: int) -> bool:
        """Subject of its clause, or named by a cue ("selon X", ", estime X")."""
        for k in range(start, end):
            if self.t.dep(k).startswith("nsubj"):
                return True
        return not self.t.governed(start)

    def _personal(self, i: int) -> bool:
        """A pronoun that can stand for a person: not "il faut", "il y a", "il est 7 h";
        "lui" only as a subject ("Lui est ...") or after "selon"."""
        word, following, before = self.t.word(i), self.t.lower(i + 1), self.t.lower(i - 1)
        if word.lower() == "lui":
            return word == "Lui" or before in CUE_PREPOSITIONS
        if word.startswith("-"):
            return self._cue_clitic(i) or before not in IMPERSONAL_NEXT | {"faut", "-t"}
        return following not in IMPERSONAL_NEXT and not (following in ("est", "était") and
                                                         self.t.word(i + 2)[:1].isdigit())

    def _cue_clitic(self, i: int) -> bool:
        """'-il', '-elle' after a reporting verb: "estime-t-il", "a-t-elle souligné"."""
        if not self.t.word(i).startswith("-"):
            return False
        j = i - 1
        while self.t.word(j) == "-t":
            j -= 1
        verb = self.t.lower(j)
        return verb in self.cue_forms or (verb in INVERSION_AUX and self.t.lower(i + 1) in self.cue_forms)

    def _thing_before(self, i: int, gender: str) -> bool:
        """The last subject, in this sentence or the one before, is a thing of the same gender:
        "La grappe ... Elle réunit" speaks of the grappe, not of a person."""
        if self.last_subject is None:
            return False
        j, person, subject_gender = self.last_subject
        return not person and self.sentences[i] - self.sentences[j] <= 1 and subject_gender == gender

    def _track_subject(self, i: int) -> None:
        if self.t.pos(i) in ("NOUN", "PROPN"):
            genders = self.t.morph(i, "Gender")
            self.last_subject = (i, False, {"Fem": "f", "Masc": "m"}.get(genders[0]) if genders else None)

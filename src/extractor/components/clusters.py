"""Business clusters: every cluster an article gives facts about, each slot filled from the text.

A cluster is found by what the text says it is ("le pôle de compétitivité Hydrolia", "Verdanor,
pôle de compétitivité né en 2005", "X est un cluster", "Créé sous la forme d'une grappe, X...",
names built as "X Vallée", "French Tech X"), never by a list of names. Its later mentions are merged
by name, alias and acronym, and by a sentence-level coreference ("le cluster", "ce pôle", "Elle
regroupe...", "son président", "le premier", "nous" in the words of its people).

`Scan` reads one Doc: sentences (cut at paragraph breaks), kind words, names, mentions, then which
cluster each clause is about (`owner`: the dependency parse, corrected by the surface shape of
appositions, relative clauses and fronted participles). `Readings` holds what words say whatever
the cluster (creations, labels, lists of trades, backers); `Slots` keeps, for one cluster, what its
clauses say, and `RoleReader` who runs it.

Cue words live in resources/clusters/cues.json. Facts come from the upstream components
(doc._.people, organisations, places, figures, quotes): plain dicts with char offsets.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import AbstractSet, Iterable, Optional

import numpy
from spacy import parts_of_speech, symbols
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START
from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.errors import Errors
from spacy.tokens import Doc, Span, Token
from ..extensions import doc_text
from spacy.util import filter_spans

from .. import extensions  # noqa: F401
from ..records import ClusterKind, Region

try:  # the gazetteer is another component's module: work without it
    from .. import gazetteer
except ImportError:  # pragma: no cover
    gazetteer = None

FINITE, PARTICIPLE = 1, 2
VERB_FORMS = {"Fin": FINITE, "Part": PARTICIPLE}
PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")
LIST_STOPS = {"pour", "qui", "dont", "que", "avec", "soit", "depuis", "afin", "entre", "sur", "lors", "dans"}
LIST_CONTINUE = {"de", "du", "des", "d'", "d’", "à", "au", "aux", "et", "par"}
KINDS = {k.value for k in ClusterKind}
# The last word of a kind's name, after which its trade follows ("grappe d'entreprises de la mécanique")
KIND_LAST_WORDS = {"cluster", "clúster", "compétitivité", "entreprises", "local", "spl", "technopole",
                   "technopôle", "pôle", "grappe", "tech", "association", "réseau"}
REGIONS = {r.value for r in Region}
ASSOCIATION = ClusterKind.ASSOCIATION.value

# A proper name as French press writes it: capitalised words ("Savoie Lunettes Bois", "H2 Ardèche",
# "Aéro'Oc", "Cuir & Fils"), joined by particles when a capitalised word follows ("Pays d'Auge").
_UPPER = "A-ZÀ-ÖØ-Þ"
WORD = rf"(?:[0-9]+)?[{_UPPER}][\w'’\-&]*"
CONNECTOR = r"(?:(?:de|du|des|del|della|di|da|von|van|der|la|le|les|of|the)\s+|[dl]['’])"
NAME = rf"{WORD}(?:\s+(?:{CONNECTOR}){{0,2}}{WORD}|\s*&\s*{WORD})*"
NAME_AT = re.compile(NAME)
FORMER_NAME = re.compile(r"(?:sous le nom d['e]\s*|anciennement\s+|\bex-)$")
FORMER_NAME_AT = re.compile(rf"(?:sous le nom d['e’]\s*|anciennement\s+|surnommée?s?\s+|(?:que|qu['’])[\w\s]{{0,20}}?(?:appellen?t?|surnommen?t?|nommen?t?)(?: ici| là| là-bas| aussi| simplement| volontiers)?\s+)({NAME})")
FORMER_NAME_HINTS = ("sous le nom d", "anciennement", "surnomm", "appelle", "nomme")  # one is in any FORMER_NAME_AT match
QUICK_NAMES = re.compile(r"Vall[ée]e|Valley|vallée\b|French Tech")
VALLEY_WORDS_BEFORE = re.compile(rf"((?:{WORD}\s+){{1,3}})$")
VALLEY_STEM = re.compile(rf"([{_UPPER}]\w+)$")
VALLEY = re.compile(r"Vallée|Valley|(?<=\w)vallée|(?<=\w)valley")
VALLEY_HINT = re.compile(r"[Vv]all(?:ée|ey)")  # where VALLEY may match: quick to search, unlike its look-behinds
FRENCH_TECH = re.compile(rf"French Tech((?:\s+(?:{CONNECTOR}){{0,2}}{WORD})+)")
TRAILING_PLACE = re.compile(rf"(.+?)\s+(?:{CONNECTOR})+(.+)$")
YEAR_AFTER = re.compile(r"\b(?:en|depuis|dès|à l'automne|au printemps)\s+(?:\w+\s+)?((?:1[89]|20)\d\d)\b")
YEAR_SINCE = re.compile(r"\b(?:depuis|dès)\s+(?:\w+\s+)?((?:1[89]|20)\d\d)\b")
GENERAL_BEFORE = re.compile(r"\bl'une? des\s*$")
FOUNDING_PHRASE = re.compile(r"(?:voit|voir|vit|a vu|avait vu)\s+le\s+jour\b", re.IGNORECASE)
WITHIN = re.compile(r"(?<!\w)au sein(?!\w)")
NAME_BEFORE = re.compile(rf"(?<![\w\-])({NAME})[\s«»\"“”]*$")
ACRONYM_AFTER = re.compile(r"\s*\(\s*([0-9]*[A-Z][A-Za-z0-9'’&\-]{0,9})\s*\)")
QUOTED_AT = re.compile(r"[«\"“]\s*([^»\"”]{2,60}?)\s*[»\"”]")
YEAR = re.compile(r"^(1[89]|20)\d\d$")
# Patterns some rules try again and again (compiled once rather than looked up in re's cache)
NEWLINE = re.compile("\n")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
COMPLEMENT_AFTER = re.compile(r"\s+(?:de|du|des|d['’])")
PLACE_COMPLEMENT_AFTER = re.compile(r"\s+(?:de|du|des|d['’])\s")
ENUMERATION_END = re.compile(r"(?:\bet|\bpar|\bou)\s*$")
LAST_WORD = re.compile(r"(\w+)[\s«\"“]*$")
NAME_SUFFIX = re.compile(r"\s+(Cluster|Pôle|Valley|Vallée)\b")
CLAUSE_END = re.compile(r"[,;.:]\s")
OPENING_YEAR = re.compile(r"\s*En\s+(?:\w+\s+)?((?:1[89]|20)\d\d)\b")
DATELINE = re.compile(r"\s*[A-ZÀ-Þ\-' ]{3,}[,.]")

DETERMINERS = {
    "le": "def", "la": "def", "l'": "def", "l’": "def", "les": "def", "du": "def", "au": "def", "aux": "def",
    "des": "indef", "un": "indef", "une": "indef", "ce": "dem", "cet": "dem", "cette": "dem", "ces": "dem",
    "son": "poss", "sa": "poss", "ses": "poss", "leur": "poss", "leurs": "poss", "notre": "poss", "nos": "poss",
}
SUBJECT_PRONOUNS = {"il": "sing", "elle": "sing", "ils": "plur", "elles": "plur"}
POSSESSIVES = {"son", "sa", "ses", "leur", "leurs"}
PRONOUNS = frozenset(SUBJECT_PRONOUNS) | POSSESSIVES | {"le", "la"}
FIRST_PLURAL = {"nous", "notre", "nos"}
ORDINALS = {"premier": 0, "première": 0, "second": 1, "seconde": 1, "deuxième": 1, "troisième": 2}
CARDINALS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "2": 2, "3": 3, "4": 4, "5": 5}
SUBJECTS = {"nsubj", "nsubj:pass"}
POSSESSIVES = {"son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos"}
# The token attributes a scan reads once per Doc, and their columns in its array; the first ones
# are read as strings (the morphology for its word classes alone).
STRING_ATTRS = [LOWER, LEMMA, DEP, ORTH, MORPH]
WORD_ATTRS = STRING_ATTRS + [POS, HEAD, SENT_START, IDX]  # (IS_SPACE: the few words asked are read in `orth`)
POS_NAMES = numpy.array([parts_of_speech.NAMES.get(i, "") for i in range(max(parts_of_speech.NAMES) + 1)], dtype=object)
COLUMN = {attr: n for n, attr in enumerate(WORD_ATTRS)}
STRINGS_KEPT = 50_000  # decoded strings kept from Doc to Doc (some 5 MB)
# Word classes, as bits of one number per distinct string of a Doc: the word lists a lower case form
# or a lemma is in, the dependency lists a label is in, the VerbForm of a morphology (FINITE or
# PARTICIPLE, from bit VERB_FORM_SHIFT on). The scan reads each column's own bits.
PRONOUN_WORD, FIRST_PERSON_WORD, PARTICIPLE_WORD, KNOWN_PARTICIPLE_WORD, CUE_WORD = 1, 2, 4, 8, 16
SUBJECT_DEP, NP_DEP = 32, 64
VERB_FORM_SHIFT = 7
NO_REFS: frozenset[int] = frozenset()  # refs_at of most words (shared: callers only read it)
NP_DEPS = {"det", "flat:name", "flat", "appos", "nmod", "fixed", "compound"}  # what a noun phrase's mentions hang on
CLAUSE_DEPS = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "conj"}


def load_cues() -> dict:
    text = resources.files("extractor").joinpath("resources/clusters/cues.json").read_text("utf-8")
    cues = json.loads(text)
    for key in ("kinds", "plural_kinds"):  # ClusterKind member names -> the kinds' words
        cues[key] = {word: ClusterKind[name].value if name else None for word, name in cues[key].items()}
    for key, value in cues.items():
        if isinstance(value, list) and key != "not_names" and key != "valley_not_before":
            cues[key] = set(value)
    return cues


def verb_table(cues: dict) -> dict[str, str]:
    """Verb form -> verb for the cue verbs ("créée" -> "créer", "compte" -> "compter"), for the
    forms the tagger takes for nouns or proper nouns ("Créé en 2005, ...", "elle compte 60 adhérents")."""
    verbs = set()
    for key in ("founding_verbs", "label_verbs", "become_verbs", "support_verbs", "since_verbs", "grouping_verbs"):
        verbs |= set(cues[key])
    table = {form: verb for verb, forms in cues["participles"].items() for form in forms}
    table.update({form: verb for verb, forms in cues["verb_forms"].items() for form in forms})
    for verb in verbs:
        if verb.endswith("er"):
            table.update({verb[:-2] + end: verb for end in ("é", "ée", "és", "ées")})
    return table


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of the phrases, the longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def lower_same_length(text: str) -> str:
    """Lower case with every offset kept (a few characters lengthen when lowered: those stay)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents and with one kind of apostrophe, for comparing names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


@lru_cache(maxsize=65536)
def same_name(a: str, b: str) -> bool:
    """Equal, or one is the other plus whole words ("H2 Ardèche" and "H2 Ardèche Cluster")."""
    a, b = fold(a), fold(b)
    if a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    n = len(short)
    return n > 0 and any(long[i:i + n] == short for i in range(len(long) - n + 1))


# ---------------------------------------------------------------------------------------------
# The component


@Language.factory("extractor_clusters", assigns=["doc._.clusters"])
def make_clusters(nlp: Language, name: str):
    return ClusterFinder(nlp)


class ClusterFinder:
    """Matchers and cue words built once; `__call__` fills doc._.clusters."""

    def __init__(self, nlp: Language):
        self.cues = load_cues()
        self.participles = verb_table(self.cues)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label in ("kinds", "plural_kinds"):
            for phrase in self.cues[label]:
                variants = {phrase, phrase.replace("'", "’")}
                self.matcher.add(label, [nlp.make_doc(v) for v in variants])
        # Cue words, to find the few words worth reading.
        words = set(self.participles) | set(self.participles.values()) | KIND_LAST_WORDS | set(self.cues["role_verbs"])
        words |= {"voir", "voit", "vit", "vu"}  # "voit le jour"
        for key in ("founding_verbs", "founding_nouns", "label_verbs", "become_verbs", "grouping_verbs", "obtain_verbs",
                    "since_verbs", "support_verbs", "support_nouns", "sector_cues", "sector_nouns", "production_nouns",
                    "domain_nouns"):
            words |= set(self.cues[key])
        self.cue_words = frozenset(words)
        # The words Readings.sector_start reads: another word opens no list of trades.
        self.sector_forms = KIND_LAST_WORDS | set(self.cues["sector_nouns"]) | set(self.cues["sector_cues"])
        self.sector_lemmas = set(self.cues["sector_nouns"]).union(
            self.cues["sector_cues"], self.cues["production_nouns"], self.cues["domain_nouns"])
        # The verbs Readings.event reads: a word with another lemma tells no event.
        self.event_verbs = {"voir"}.union(*(self.cues[key] for key in (
            "founding_verbs", "label_verbs", "obtain_verbs", "become_verbs", "grouping_verbs", "since_verbs")))
        # The kinds a status names ("labellisé pôle de compétitivité"), longest phrase first.
        self.kind_of_phrase = {fold(w): k for w, k in self.cues["kinds"].items()
                               if k != ASSOCIATION and w not in self.cues["ref_only_kinds"]}
        self.kind_at = re.compile("(?:%s)(?!\\w)" % alternation(self.kind_of_phrase))
        self.kind_starts = {p[:3] for p in self.kind_of_phrase} | {w[:3] for w in self.cues["kinds"]}
        self.sector_prefix = re.compile("(?:%s)\\s+(?:de la |de l'|de l’|du |des |de |d'|d’)?(.+)$" % alternation(self.cues["sector_strip"]))
        self.business = re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(self.cues["business_words"]))
        self.role_modifier = re.compile("\\s(%s)\\b" % alternation(self.cues["role_modifiers"]), re.IGNORECASE)
        self.distractors = tuple(fold(d) for d in self.cues["distractors"])
        self.origin_cues = [fold(c) for c in self.cues["origin_cues"]]
        self.vocab = nlp.vocab
        # Shared by every Doc (a vocabulary's strings never change): hash -> string, string -> word classes.
        self._strings: dict[int, str] = {}
        self._classes: dict[str, int] = {}
        self._relative: dict[int, bool] = {}  # MORPH hash -> whether it is a relative pronoun's

    def __call__(self, doc: Doc) -> Doc:
        # Most articles name no cluster: a look at kind words and brand-like names is enough.
        text = doc_text(doc)
        matches = self.matcher(doc)
        if not matches and not QUICK_NAMES.search(text):
            doc._.clusters = []
        else:
            doc._.clusters = Scan(doc, self, text, matches).clusters()
        return doc

    def strings(self, hashes: numpy.ndarray, kept: int) -> tuple[list[str], numpy.ndarray]:
        """The strings of the first `kept` hashes of an array (the string store decodes a new str at
        each look-up) and the word classes of all; each distinct hash is looked up once."""
        distinct, where = numpy.unique(hashes, return_inverse=True)
        distinct = distinct.tolist()
        known = self._strings
        if len(known) > STRINGS_KEPT:  # a long run's vocabulary keeps growing: start again
            known.clear()
        words = list(map(known.get, distinct))
        if None in words:
            for n, h in enumerate(distinct):
                if words[n] is None:
                    words[n] = known[h] = self.vocab.strings[h]
        return numpy.array(words, dtype=object)[where[:kept]].tolist(), self.word_classes(words)[where]

    def word_classes(self, words: list[str]) -> numpy.ndarray:
        """Per word, the bits of its word classes (PRONOUN_WORD...), each word classed once."""
        known = self._classes
        if len(known) > STRINGS_KEPT:
            known.clear()
        bits = list(map(known.get, words))
        if None in bits:
            for n, word in enumerate(words):
                if bits[n] is None:
                    bits[n] = known[word] = self.classes_of(word)
        return numpy.array(bits, dtype="uint16")

    def classes_of(self, word: str) -> int:
        """The word class bits of a string (any column's: each column reads its own bits)."""
        participle = word in self.participles
        verb_form = next((f[9:] for f in word.split("|") if f.startswith("VerbForm=")), None)  # of a morphology
        return (PRONOUN_WORD * (word in PRONOUNS) | FIRST_PERSON_WORD * (word in FIRST_PLURAL) | PARTICIPLE_WORD * participle
                | KNOWN_PARTICIPLE_WORD * (participle and word.endswith(PARTICIPLE_ENDINGS)) | CUE_WORD * (word in self.cue_words)
                | SUBJECT_DEP * (word in SUBJECTS) | NP_DEP * (word in NP_DEPS) | VERB_FORMS.get(verb_form, 0) << VERB_FORM_SHIFT)


# ---------------------------------------------------------------------------------------------
# What a scan works with


@dataclass
class KindHit:
    """A kind word in the text: "le pôle de compétitivité", "ces clusters"."""

    span: Span
    kind: Optional[str]
    plural: bool
    det: Optional[str]  # def, indef, dem, poss or None
    det_token: Optional[Token]
    count: Optional[int] = None  # "les deux clusters"
    used: bool = False  # part of a name construction


@dataclass
class Candidate:
    """A cluster name read from a construction, with what the construction says."""

    name: str
    start: int
    end: int
    kind: Optional[str] = None
    kind_hit: Optional[KindHit] = None
    aliases: list[str] = field(default_factory=list)
    explicit: bool = True  # from a construction, not a mere later mention
    valley: bool = False  # "X Vallée": a cluster by its name alone


@dataclass
class Cluster:
    id: int
    names: list[Candidate]
    aliases: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The fullest name a construction gave ("Marinov Atlantique", not "Marinov")."""
        explicit = [c.name for c in self.names if c.explicit] or [c.name for c in self.names]
        return max(explicit, key=lambda n: (len(n.split()), len(n)))

    def all_names(self) -> list[str]:
        return list(dict.fromkeys([c.name for c in self.names] + self.aliases))

    def add_kind(self, kind: Optional[str]) -> None:
        if kind and kind != ASSOCIATION and kind not in self.kinds:
            self.kinds.append(kind)


class Scan:
    """One pass over a Doc: detection, coreference, then the slots of each cluster."""

    def __init__(self, doc: Doc, finder: ClusterFinder, text: Optional[str] = None, matches: Optional[list] = None):
        self.doc = doc
        self.finder = finder
        self.cues = finder.cues
        self.matcher = finder.matcher
        self.matches = finder.matcher(doc) if matches is None else matches
        self.participles = finder.participles
        self.text = doc_text(doc) if text is None else text
        self.lower_text = lower_same_length(self.text)
        # doc[i] builds a Token at each access: the rules mostly read the per-word lists of _read_words,
        # and keeping a Token per word alive would cost more in garbage collection than it saves.
        self.toks = doc
        self._read_words()
        self._verb_forms()
        self.sents = self._sentences()
        self.sent_of = [0] * len(doc)
        for i, sent in enumerate(self.sents):
            self.sent_of[sent.start:sent.end] = [i] * len(sent)
        self.para_of_sent = self._paragraphs()
        self.places = self._places()
        self.place_tokens = {i for p in self.places for s in p["_spans"] for i in range(s.start, s.end)}
        self.people = doc._.people or []
        # Folded names, for is_place and is_person
        self.place_names = {fold(p["name"]) for p in self.places if p.get("kind") != "area"}
        self.person_names = {fold(p.get("name") or "") for p in self.people}
        self.person_of = self._person_index()
        self.refs: dict[int, set[int]] = {}  # token index -> clusters it refers to
        self.ref_sents: set[int] = set()  # the sentences holding a word of `refs`, to skip the others
        self.owned: dict[int, int] = {}  # token index -> cluster whose apposition/relative holds it
        self.bracketed: set[int] = set()  # tokens in brackets right after a cluster name
        self.clusters_: list[Cluster] = []
        self.topics: list[Optional[int]] = []
        self.groups: list[list[int]] = []
        self._people: Optional[dict[int, list[dict]]] = None
        self.subject_groups: dict[int, set[int]] = {}  # sentence -> clusters its subject names
        self.quoted = self._quoted()
        self._readings: Optional[Readings] = None
        self._figures: Optional[list] = None
        self._subjects: dict[int, Optional[Token]] = {}
        # sentence -> word -> refs_at(word), dropped when a word of the sentence gets a reference
        self._refs_in: dict[int, dict[int, set[int]]] = {}
        self.pronouns = self._pronoun_positions()
        self._owners: dict[int, Optional[int]] = {}
        self.indirect: set[int] = set()  # tokens owned through a project or the previous sentence
        self.region_cache: dict[str, Optional[str]] = {}
        self.current_regions: dict[str, Optional[str]] = {}
        self.origin_cues: dict[tuple[int, int], bool] = {}  # figure offsets -> Slots.has_origin_cue
        self._business: Optional[bool] = None
        self._finite_sentences: dict[int, bool] = {}
        self._datelines: dict[int, bool] = {}

    def _read_words(self) -> None:
        """Per word, what the rules read again and again, read once from the Doc's arrays (a Token
        attribute looks its string up anew at each access, `children` walks the sentence)."""
        doc = self.doc
        array = doc.to_array(WORD_ATTRS) if len(doc) else numpy.zeros((0, len(WORD_ATTRS)), dtype="uint64")
        self.array = array
        n = len(doc)
        strings, classes = self.finder.strings(array[:, :len(STRING_ATTRS)].T.ravel(), 4 * n)  # column after column
        self.lower, self.lemmas, self.dep, self.orth = (strings[k * n:(k + 1) * n] for k in range(4))
        # (the word classes of the lower case forms, lemmas, dependencies and morphologies)
        self.lower_classes, self.lemma_classes, self.dep_classes, self.morph_classes = (classes[k * n:(k + 1) * n] for k in (0, 1, 2, 4))
        self.pos = POS_NAMES[array[:, COLUMN[POS]]].tolist()  # Token.pos_ is parts_of_speech.NAMES[pos]
        positions = numpy.arange(len(doc))
        heads = array[:, COLUMN[HEAD]].astype("int64") + positions
        self.head_of = heads.tolist()
        self.idx = array[:, COLUMN[IDX]].tolist()
        # The children of word i are _by_head[_first_child[i]:_first_child[i + 1]]: the words sorted
        # by head, in text order for each head (the roots, which head nothing, first).
        heads[heads == positions] = -1
        by_head = heads.argsort(kind="stable")
        self._by_head_array, self._sorted_heads = by_head, heads[by_head]
        self._by_head = by_head.tolist()
        self._first_child = numpy.searchsorted(self._sorted_heads, numpy.arange(len(doc) + 1)).tolist()

    def kids(self, i: int) -> list[int]:
        """The children of word i, in text order."""
        return self._by_head[self._first_child[i]:self._first_child[i + 1]]

    def children_index(self, flags: numpy.ndarray) -> tuple[list[int], list[int]]:
        """(children, first): the children of word i whose flag is set are children[first[i]:first[i + 1]],
        in text order (the index of `kids`, kept to those words)."""
        keep = flags[self._by_head_array]
        keep[:self._first_child[0]] = False  # the roots
        first = numpy.searchsorted(self._sorted_heads[keep], numpy.arange(len(self.lower) + 1))
        return self._by_head_array[keep].tolist(), first.tolist()

    def children_by_dep(self, children: list[int]) -> dict[int, tuple[int, ...]]:
        """Word -> those of its children in `children`, in text order (the walks up the parse ask
        for the children of some dependencies again and again)."""
        found: dict[int, list[int]] = {}
        for c in children:
            if self.head_of[c] != c:
                found.setdefault(self.head_of[c], []).append(c)
        return {head: tuple(kids) for head, kids in found.items()}  # (the GC stops tracking tuples)

    @cached_property
    def subject_words(self) -> list[int]:
        return self.having(self.dep_classes, SUBJECT_DEP)

    @cached_property
    def subjects_of(self) -> dict[int, tuple[int, ...]]:
        return self.children_by_dep(self.subject_words)

    @cached_property
    def _phrase_index(self) -> tuple[list[int], list[int]]:
        return self.children_index((self.dep_classes & NP_DEP) != 0)

    def phrase_kids(self, i: int) -> list[int]:
        """The children of word i that a noun phrase's mentions hang on."""
        children, first = self._phrase_index
        return children[first[i]:first[i + 1]]

    def subtree(self, i: int) -> list[int]:
        """Token.subtree as indices, in its order: the left children's subtrees, the word, the right ones'."""
        out = []
        for c in self.kids(i):
            if c < i:
                out += self.subtree(c)
        out.append(i)
        for c in self.kids(i):
            if c > i:
                out += self.subtree(c)
        return out

    def _pronoun_positions(self) -> dict[int, list[int]]:
        """Sentence -> where its pronouns and possessives are (most sentences have none to resolve)."""
        by_sentence: dict[int, list[int]] = {}
        for i in self.having(self.lower_classes, PRONOUN_WORD):
            by_sentence.setdefault(self.sent_of[i], []).append(i)
        return by_sentence

    def positions(self, attr: int, strings: Iterable[str]) -> list[int]:
        """The words whose attribute (DEP, ORTH...) is one of a few strings, found in the array."""
        column, keys = self.array[:, COLUMN[attr]], self.doc.vocab.strings
        found = numpy.zeros(len(column), dtype=bool)
        for string in strings:
            found |= column == keys[string]
        return found.nonzero()[0].tolist()

    @staticmethod
    def having(classes: numpy.ndarray, word_class: int) -> list[int]:
        """The words of a word class (classes: the bits of a column, lower_classes...)."""
        return (classes & word_class).nonzero()[0].tolist()

    def cue_positions(self) -> Iterable[int]:
        """The words whose form or lemma is a cue word."""
        return self.having(self.lower_classes | self.lemma_classes, CUE_WORD)

    def figure_places(self) -> list[tuple[int, dict, Span, Optional[int]]]:
        """(figure number, figure with the offsets of one of its places, tokens, owning cluster)
        for every place of every figure; counts of clusters in general have no owner."""
        if self._figures is None:
            self._figures = []
            for n, fig in enumerate(self.doc._.figures or []):
                plain = {k: v for k, v in fig.items() if k != "spans"}
                for start, end in fig.get("spans") or [[fig.get("start", 0), fig.get("end", 0)]]:
                    span = self.span_of(start, end)
                    if span is not None:
                        root = span.root.i
                        other = self.is_general(plain, span) or self.of_entity(root)
                        owner = None if other else self.owner_at(root)
                        self._figures.append((n, plain | {"start": start, "end": end}, span, owner))
        return self._figures

    def of_entity(self, root: int) -> bool:
        """ "l'atelier familial de huit personnes", "une PME de 85 salariés": another entity's size
        (root: the figure's head word)."""
        head = self.head_of[root]
        return self.dep[root] == "nmod" and head not in self.refs and self.lemmas[head].lower() in self.cues["entity_nouns"]

    def is_general(self, fig: dict, span: Span) -> bool:
        """ "l'un des quelque 400 clusters": a count of clusters in general."""
        unit = (fig.get("unit") or "").lower().split()
        before = fold(self.text[max(0, span.start_char - 12):span.start_char])
        return bool(unit) and unit[0] in self.cues["general_units"] or GENERAL_BEFORE.search(before) is not None

    def readings(self) -> "Readings":
        if self._readings is None:
            self._readings = Readings(self)
        return self._readings

    # -- entry point ----------------------------------------------------------------------------

    def clusters(self) -> list[dict]:
        hits = self.kind_hits()
        candidates = self.constructions(hits)
        groups = self.group_names(hits)
        self.build_clusters(candidates + [c for group in groups for c in group])
        if not self.clusters_ and not any(not h.used and self.is_description(h) for h in hits):
            return []  # only a description could still name one, in resolve
        self.groups = [[self.cluster_named(c.name).id for c in group] for group in groups]
        self.resolve(hits)
        self.former_names()
        found = [Slots(self, c).as_dict() for c in self.clusters_ if c.spans]
        self._readings = None  # it refers back to the scan: a cycle only a garbage collection would free
        return [c for c in found if c is not None]

    # -- text layout ----------------------------------------------------------------------------

    def _sentences(self) -> list[Span]:
        """The parser's sentences, cut at paragraph breaks and glued where it cut without punctuation
        (a headline "Fonderie Vosges, la grappe..." is one sentence, a headline and its lead are two)."""
        toks = self.toks
        if not toks:
            return []
        array = self.array
        parser_starts = set((array[:, COLUMN[SENT_START]] == 1).nonzero()[0].tolist())
        stops = (array[:, COLUMN[ORTH]] == self.doc.vocab.strings["."]).nonzero()[0] + 1
        breaks = numpy.searchsorted(array[:, COLUMN[IDX]], [m.start() for m in NEWLINE.finditer(self.text)], side="right")
        candidates = parser_starts | set(stops.tolist()) | set(breaks.tolist())
        starts = [0]
        for i in sorted(candidates):
            if i <= 0 or i >= len(toks) or self.is_space(i):
                if 0 < i < len(toks):
                    candidates.add(i + 1)  # a break of several white-space tokens
                continue
            if self.starts_sentence(i, i in parser_starts):
                starts.append(i)
        bounds = sorted(set(starts)) + [len(toks)]
        return [Span(self.doc, a, b) for a, b in zip(bounds, bounds[1:]) if b > a]

    def starts_sentence(self, i: int, parser_start: bool) -> bool:
        orth, is_space = self.orth, self.is_space
        if is_space(i - 1) and "\n" in orth[i - 1]:  # (a word's trailing white space is one space at most)
            return True
        j = i - 1
        while j > 0 and is_space(j):
            j -= 1
        last, text = orth[j], orth[i]
        ended = last in (".", "!", "?", "…", "»", "”", '"', ":", ";") or last.endswith(".")
        opener = text in ("«", "“", '"') and i + 1 < len(orth) and orth[i + 1][:1].isupper()
        if last == "." and (text[:1].isupper() or opener) and not self.abbreviation(j):
            return True
        return ended and parser_start and not self.toks[i].is_punct and not text[:1].islower()

    def abbreviation(self, stop: int) -> bool:
        """ "M. Dupont", "J.-C.": a full stop that ends no sentence."""
        if not stop:
            return False
        prev = stop - 1
        return not self.spaced(prev) and (len(self.orth[prev]) == 1 or self.lower[prev] in ("m", "mme", "dr", "st", "ste", "av", "cf"))

    def is_space(self, i: int) -> bool:
        """Token.is_space: the lexical attribute is str.isspace of the word."""
        return self.orth[i].isspace()

    def spaced(self, i: int) -> bool:
        """Token.whitespace_ of word i (negative: from the end), from the offsets: a word and its
        trailing space end where the next word starts."""
        i %= len(self.idx)
        end = self.idx[i + 1] if i + 1 < len(self.idx) else len(self.text)
        return end > self.idx[i] + len(self.orth[i])

    def sent_span(self, tok: Token) -> Span:
        return self.sents[self.sent_of[tok.i]]

    def _paragraphs(self) -> list[int]:
        breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(self.text)]
        return [bisect.bisect_right(breaks, s.start_char) for s in self.sents]

    def _places(self) -> list[dict]:
        """Upstream places with the tokens they cover."""
        out = []
        for place in self.doc._.places or []:
            spans = [self.span_of(s, e) for s, e in place.get("spans") or []]
            out.append({**place, "_spans": [s for s in spans if s is not None]})
        return out

    def _quoted(self) -> set[int]:
        """Tokens inside quotations (upstream quotes)."""
        inside = set()
        for quote in self.doc._.quotes or []:
            words = self.words_of(quote.get("start", 0), quote.get("end", 0))
            if words is not None:
                inside.update(range(*words))
        return inside

    def text_of(self, start: int, end: int) -> str:
        """The text of words start..end-1 (as Span.text, without rebuilding it token by token)."""
        return self.text[self.idx[start]:self.idx[end - 1] + len(self.orth[end - 1])]

    def span_of(self, start: int, end: int) -> Optional[Span]:
        """doc.char_span(start, end, alignment_mode="expand"), found in the word offsets read once."""
        words = self.words_of(start, end)
        return Span(self.doc, *words) if words is not None else None

    def words_of(self, start: int, end: int) -> Optional[tuple[int, int]]:
        """The word range (start, end) of span_of(start, end), without building the Span."""
        first, last = self.word_at(start), self.word_at(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.idx[first] + len(self.orth[first]):
            first += 1  # the trailing space of a word is not part of it
        if first > last + 1:  # as Span() does
            raise IndexError(Errors.E035.format(start=first, end=last + 1, length=len(self.idx)))
        return first, last + 1

    def chars_of(self, start: int, end: int) -> tuple[int, int]:
        """Span.start_char and Span.end_char of words start..end-1."""
        first = self.idx[start] if start < len(self.idx) else len(self.text)
        return (first, first) if start == end else (first, self.idx[end - 1] + len(self.orth[end - 1]))

    def word_at(self, char: int) -> int:
        """The word whose text or trailing space holds a character, -1 for none."""
        return bisect.bisect_right(self.idx, char) - 1 if 0 <= char < len(self.text) else -1

    def is_place(self, name: str) -> bool:
        if fold(name) in self.place_names:
            return True
        if gazetteer is None:
            return False
        return any(info.kind != "area" for info in gazetteer.lookup(name))

    def is_person(self, name: str) -> bool:
        return fold(name) in self.person_names

    # -- kind words -----------------------------------------------------------------------------

    def kind_hits(self) -> list[KindHit]:
        doc, cues = self.doc, self.cues
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matches])
        hits = []
        for span in spans:
            plural = doc.vocab.strings[span.label] == "plural_kinds"
            table = cues["plural_kinds"] if plural else cues["kinds"]
            kind = table.get(self.text[span.start_char:span.end_char].lower().replace("’", "'"))
            if self.is_distractor(span):
                continue
            det, det_token, count = self.determiner(span)
            hits.append(KindHit(span, kind, plural, det, det_token, count))
        return hits

    def is_distractor(self, span: Span) -> bool:
        """An epidemic or computing cluster, a "pôle emploi", a "grappe de raisin"."""
        after = fold(self.text[span.end_char:span.end_char + 30]).lstrip()
        if after.startswith(self.finder.distractors):
            return True
        needed = self.cues["kind_complement"].get(self.text[span.start_char:span.end_char].lower())
        if needed is None:
            return False
        nxt = self.lower[span.end:span.end + 2]
        if len(nxt) == 2 and nxt[0] in ("de", "d'", "d’"):
            return nxt[1] not in needed
        return False

    def determiner(self, span: Span) -> tuple[Optional[str], Optional[Token], Optional[int]]:
        """The determiner before a kind word, skipping numbers and adjectives ("les deux clusters")."""
        count = None
        i = span.start - 1
        while i >= 0 and i >= span.start - 3:
            tok, low = self.toks[i], self.lower[i]
            if low in DETERMINERS:
                return DETERMINERS[low], tok, count
            if low in CARDINALS:
                count = CARDINALS[low]
            elif tok.like_num or low in ("quelque", "plus", "de", "d'", "près"):
                return "num", tok, None
            elif self.pos[i] != "ADJ":
                return None, None, count
            i -= 1
        return None, None, count

    # -- names from constructions ---------------------------------------------------------------

    def constructions(self, hits: list[KindHit]) -> list[Candidate]:
        found = []
        for hit in hits:
            if hit.plural or hit.det == "num":
                continue
            if hit.det == "indef":
                found += self.predicate_name(hit) or self.fronted_name(hit)
                continue
            found += self.name_after(hit) or self.apposition_name(hit) or self.predicate_name(hit) or self.fronted_name(hit)
        found += [c for m in self.valley_words() for c in self.valley_names(m)]
        found += self.french_tech_names()
        return found

    def name_after(self, hit: KindHit) -> list[Candidate]:
        """ "le cluster Cuir Vallée", "le pôle de compétitivité breton Marinov", "le SPL (...) X"."""
        return self.name_with_kind(hit) or self.name_following(hit)

    def name_with_kind(self, hit: KindHit) -> list[Candidate]:
        """ "le Clúster de Automoción del Sil": a capitalised kind word opens the name."""
        first = hit.span[0]
        if not first.text[:1].isupper() or first.is_sent_start or hit.det_token is None or first.lower_ == "spl":
            return []
        m = NAME_AT.match(self.text, first.idx)
        if not m or m.end() <= hit.span.end_char + 1 or not COMPLEMENT_AFTER.match(self.text[hit.span.end_char:m.end()]):
            return []
        name = self.trim_name(m.group(0))
        if not self.valid_name(name) or name == hit.span.text:
            return []
        hit.used = True
        return [self.with_acronym(Candidate(name, m.start(), m.start() + len(name), hit.kind, hit))]

    def name_following(self, hit: KindHit) -> list[Candidate]:
        span, lower, n = hit.span, self.lower, len(self.lower)
        i = span.end
        while i < n and i < span.end + 4 and self.orth[i].islower() and (
                self.pos[i] == "ADJ" or lower[i] in self.cues["region_adjectives"] or lower[i] == "et"):
            i += 1  # "le pôle de compétitivité breton X", "le pôle aéronautique et spatial X"
        if i >= n or lower[i - 1] == "et":
            return []
        pos = self.toks[i].idx
        m = ACRONYM_AFTER.match(self.text, span.end_char)
        if m and i == span.end:  # "système productif local (SPL) Savoie Lunettes Bois"
            pos = m.end()
            while pos < len(self.text) and self.text[pos].isspace():
                pos += 1
        quoted = QUOTED_AT.match(self.text, pos)
        if quoted:
            name, start, end = quoted.group(1), quoted.start(1), quoted.end(1)
        else:
            m = NAME_AT.match(self.text, pos)
            if not m:
                return []
            name, start, end = m.group(0), m.start(), m.end()
        name = self.trim_name(name)
        kind_word = self.text[span.start_char:span.end_char]
        if not self.valid_name(name) or (kind_word.lower() == "pôle" and not self.talks_business()):
            return []  # "le pôle Jeunes du club"
        capitalised = span[0].text[:1].isupper() and not span[0].is_sent_start and hit.det_token is not None
        cand = Candidate(name, start, start + len(name), hit.kind, hit)
        if capitalised and kind_word.lower() not in ("spl",):  # "Le Cluster Feinmechanik Hessen"
            cand = Candidate(f"{kind_word} {name}", span.start_char, start + len(name), hit.kind, hit, [name])
        hit.used = True
        return [self.with_acronym(cand)]

    def apposition_name(self, hit: KindHit) -> list[Candidate]:
        """ "Nova Child, pôle de compétitivité né en 2005", "la Glass Vallée - cluster créé en 2001"."""
        first = hit.det_token or hit.span[0]
        sent = self.sents[self.sent_of[first.i]]
        before = self.text[sent.start_char:first.idx].rstrip()
        if not before or before[-1] not in ",-–—(":
            return []
        subject = hit.span.root.dep_ in SUBJECTS
        if subject and (first.i - sent.start <= 2 or sent[0].morph.get("VerbForm") == ["Part"]):
            return []  # "Mardi, le cluster a présenté", "Financé par l'État et X, le pôle dispose"
        return self.name_ending(before[:-1], sent.start_char, hit)

    def predicate_name(self, hit: KindHit) -> list[Candidate]:
        """ "Néréis est le cluster des technologies sous-marines", "X devient un cluster"."""
        first = hit.det_token or hit.span[0]
        if first.i == 0:
            return []
        verb = self.doc[first.i - 1]
        if verb.lemma_ not in self.cues["copulas"] and verb.lower_ not in ("est", "était", "devient", "reste"):
            return []
        sent = self.sents[self.sent_of[first.i]]
        return self.name_ending(self.text[sent.start_char:verb.idx], sent.start_char, hit)

    def fronted_name(self, hit: KindHit) -> list[Candidate]:
        """ "Né en 2012 sous forme de grappe d'entreprises, Hydrolia fédère...": the status
        told in a participial phrase opening the sentence is the subject's."""
        sent = self.sents[self.sent_of[hit.span.start]]
        if not self.participle_at(sent.start) or self.finite.find(1, sent.start, hit.span.start) >= 0:
            return []
        if not self.states_status(hit):
            return []  # "agréée par Techno-France, la fédération des technopoles": another body
        for i in range(hit.span.end, sent.end):
            if self.finite_at(i):
                return []
            if self.orth[i] == "," and i + 1 < sent.end:
                nxt = self.toks[i + 1]
                m = NAME_AT.match(self.text, nxt.idx)
                if nxt.lower_ in ("il", "elle"):  # "..., reconnu cluster d'excellence en 2008, il regroupe"
                    m = self.previous_subject_name(sent)
                after = self.text[m.end():m.end() + 30] if m else ""
                if m and self.valid_name(m.group(0)) and not re.match(r"\s*,", after):
                    hit.used = True
                    return [Candidate(m.group(0), m.start(), m.end(), hit.kind, None)]
        return []

    def states_status(self, hit: KindHit) -> bool:
        """The kind word completes a status: "reconnu cluster", "sous la forme d'une grappe"."""
        i = (hit.det_token or hit.span[0]).i - 1
        while i > 0 and self.toks[i].text in ("«", '"', "“"):
            i -= 1
        before = self.toks[i] if i >= 0 else None
        if before is None:
            return False
        status_verbs = self.cues["label_verbs"] | self.cues["become_verbs"] | self.cues["founding_verbs"]
        return self.lemma(before) in status_verbs or before.lower_ in ("comme", "forme", "d'", "d’", "que")

    def previous_subject_name(self, sent: Span) -> Optional[re.Match]:
        """The proper name the sentence before has as its subject: the parser's, else the first
        "le/la + Name" before its verb ("Plus à l'est, le Feinwerktal Allgäu – ... – change")."""
        si = self.sent_of[sent.start]
        if si == 0:
            return None
        prev = self.sents[si - 1]
        subj = self.subject_of(prev)
        if subj is not None and subj.pos_ == "PROPN" and not self.is_person_token(subj):
            start = next((t for t in subj.subtree if t.pos_ == "PROPN"), subj)
            return NAME_AT.match(self.text, start.idx)
        for t in (self.toks[i] for i in range(prev.start + 1, prev.end)):
            if self.is_finite(t):
                break
            before = self.toks[t.i - 1]
            if before.lower_ in ("le", "la", "l'", "l’") and t.text[:1].isupper() and not self.is_person_token(t):
                m = NAME_AT.match(self.text, t.idx)
                if m and not self.is_place(m.group(0)):
                    return m
        return None

    def name_ending(self, window: str, offset: int, hit: KindHit) -> list[Candidate]:
        m = NAME_BEFORE.search(window)
        if not m:
            return []
        name = self.trim_name(m.group(1), leading=True)
        start = offset + m.start(1) + (len(m.group(1)) - len(name))
        preceding = fold(self.text[max(0, start - 20):start])
        if ENUMERATION_END.search(preceding):
            return []  # the last of an enumeration, not the head of an apposition
        if not self.valid_name(name):
            return []
        if FORMER_NAME.search(preceding):
            return []  # "Connu sous le nom de Chimiris, le pôle...": an alias (see former_names)
        head = self.span_of(start, start + len(name))
        if head is not None and len(head) == 1 and head[0].is_sent_start and head[0].pos_ not in ("PROPN", "X"):
            return []
        hit.used = True
        return [Candidate(name, start, start + len(name), hit.kind, hit)]

    def valley_words(self) -> list[re.Match]:
        """VALLEY's matches in the text (tried only where VALLEY_HINT finds one)."""
        if "allée" not in self.text and "alley" not in self.text:
            return []  # (what VALLEY_HINT needs, found faster)
        return [m for hint in VALLEY_HINT.finditer(self.text) if (m := VALLEY.match(self.text, hint.start()))]

    def valley_names(self, m: re.Match) -> list[Candidate]:
        """ "la Cuir Vallée", "Ceramic Valley", "Cuirvallée": a valley named like a brand."""
        before = self.text[max(0, m.start() - 80):m.start()]
        words = VALLEY_WORDS_BEFORE.search(before)
        if words:
            name = self.trim_name(words.group(1) + m.group(0), leading=True)
        else:
            word = VALLEY_STEM.search(before)
            if not word:
                return []
            name = word.group(1) + m.group(0)
        start = m.end() - len(name)
        if name.split()[0] in self.cues["valley_not_before"] or len(name.split()) < 1 or name == m.group(0):
            return []
        if PLACE_COMPLEMENT_AFTER.match(self.text[m.end():m.end() + 5]):
            return []  # "Vallée de la Bresle" is a place
        if self.plural_before(start) or not self.valid_name(name):
            return []
        return [Candidate(name, start, m.end(), None, valley=True)]

    def french_tech_names(self) -> list[Candidate]:
        found = []
        for m in FRENCH_TECH.finditer(self.text):
            name = self.trim_name(m.group(0))
            if name != "French Tech" and self.valid_name(name):
                found.append(Candidate(name, m.start(), m.start() + len(name), ClusterKind.FRENCH_TECH.value))
        return found

    def plural_before(self, start: int) -> bool:
        prev = LAST_WORD.search(self.text[max(0, start - 20):start])
        return bool(prev) and prev.group(1).lower() in ("des", "les", "ces", "aux", "de")

    def trim_name(self, name: str, leading: bool = False) -> str:
        """Drop a trailing place ("Hydrolia d'Angers") and leading function words ("La", "Avec")."""
        words = name.split()
        if leading:
            while words and (words[0].lower() in STOP_WORDS or words[0].lower().rstrip("'’") in ("l", "d")):
                words = words[1:]
        name = " ".join(words)
        m = TRAILING_PLACE.match(name)
        if m and self.is_place(m.group(2)):
            return m.group(1)
        return name

    def valid_name(self, name: str) -> bool:
        words = name.split()
        if not words or len(words) > 8 or name in self.cues["not_names"]:
            return False
        if all(w.lower() in STOP_WORDS for w in words) or name.lower() in self.cues["kinds"]:
            return False
        return not self.is_place(name) and not self.is_person(name)

    def talks_business(self) -> bool:
        if self._business is None:  # asked for every description
            self._business = self.finder.business.search(self.lower_text) is not None
        return self._business

    def common_word(self, name: str) -> bool:
        """ "Question", "Réponse": one word of the language, no brand."""
        return " " not in name and self.doc.vocab[name.lower()].has_vector

    def with_acronym(self, cand: Candidate) -> Candidate:
        m = ACRONYM_AFTER.match(self.text, cand.end)
        if m and m.group(1) != cand.name:
            cand.aliases.append(m.group(1))
        return cand

    # -- "Les deux clusters de Vierzon ... X (XX) et Y (YY) ont signé" -------------------------

    def group_names(self, hits: list[KindHit]) -> list[list[Candidate]]:
        groups = []
        for hit in hits:
            if not hit.plural or not hit.count or hit.det not in ("def", "dem"):
                continue
            si = self.sent_of[hit.span.start]
            for sent in self.sents[si:si + 2]:
                names = self.coordinated(sent, hit.count, after=hit.span.end_char)
                if names:
                    groups.append([Candidate(n.name, n.start, n.end, hit.kind, None, n.aliases) for n in names])
                    break
        return groups

    def coordinated(self, sent: Span, count: int, after: int) -> list[Candidate]:
        one = rf"({NAME})(?:\s*\(\s*([0-9]*[A-Z][A-Za-z0-9]{{0,9}})\s*\))?"
        pattern = re.compile(r"\s*,\s*".join([one] * (count - 1)) + r"\s+et\s+" + one)
        start = max(sent.start_char, after)
        for m in pattern.finditer(self.text, start, sent.end_char):
            names = []
            for k in range(count):
                name, acro = m.group(2 * k + 1), m.group(2 * k + 2)
                name = self.trim_name(name, leading=True)
                if not self.valid_name(name):
                    break
                s = m.start(2 * k + 1) + m.group(2 * k + 1).find(name)
                names.append(Candidate(name, s, s + len(name), None, None, [acro] if acro else []))
            if len(names) == count:
                return names
        return []

    # -- clusters from candidates ---------------------------------------------------------------

    def build_clusters(self, candidates: list[Candidate]) -> None:
        for cand in sorted(candidates, key=lambda c: c.start):
            cluster = self.cluster_named(cand.name, cand.aliases)
            if cluster is None:
                cluster = Cluster(len(self.clusters_), [])
                self.clusters_.append(cluster)
            cluster.names.append(cand)
            cluster.aliases += [a for a in cand.aliases if a not in cluster.aliases]
            cluster.add_kind(cand.kind)
        self.add_aliases_from_organisations()

    def cluster_named(self, name: str, aliases: Iterable[str] = ()) -> Optional[Cluster]:
        for cluster in self.clusters_:
            names = cluster.all_names()
            if any(same_name(name, n) for n in names):
                return cluster
            if any(fold(a) == fold(n) for a in aliases for n in names):
                return cluster
        return None

    def add_aliases_from_organisations(self) -> None:
        for org in self.doc._.organisations or []:
            cluster = self.cluster_named(org.get("name") or "")
            acronym = org.get("acronym")
            if cluster and acronym and acronym not in cluster.aliases and not self.is_place(acronym):
                cluster.aliases.append(acronym)

    # -- mentions and coreference ---------------------------------------------------------------

    def resolve(self, hits: list[KindHit]) -> None:
        """Every mention, in text order: names, then what refers back to them sentence by sentence."""
        named = self.named_mentions()
        for cluster_id, start, end in named:
            self.add_ref(cluster_id, start, end)
        for cluster in self.clusters_:  # "le réseau d'entreprises" of "le réseau d'entreprises Mécaforge"
            for cand in cluster.names:
                if cand.kind_hit is not None:
                    self.add_ref(cluster.id, 0, 0, self.np_of(cand.kind_hit))
        descs: dict[int, list[KindHit]] = {}  # sentence -> its descriptions, in text order
        for start, hit in sorted({h.span.start: h for h in hits if not h.used and self.is_description(h)}.items()):
            descs.setdefault(self.sent_of[start], []).append(hit)
        for si, sent in enumerate(self.sents):
            for hit in descs.get(si, ()):
                self.resolve_description(hit)
            self.resolve_pronouns(si, sent)
            self.topics.append(self.topic_of(si))
        self.mark_owned_spans()
        self.resolve_first_person()

    def former_names(self) -> None:
        """ "Connu jusqu'en 2013 sous le nom de Chimiris, le pôle...": an alias of the clause's cluster."""
        if not any(hint in self.text for hint in FORMER_NAME_HINTS):
            return  # FORMER_NAME_AT is slow to search
        for m in FORMER_NAME_AT.finditer(self.text):
            span = self.span_of(m.start(1), m.end(1))
            cid = self.owner(span.root) if span is not None else None
            if cid is not None and m.group(1) not in self.clusters_[cid].all_names():
                self.clusters_[cid].aliases.append(m.group(1))
                self.add_ref(cid, m.start(1), m.end(1))

    def named_mentions(self) -> list[tuple[int, int, int]]:
        found = []
        for cluster in self.clusters_:
            for name in sorted(cluster.all_names(), key=len, reverse=True):
                for start, end in self.occurrences(name, exact=name.isupper() or len(name) <= 4):
                    if not any(s <= start < e for _, s, e in found):
                        found.append((cluster.id, start, end))
                        self.note_suffix_alias(cluster, end)
            self.add_short_alias(cluster, found)
        return sorted(found, key=lambda x: x[1])

    def occurrences(self, name: str, exact: bool = False, apostrophe: bool = False) -> list[tuple[int, int]]:
        """Where a name stands as whole words (any case unless `exact`; `apostrophe`: not "Marinov'")."""
        text, key = (self.text, name) if exact else (self.lower_text, name.lower())
        found, i = [], text.find(key)
        while i >= 0:
            end = i + len(key)
            before = text[i - 1] if i else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "-_" or apostrophe and after in "'’"):
                found.append((i, end))
            i = text.find(key, i + 1)
        return found

    def note_suffix_alias(self, cluster: Cluster, end: int) -> None:
        """ "H2 Ardèche Cluster" in a headline is another spelling of "H2 Ardèche"."""
        m = NAME_SUFFIX.match(self.text[end:end + 12])
        if m:
            alias = self.text[end - len(cluster.name):end] + m.group(0)
            if fold(alias) not in map(fold, cluster.all_names()) and alias.startswith(cluster.name):
                cluster.aliases.append(alias)

    def add_short_alias(self, cluster: Cluster, found: list) -> None:
        """ "Marinov" for "Marinov Atlantique": a first word that is no French word nor place."""
        words = cluster.name.split()
        first = words[0]
        if len(words) < 2 or len(first) < 4 or not first[0].isupper() or self.is_place(first):
            return
        lex = self.doc.vocab[first.lower()]
        if lex.has_vector or first.lower() in STOP_WORDS:
            return
        hits = [(s, e) for s, e in self.occurrences(first, exact=True, apostrophe=True)
                if not any(a <= s < b for _, a, b in found)]
        if hits:
            cluster.aliases.append(first)
            found += [(cluster.id, s, e) for s, e in hits]

    def add_ref(self, cluster_id: int, start: int, end: int, tokens: Optional[Span] = None,
                mention: bool = True) -> None:
        """Tokens that refer to a cluster; a mention (a name or a description, not a pronoun) is
        also kept as evidence."""
        words = (tokens.start, tokens.end) if tokens is not None else self.words_of(start, end)
        if words is None:
            return
        if mention:
            self.clusters_[cluster_id].spans.append(self.chars_of(*words))
        self.refer(cluster_id, *words)

    def refer(self, cluster_id: int, start: int, end: int) -> None:
        for i in range(start, end):
            self.refs.setdefault(i, set()).add(cluster_id)
            self.ref_sents.add(self.sent_of[i])
            self._refs_in.pop(self.sent_of[i], None)

    def add_pronoun(self, cluster_id: int, tok: Token) -> None:
        self.refer(cluster_id, tok.i, tok.i + 1)

    def is_description(self, hit: KindHit) -> bool:
        if hit.plural:
            return bool(hit.count) and hit.det in ("def", "dem")
        return hit.det in ("def", "dem")

    def resolve_description(self, hit: KindHit) -> None:
        """ "le cluster", "ce pôle", "les deux clusters": the most recent cluster of that kind."""
        if not self.talks_business():
            return  # "le pôle santé de l'avenue", "l'association des parents d'élèves"
        span = self.np_of(hit)
        if hit.plural:
            ids = self.groups[-1] if self.groups else self.recent(span.start_char)[:hit.count]
            for cid in ids:  # "aux deux clusters": no statement of what each one is
                self.add_ref(cid, 0, 0, span, mention=False)
            return
        cid = self.heading_cluster(hit) if self.first_in_paragraph(span) else None
        if cid is None:
            cid = self.subject_before(hit)
        if cid is None:
            cid = self.recent_of_kind(span.start_char, hit.kind)
        if cid is None:
            cid = self.name_before(hit)
        if cid is None:
            return
        self.add_ref(cid, 0, 0, span)
        if hit.kind not in self.cues["ref_only_kinds"] and hit.span.text.lower() not in self.cues["ref_only_kinds"]:
            self.clusters_[cid].add_kind(hit.kind)

    def np_of(self, hit: KindHit) -> Span:
        start = hit.det_token.i if hit.det_token is not None else hit.span.start
        return Span(self.doc, start, hit.span.end)

    def recent(self, before: int) -> list[int]:
        """Clusters by their last mention before a position, most recent first."""
        last = {}
        for cluster in self.clusters_:
            starts = [s for s, _ in cluster.spans if s < before]
            if starts:
                last[cluster.id] = max(starts)
        return sorted(last, key=last.get, reverse=True)

    def recent_of_kind(self, before: int, kind: Optional[str]) -> Optional[int]:
        ids = self.recent(before)
        same = [i for i in ids if kind in self.clusters_[i].kinds]
        return (same or ids or [None])[0]

    def first_in_paragraph(self, span: Span) -> bool:
        para = self.para_of_sent[self.sent_of[span.start]]
        return not any(self.para_of_sent[self.sent_of[i]] == para for i in self.refs if i < span.start)

    def heading_cluster(self, hit: KindHit) -> Optional[int]:
        """ "Métalys, Vierzon. Cette grappe d'entreprises..." : the name opening the paragraph."""
        si = self.sent_of[hit.span.start]
        para = self.para_of_sent[si]
        first = si
        while first > 0 and self.para_of_sent[first - 1] == para:
            first -= 1
        head = self.sents[first]
        if first == si or si - first > 2 or len(head) > 12 or any(t.pos_ == "VERB" for t in head):
            return None
        m = NAME_AT.match(self.text, head.start_char)
        if not m:
            return None
        name = self.trim_name(m.group(0))
        rest = self.text[head.start_char + len(name):head.end_char + 1]
        if not re.match(r"\s*[,.]", rest) or not self.valid_name(name) or self.common_word(name):
            return None
        return self.new_mention(name, head.start_char, hit.kind)

    def subject_before(self, hit: KindHit) -> Optional[int]:
        """ "Armor Mécatronique a une longue histoire. Le cluster naît en 2009...": a
        description opening a sentence names the unknown organisation the sentence before was about."""
        span = self.np_of(hit)
        sent = self.sents[self.sent_of[span.start]]
        si = self.sent_of[span.start]
        if span.start != sent.start or si == 0 or self.para_of_sent[si - 1] != self.para_of_sent[si]:
            return None
        m = self.previous_subject_name(sent)
        if m is None or self.cluster_named(m.group(0)) or not self.valid_name(m.group(0)) or self.common_word(m.group(0)):
            return None
        if any(same_name(o["name"], m.group(0)) and o.get("kind") not in ("other", "cluster", "association", None)
               for o in self.doc._.organisations or []):
            return None  # a firm, a town hall...
        return self.new_mention(m.group(0), m.start(), hit.kind)

    def new_mention(self, name: str, start: int, kind: Optional[str]) -> int:
        cluster = self.cluster_named(name)
        if cluster is None:
            cluster = Cluster(len(self.clusters_), [Candidate(name, start, start + len(name), kind)])
            self.clusters_.append(cluster)
            for start, end in self.occurrences(name, exact=True):
                self.add_ref(cluster.id, start, end)
        else:
            self.add_ref(cluster.id, start, start + len(name))
        return cluster.id

    def name_before(self, hit: KindHit) -> Optional[int]:
        """ "présidente de Textiloire ... du cluster", "Métalys cherche des alliés. Mardi, la
        technopole...": with no cluster named yet, the nearest organisation name before it."""
        si = self.sent_of[hit.span.start]
        lo = self.sents[max(si - 1, 0)].start_char
        names = []
        for org in self.doc._.organisations or []:
            if org.get("kind") in ("other", "cluster", "association", None):
                names += [(s, org["name"]) for s, e in org.get("spans") or [] if lo <= s < hit.span.start_char]
        for sent in self.sents[max(si - 1, 0):si + 1]:
            subj = self.subject_of(sent)
            if subj is not None and subj.pos_ == "PROPN" and lo <= subj.idx < hit.span.start_char:
                m = NAME_AT.match(self.text, subj.left_edge.idx)
                if m:
                    names.append((m.start(), self.trim_name(m.group(0), leading=True)))
        names = [(s, n) for s, n in names if self.valid_name(n) and not self.common_word(n)]
        if not names:
            return None
        start, name = max(names)
        return self.new_mention(name, start, hit.kind)

    # -- pronouns, possessives, ordinals --------------------------------------------------------

    def subject_of(self, sent: Span) -> Optional[Token]:
        """The subject of the main verb; when the parser rooted the sentence elsewhere (a fronted
        participle), the first subject of a verb."""
        if sent.start not in self._subjects:
            self._subjects[sent.start] = self.find_subject(sent)
        return self._subjects[sent.start]

    def find_subject(self, sent: Span) -> Optional[Token]:
        quoted = self.quoted
        subj = next((c for c in self.subjects_of.get(sent.root.i, ()) if c not in quoted), None)
        if subj is None:
            words = self.subject_words  # (the subjects of the sentence, in text order)
            inside = words[bisect.bisect_left(words, sent.start):bisect.bisect_left(words, sent.end)]
            subj = next((i for i in inside if i not in quoted
                         and self.pos[self.head_of[i]] in ("VERB", "AUX") and sent.start <= self.head_of[i] < sent.end), None)
        return self.toks[subj] if subj is not None else None

    @cached_property
    def remote_subjects(self) -> set[int]:
        """The sentences with a word whose subject lies in another sentence (the parser sometimes
        links across a paragraph break): the others hold the subject subject_of finds, if any."""
        sent_of, head_of = self.sent_of, self.head_of
        return {sent_of[head_of[w]] for w in self.subject_words if sent_of[head_of[w]] != sent_of[w]}

    def refs_in(self, tok: Token) -> AbstractSet[int]:
        """Clusters named in a noun phrase (its head, flat names, appositions, determiners)."""
        return self.refs_at(tok.i)

    def refs_at(self, i: int) -> AbstractSet[int]:
        """refs_in of word i, read once per word until its sentence gets a new reference."""
        si = self.sent_of[i]
        if si not in self.ref_sents:
            return NO_REFS  # the phrase lies in the word's sentence
        known = self._refs_in.get(si)
        if known is None:
            known = self._refs_in[si] = {}
        found = known.get(i)
        if found is None:
            found = known[i] = self.find_refs_in(i) or NO_REFS
        return found

    def find_refs_in(self, i: int) -> set[int]:
        found = set(self.refs.get(i, ()))
        si, units = self.sent_of[i], self.cues["member_units"]
        for c in self.phrase_kids(i):
            if self.sent_of[c] != si:
                continue  # the parser sometimes links across a paragraph break
            if self.dep[c] == "nmod" and not (self.lower[i] in units or self.lemmas[i] in units):
                continue
            found |= self.refs_at(c)
        return found

    def previous_topic(self, si: int) -> Optional[int]:
        """The topic of the sentence before, passing over the sentences of a quotation."""
        j = si - 1
        while j > 0 and j > si - 4 and self.is_quoted(self.sents[j]):
            j -= 1
        return self.topics[j] if j >= 0 else None

    def is_quoted(self, sent: Span) -> bool:
        return sum(i in self.quoted for i in range(sent.start, sent.end)) * 2 > len(sent)

    def resolve_pronouns(self, si: int, sent: Span) -> None:
        """ "Il/Elle" after a sentence about a cluster, "son président", "le premier", "ces entreprises"."""
        self.resolve_ordinal(sent)
        self.resolve_members(si, sent)
        pronouns = self.pronouns.get(si)
        if not pronouns:
            return
        # (most pronouns found are articles: with no subject pronoun nor possessive to resolve, only a
        # subject pronoun of another sentence could be)
        subject_pronoun = any(self.lower[i] in SUBJECT_PRONOUNS for i in pronouns)
        if not subject_pronoun and si not in self.remote_subjects and \
                not any(self.lower[i] in POSSESSIVES and i not in self.refs for i in pronouns):
            return
        subj = self.subject_of(sent)
        # (only a subject pronoun of the sentence can open it)
        pronoun = self.opening_pronoun(sent) if subject_pronoun else None
        if pronoun is not None and (subj is None or subj.i > pronoun.i or subj.pos_ != "PRON"):
            subj = pronoun  # "Elle pilote un démonstrateur", "Ensemble, elles représentent..."
        if subj is not None and subj.i not in self.refs and subj.lower_ in SUBJECT_PRONOUNS:
            self.resolve_subject_pronoun(si, subj)
        self.resolve_possessives(si, sent, subj, pronouns)

    def resolve_members(self, si: int, sent: Span) -> None:
        """ "Ces entreprises emploient 720 personnes" after a sentence about a cluster's members."""
        if si == 0 or self.topics[si - 1] is None:
            return
        subj = self.subject_of(sent)
        if subj is None or subj.i in self.refs:
            return
        det = next((c for c in self.kids(subj.i) if self.dep[c] == "det" and self.lower[c] in ("ces", "ses")), None)
        if det is not None and det not in self.refs and self.lemmas[subj.i] in self.cues["member_units"]:
            self.add_pronoun(self.topics[si - 1], self.toks[det])

    def resolve_subject_pronoun(self, si: int, subj: Token) -> None:
        """The cluster the sentence before was about, in the same paragraph (a plural one: its group)."""
        if si == 0 or self.para_of_sent[si - 1] != self.para_of_sent[si]:
            return
        group = self.subject_groups.get(si - 1, set())
        if SUBJECT_PRONOUNS[subj.lower_] == "plur" and len(group) > 1:
            targets = group
        else:
            targets = [self.topics[si - 1]] if self.topics[si - 1] is not None else []
        for cid in targets:
            self.add_pronoun(cid, subj)

    def resolve_possessives(self, si: int, sent: Span, subj: Optional[Token], pronouns: list[int]) -> None:
        """ "Son président" opening a sentence, or "résume sa directrice" after a quotation: the
        cluster of the sentence before; elsewhere, the subject's or the current topic's."""
        possessives = [i for i in pronouns if self.lower[i] in POSSESSIVES and i not in self.refs]
        if not possessives:
            return
        prev = self.topics[si - 1] if si > 0 else None
        topic = prev if subj is None or not self.is_actor(subj) else None
        own = self.refs_in(subj) if subj is not None else set()
        for i in possessives:
            tok = self.toks[i]
            inside = subj is not None and subj.left_edge.i <= tok.i <= subj.right_edge.i
            speaker = tok.i not in self.quoted and any(i in self.quoted for i in range(sent.start, tok.i))
            target = self.previous_topic(si) if inside or speaker else (min(own) if own else topic)
            if target is None:
                target = self.ref_just_before(tok)
            if target is not None:
                self.add_pronoun(target, tok)

    def opening_pronoun(self, sent: Span) -> Optional[Token]:
        """A subject pronoun opening the sentence or its main clause, before any verb (the tagger
        sometimes takes the verb for a noun: "Elle pilote...")."""
        for i in range(sent.start, sent.end):
            if self.finite_at(i) or self.verbal[i] == 1 and not self.participle_at(i):
                return None
            if self.lower[i] in SUBJECT_PRONOUNS and (i == sent.start or self.orth[i - 1] == ","):
                return self.toks[i]
        return None

    def ref_just_before(self, tok: Token) -> Optional[int]:
        """ "qui dirigeait le cluster depuis dix ans": the cluster named a few words before."""
        for i in range(tok.i - 1, max(self.sent_span(tok).start, tok.i - 6) - 1, -1):
            if self.refs.get(i):
                return min(self.refs[i])
            if self.pos[i] in ("PROPN",) or self.toks[i].ent_type_ in ("PER", "ORG"):
                return None
        return None

    def resolve_ordinal(self, sent: Span) -> None:
        """ "Le premier, fondé en 2004, regroupe..." after "X et Y ont signé"."""
        if len(sent) < 3 or self.lower[sent.start] not in ("le", "la") or self.lower[sent.start + 1] not in ORDINALS:
            return
        index = ORDINALS[self.lower[sent.start + 1]]
        group = next((g for g in reversed(self.groups) if self.clusters_[g[0]].spans
                      and min(s for s, _ in self.clusters_[g[0]].spans) < sent.start_char), None)
        if group and index < len(group) and (sent[2].text == "," or sent[2].pos_ in ("VERB", "AUX")):
            self.add_ref(group[index], 0, 0, sent[0:2])

    def is_actor(self, tok: Token) -> bool:
        """A subject that is someone else than a cluster: a person, a firm, a town..."""
        return self.is_actor_at(tok.i)

    def is_actor_at(self, i: int) -> bool:
        if self.refs_at(i):
            return False
        low, person_of = self.lower[i], self.person_of
        if any(c in person_of and self.dep[c] in ("appos", "flat:name") and self.is_person_at(c) for c in self.kids(i)):
            return True  # "Le préfet de la Creuse, Paul Martin, ..."
        if low in self.participles:
            return False  # "Créé en 2005, ...": a participle the tagger took for a name
        if self.pos[i] == "PROPN" or self.toks[i].ent_type_ in ("PER", "ORG", "LOC"):
            return True
        if low in self.cues["plural_kinds"] or low in ("ce", "celui", "celle", "lui", "on"):
            return True  # clusters in general, "ce dernier", "on"
        return self.lemmas[i].lower() in self.cues["actor_nouns"] or low in self.cues["actor_nouns"]

    def topic_of(self, si: int) -> Optional[int]:
        """The cluster a sentence is about: its subject's; else, when the subject is no one else,
        the cluster a possessive or pronoun of the sentence was resolved to."""
        if si not in self.ref_sents and si not in self.remote_subjects:
            return None  # no cluster named in the sentence, which holds its subject
        sent = self.sents[si]
        subj = self.subject_of(sent)
        if subj is None:
            subj = sent.root
        if si not in self.ref_sents and self.sent_of[subj.i] not in self.ref_sents:
            return None  # no cluster named in the subject's phrase nor in the sentence
        refs = self.refs_in(subj)
        if refs:
            self.subject_groups[si] = refs
            return min(refs, key=lambda c: self.first_ref_index(c, sent))
        if self.is_actor(subj):
            return None
        return self.only_cluster(sent)

    def first_ref_index(self, cluster_id: int, sent: Span) -> int:
        return next((i for i in range(sent.start, sent.end) if cluster_id in self.refs.get(i, ())), 10**9)

    def cluster_people(self) -> dict[int, list[dict]]:
        """Who runs or speaks for each cluster: role nouns next to its mentions ("son président,
        X"), then the roles upstream gave to people not placed that way."""
        if self._people is not None:
            return self._people
        found: dict[int, list[dict]] = {c.id: [] for c in self.clusters_}
        placed = set()
        for cluster in self.clusters_:
            for name, role in RoleReader(self, cluster).roles():
                if fold(name) not in placed:
                    placed.add(fold(name))
                    found[cluster.id].append({"name": name, "role": role})
        for person in self.people:
            for role in person.get("roles") or []:
                title = (role.get("title") or "").lower().split()
                if not title or title[0] not in self.cues["role_titles"]:
                    continue  # "cofondatrice" of a start-up the cluster hosts
                cluster = self.cluster_named(role.get("organisation") or "") if role.get("organisation") else None
                if cluster is not None and fold(person["name"]) not in placed:
                    placed.add(fold(person["name"]))
                    found[cluster.id].append({"name": person["name"], "role": role.get("title")})
        self._people = found
        return found

    def resolve_first_person(self) -> None:
        """ "nous", "notre budget" in the words of someone who speaks for the cluster."""
        speakers = {}
        for cid, people in self.cluster_people().items():
            for person in people:
                speakers[fold(person["name"])] = cid
        for quote in self.doc._.quotes or []:
            cid = speakers.get(fold(quote.get("speaker") or ""))
            words = self.words_of(quote.get("start", 0), quote.get("end", 0))
            if cid is None or words is None:
                continue
            for i in range(*words):
                if self.lower[i] in FIRST_PLURAL:
                    self.add_pronoun(cid, self.toks[i])
        self.interview_answers(set(speakers.values()))

    def interview_answers(self, spoken_for: set[int]) -> None:
        """A journalist writes no "nous": outside quotations, it is an interview's answers, given by
        someone who speaks for the article's one cluster."""
        if len(spoken_for) != 1 or len([c for c in self.clusters_ if c.spans]) != 1:
            return
        cid = next(iter(spoken_for))
        for i in self.having(self.lower_classes, FIRST_PERSON_WORD):
            if i not in self.quoted and i not in self.refs:
                self.add_pronoun(cid, self.toks[i])

    # -- appositions and relative clauses the parser may misattach ------------------------------

    def mark_owned_spans(self) -> None:
        """Tokens of "X, pôle ... né en 2005, devenu cluster en 2011 et qui regroupe ..." and of
        "Fondé en 2010 à Lorient, ce pôle ..." belong to X whatever the parser attached them to."""
        for cluster in self.clusters_:
            for start, end in list(cluster.spans):
                words = self.words_of(start, end)
                if words is not None:
                    self.own_following(cluster.id, *words)
        for sent in self.sents:
            self.own_fronted(sent)

    def own_fronted(self, sent: Span) -> None:
        """A participial phrase before the subject ("Fondé en 2010 à Lorient, ce pôle ...") is about
        the subject: the first cluster named right after a comma, before any finite verb."""
        subject = None
        end = self.finite.find(1, sent.start, sent.end)  # before the first finite verb
        if end < 0:
            end = sent.end
        if self.sent_of[sent.start] not in self.ref_sents:
            end = sent.start  # the sentence names no cluster
        for i in range(sent.start, end):
            prev = i - 1 if i > sent.start else None
            if prev is not None and self.pos[prev] == "DET" and prev > sent.start:
                prev -= 1
            if self.refs.get(i) and prev is not None and self.orth[prev] in (",", ":"):
                subject = i
                break
        if subject is None:
            self.members_of_fronted(sent)
            return
        start = next((i for i in range(sent.start, subject) if self.participle_at(i)), None)
        if start is None:
            return
        for i in range(start, subject):
            self.owned.setdefault(i, min(self.refs[subject]))

    def own_following(self, cid: int, start: int, end: int) -> None:
        """What follows a mention (words start..end-1) in brackets, an apposition or a relative clause."""
        orth, lower, n = self.orth, self.lower, len(self.orth)
        sent = self.sents[self.sent_of[start]]
        i = end
        if i < sent.end and orth[i] == "(":  # "(ABE)", "(créé en 2012 ; 40 membres)"
            opening = i
            while i < n and i - opening < 60 and orth[i] != ")":
                i += 1  # the tagger may cut a sentence at a ";" inside the brackets
            if i < n and orth[i] == ")" and i - opening > 2:  # everything in brackets after the name is apposition, whatever separates it
                for j in range(opening + 1, i):
                    self.owned.setdefault(j, cid)
                    self.bracketed.add(j)
            i += 1
            sent = self.sents[self.sent_of[min(i, n - 1)]]
        if i >= sent.end - 1 or orth[i] not in (",", "-", "–", "—"):
            return
        nxt = i + 1
        if lower[nxt] in ("lui", "elle", "eux", "elles") and i + 2 < sent.end and orth[i + 2] == ",":
            self.add_pronoun(cid, self.toks[nxt])  # "Mécaforge, lui, regroupe..."
            return
        relative = lower[nxt] in ("qui", "dont", "que", "qu'", "qu’") or self.participle_at(nxt)
        apposition = lower[nxt] in DETERMINERS or (nxt + 1 < sent.end and self.is_kind_token(self.toks[nxt]))
        if not (relative or apposition):
            return
        j = i + 1
        while j < sent.end:
            if orth[j] in (",", "-", "–", "—", ";", ":") and j + 1 < sent.end:
                after = j + 1
                if relative and orth[j] != "-":
                    break
                if self.finite_at(after) or self.pos[after] in ("PROPN",) or lower[after] in DETERMINERS and lower[after] not in ("dont",):
                    break
            if orth[j] in (";", ":"):
                break
            self.owned.setdefault(j, cid)
            j += 1

    def members_of_fronted(self, sent: Span) -> None:
        """ "Associés depuis 2001 au sein du SPL X, ils étaient 40 ateliers ; ils ne sont plus que 31":
        the plural subjects a participial phrase places in a cluster are its members."""
        if not len(sent) or not self.participle_at(sent.start):
            return
        comma = next((i for i in range(sent.start, sent.end) if self.orth[i] == "," or self.finite_at(i)), None)
        ids = {c for i in range(sent.start, comma or sent.start) for c in self.refs.get(i, ())}
        if comma is None or len(ids) != 1:
            return
        for i in range(comma, sent.end):
            if self.lower[i] in ("ils", "elles") and self.dep[i] in SUBJECTS:
                self.add_pronoun(next(iter(ids)), self.toks[i])

    def lemma(self, tok: Token) -> str:
        """The verb of a participle even when tagged as a proper noun; else the lemma."""
        return self.lemma_at(tok.i)

    def lemma_at(self, i: int) -> str:
        return self.participles.get(self.lower[i]) or self.lemmas[i].lower()

    def is_participle(self, tok: Token) -> bool:
        return self.participle_at(tok.i)

    def participle_at(self, i: int) -> bool:
        return self.verb_forms[i] == PARTICIPLE or self.known_participle[i] == 1

    def is_verbal(self, tok: Token) -> bool:
        return self.verbal[tok.i] == 1

    def is_kind_token(self, tok: Token) -> bool:
        return self.lower[tok.i] in self.cues["kinds"] or self.lemmas[tok.i] in self.cues["kinds"]

    def is_finite(self, tok: Token) -> bool:
        return self.finite_at(tok.i)

    def finite_at(self, i: int) -> bool:
        return self.finite[i] == 1

    def _verb_forms(self) -> None:
        """Per word, read once from the arrays: its VerbForm, whether it is a verb (or a cue verb's
        form the tagger took for a noun) and whether it is a known participle."""
        self.verb_forms = ((self.morph_classes >> VERB_FORM_SHIFT) & 3).astype("uint8").tobytes()  # bytes: fast to index
        pos = self.array[:, COLUMN[POS]]
        verbal = (pos == symbols.VERB) | (pos == symbols.AUX) | ((self.lower_classes & PARTICIPLE_WORD) != 0)
        self.verbal = verbal.tobytes()  # (bools as bytes: 1 or 0)
        self.known_participle = ((self.lower_classes & KNOWN_PARTICIPLE_WORD) != 0).tobytes()
        forms = numpy.frombuffer(self.verb_forms, dtype="uint8")
        # 1 for a finite verb; bytes.find(1, start, end) finds the first one of a stretch
        self.finite = ((forms == FINITE) & verbal).tobytes()

    # -- lists ----------------------------------------------------------------------------------

    def list_items(self, i: int, end: int, stop_at_places: bool = False, bare: bool = False) -> list[list[int]]:
        """The items of "A, B et C" from token i (as word indices): a list goes on after a comma only
        with a new noun phrase ("..., la Région X"; any noun when `bare`), and ends at a clause, a
        number or a mark."""
        orth = self.orth
        items, current, after_comma = [], [], False
        while i < end:
            if orth[i] == "(":  # "Vierzon Agglomération (VAG)"
                i = next((j for j in range(i, min(end, i + 10)) if orth[j] == ")"), end) + 1
                continue
            if self.ends_list(i, end, stop_at_places):
                if after_comma and self.is_clause(i, end):
                    current = []  # "..., l'association a été labellisée": the list ended at the comma
                break
            if (orth[i] == "," or self.lower[i] in ("et", "ou")) and not self.inside_name(i):
                if current:
                    items.append(current)
                elif after_comma and items and not self.is_named(items[-1]):
                    items.pop()  # "la VAG, la communauté d'agglomération de ..., et la Région": an apposition
                current, after_comma = [], orth[i] == ","
                if orth[i] == "," and not self.goes_on(i + 1 if i + 1 < end else None, bare):
                    break
            else:
                current.append(i)  # ("et" inside a name: "communauté de communes Vallée et Plateau")
            i += 1
        return items + [current] if current else items

    def ends_list(self, i: int, end: int, stop_at_places: bool) -> bool:
        text = self.orth[i]
        dash = text in ("-", "–", "—") and (self.spaced(i) or self.spaced(i - 1))
        if text in (".", ";", ":", ")", "«", "»") or dash or self.toks[i].like_num or (stop_at_places and i in self.place_tokens):
            return True
        return self.lower[i] in LIST_STOPS or (i in self.refs and self.pos[i] != "DET") or self.is_clause(i, end)

    def is_clause(self, i: int, end: int) -> bool:
        """A verb: "réunit" even tagged as a noun, "installée à"; a "noun" or "adjective" right before
        a possessive determiner, which no noun phrase has there: a verb the tagger took for its
        homograph ("... de la maroquinerie fête ses vingt ans", "... du caoutchouc double son budget")."""
        return self.conjugated_at(i) or (self.pos[i] == "VERB" and i + 1 < end and self.pos[i + 1] == "ADP") or (
            self.pos[i] in ("NOUN", "ADJ") and i + 1 < end and self.pos[i + 1] == "DET" and self.lower[i + 1] in POSSESSIVES)

    def goes_on(self, nxt: Optional[int], bare: bool) -> bool:
        if nxt is None:
            return False
        pos = self.pos[nxt]
        return (pos in ("DET", "PROPN") or self.orth[nxt][:1].isupper() or self.lower[nxt] in LIST_CONTINUE
                or bare and pos == "NOUN")

    def is_place_token(self, tok: Token) -> bool:
        return tok.i in self.place_tokens

    def inside_name(self, i: int) -> bool:
        """A conjunction inside an organisation's name, as upstream found it, between capitalised words
        ("communauté de communes Vallée et Plateau")."""
        if i + 1 >= len(self.orth) or not self.orth[i + 1][:1].isupper():
            return False
        idx = self.toks[i].idx
        return any(s < idx < e for org in self.doc._.organisations or [] for s, e in org.get("spans") or [])

    def is_named(self, words: list[int]) -> bool:
        noun = next((w for w in words if self.pos[w] not in ("DET", "ADP")), None)
        return noun is not None and self.orth[noun][:1].isupper()

    # -- which cluster a token's clause is about ------------------------------------------------

    def owner(self, tok: Token) -> Optional[int]:
        """The cluster a token's clause is about (once every mention is resolved)."""
        return self.owner_at(tok.i)

    def owner_at(self, i: int) -> Optional[int]:
        owners = self._owners
        if i not in owners:
            owners[i] = self.walk_to_owner(i)
        return owners[i]

    # The walk reads words as token indices.

    def walk_to_owner(self, start: int) -> Optional[int]:
        """Walk up the parse from a token: the first cluster met as the subject, a possessive or an
        apposition owns it; a subject that is someone else (a person, a firm, a town) stops the walk;
        when the parse gives no answer, the surface of the sentence does."""
        if start in self.owned:
            return self.owned[start]
        sent, i = self.sents[self.sent_of[start]], start
        inner = self.phrase_refs(start)
        if inner:
            return min(inner)  # "35 % de notre budget", "50 millions d'euros de contrats pour ses adhérents"
        seen = set()
        while i not in seen:
            seen.add(i)
            decided, owner, nxt = self.step(i, start, sent)
            if decided:
                return owner
            if nxt is None:
                break
            i = nxt
        if self.is_finite_sentence(sent):
            found = self.surface_subject(sent, start)
            return found if found is not None else self.colon_list(sent, start)
        return self.sentence_fallback(i, start)

    def step(self, i: int, start: int, sent: Span) -> tuple[bool, Optional[int], Optional[int]]:
        """One step of the walk: (decided, owner, the next word to look at)."""
        if i in self.owned:
            return True, self.owned[i], None
        refs = self.refs_at(i)
        within = self.grouped_within(i) if self.verbal[i] == 1 else None
        if refs or within is not None:
            return True, min(refs) if refs else within, None
        dep, head = self.dep[i], self.head_of[i]
        if dep == "acl:relcl" and "dont" in self.lower[self.toks[i].left_edge.i:i]:
            return False, None, head  # "600 000 euros, dont un tiers est versé par...": the antecedent's
        subjects = self.subjects_of.get(i, ())
        if subjects:
            decided, owner, nxt = self.subject_owner(i, subjects, start)
            if decided or nxt is not None:
                return decided, owner, nxt
        if dep == "conj" and self.pos[head] in ("VERB", "AUX") and self.pos[i] == "VERB":
            return False, None, head
        if head == i or not sent.start <= head < sent.end:
            return False, None, None
        if self.is_person_at(head) and dep in ("appos", "acl", "nmod", "acl:relcl"):
            return True, None, None  # "Luc Girard, fondateur de la société X": about the person
        return False, None, head

    def subject_owner(self, verb: int, subjects: list[int], start: int) -> tuple[bool, Optional[int], Optional[int]]:
        """What a clause's subject says of its owner: a cluster, a relative pronoun to follow, a
        project of the cluster told of before, or someone else."""
        first = subjects[0]
        if self.is_relative(first):
            antecedent = self.antecedent(self.toks[first]).i
            if self.is_person_at(antecedent):
                return True, None, None  # "Anne Roux, qui dirige l'entreprise X"
            return False, None, antecedent
        refs = self.refs_at(first) if len(subjects) == 1 else set().union(*(self.refs_at(s) for s in subjects))
        if refs:
            return True, min(refs), None
        if self.is_project_at(first):
            self.indirect.add(start)
            return True, self.recent_topic_at(first), None
        pos, actor = self.pos[first], self.is_actor_at(first)
        if pos == "NOUN" and not actor:
            subj = self.toks[first]
            if subj.left_edge.i <= start <= subj.right_edge.i:
                self.indirect.add(start)
                return True, self.continued_topic(subj), None  # "Plus de deux cents projets seront labellisés..."
        if actor or pos == "PRON" or (pos == "NOUN" and self.verbal[verb] == 1):
            return True, None, None  # someone or something else does it
        return False, None, None

    def grouped_within(self, verb: int) -> Optional[int]:
        """ "Une trentaine d'entre elles ont rejoint en 2012 la grappe X": X."""
        if self.lemma_at(verb) not in self.cues["grouping_verbs"]:
            return None
        end = self.sents[self.sent_of[verb]].end
        for i in range(verb + 1, min(end, verb + 12)):
            if self.lower[i] == "sein":
                ids = {c for u in range(i + 1, min(end, i + 8)) for c in self.refs.get(u, ())}
                return min(ids) if ids else None
        return None

    def refs_in_phrase(self, tok: Token) -> set[int]:
        """Clusters a possessive or a complement names inside a word's own noun phrase."""
        return self.phrase_refs(tok.i)

    def phrase_refs(self, i: int) -> set[int]:
        found = set()
        for c in self.phrase_kids(i):
            dep = self.dep[c]
            if dep in ("nmod", "det") and self.sent_of[c] == self.sent_of[i]:
                found |= set(self.refs.get(c, ())) if dep == "det" else self.phrase_refs(c)
                if dep == "nmod":
                    found |= {r for g in self.phrase_kids(c) if self.dep[g] == "det" for r in self.refs.get(g, ())}
        return found

    def is_finite_sentence(self, sent: Span) -> bool:
        if sent.start not in self._finite_sentences:  # asked at every walk that the parse leaves undecided
            verbs = self.cues["membership_verbs"]
            self._finite_sentences[sent.start] = self.finite.find(1, sent.start, sent.end) >= 0 or any(
                self.lemma_at(i) in verbs for i in range(sent.start, sent.end))
        return self._finite_sentences[sent.start]

    def surface_subject(self, sent: Span, start: int) -> Optional[int]:
        """When the parse gives no answer: the cluster named before the first verb, not after a
        preposition, owns what follows that verb ("la technopole X, installée à Y, accueille ...")."""
        for i in range(sent.start, sent.end):
            if i >= start or self.conjugated_at(i):
                return None
            ids = self.refs.get(i)
            if ids and not self.after_preposition(self.toks[i]):
                verb = next((u for u in range(i, sent.end) if self.conjugated_at(u)), None)
                return min(ids) if verb is not None and verb < start else None
        return None

    def conjugated_at(self, i: int) -> bool:
        """A finite verb, or a cue verb's finite form the tagger took for something else."""
        return self.finite_at(i) or (self.lower[i] in self.participles and not self.participle_at(i))

    def after_preposition(self, tok: Token) -> bool:
        i = tok.i - 1
        while i >= 0 and self.pos[i] in ("DET", "ADJ") or (i >= 0 and i in self.refs and self.refs[i] == self.refs.get(tok.i)):
            i -= 1
        return i >= 0 and self.pos[i] == "ADP"

    def is_person_token(self, tok: Token) -> bool:
        """A word of a person's name (upstream people, not the raw model entities)."""
        return self.is_person_at(tok.i)

    def is_person_at(self, i: int) -> bool:
        return i not in self.refs and i in self.person_of

    def _person_index(self) -> dict[int, str]:
        """Token index -> the name of the person it names."""
        index = {}
        for person in self.people:
            for start, end in person.get("spans") or []:
                words = self.words_of(start, end)
                if words is not None:
                    index.update((i, person["name"]) for i in range(*words))
        return index

    def antecedent(self, pron: Token) -> Token:
        """What "qui"/"dont" stands for: the head of its clause, else the nearest noun before it."""
        verb = self.head_of[pron.i]
        if self.dep[verb] == "acl:relcl":
            return self.toks[self.head_of[verb]]
        for i in range(pron.i - 1, max(self.sent_span(pron).start, pron.i - 12) - 1, -1):
            if self.pos[i] in ("NOUN", "PROPN") or i in self.refs:
                return self.toks[i]
        return self.toks[verb]

    def is_project_at(self, i: int) -> bool:
        """ "L'enveloppe", "Le programme", "Coût du projet": a project told of just before."""
        lemma = self.lemmas[i].lower()
        if lemma in self.cues["cost_nouns"]:  # "Coût du projet : ...", not "le coût de l'énergie"
            return any(self.dep[c] == "nmod" and self.is_project_at(c) for c in self.kids(i))
        if lemma not in self.cues["project_nouns"]:
            return False
        det = next((c for c in self.kids(i) if self.dep[c] == "det"), None)
        return det is None or self.lower[det] in ("le", "la", "l'", "l’")

    def recent_topic_at(self, i: int, within: int = 4) -> Optional[int]:
        """The cluster the last sentences were about; in an article about one cluster, that one."""
        si = self.sent_of[i]
        for j in range(si - 1, max(-1, si - 1 - within), -1):
            if j < len(self.topics) and self.topics[j] is not None:
                return self.topics[j]
        told = [c for c in self.clusters_ if c.spans]
        return told[0].id if len(told) == 1 else None

    def continued_topic(self, subj: Token) -> Optional[int]:
        """A sentence whose subject is a mere thing goes on telling of the sentence before's cluster."""
        si = self.sent_of[subj.i]
        if si == 0 or self.para_of_sent[si - 1] != self.para_of_sent[si] or si - 1 >= len(self.topics):
            return None
        return self.topics[si - 1]

    def sentence_fallback(self, last: int, start: int) -> Optional[int]:
        """A verbless line ("Mécalis : 40 entreprises, 2 100 salariés.") is about its one cluster;
        "Coût du projet : 1,2 M€" about the cluster of the project."""
        sent = self.sents[self.sent_of[last]]
        root = sent.root.i
        if self.is_project_at(root):
            self.indirect.add(start)
            return self.recent_topic_at(root)
        if "VERB" in self.pos[sent.start:sent.end]:
            return None
        return self.only_cluster(sent)

    def only_cluster(self, sent: Span) -> Optional[int]:
        if self.sent_of[sent.start] not in self.ref_sents:
            return None
        ids = {c for i in range(sent.start, sent.end) for c in self.refs.get(i, ())}
        return ids.pop() if len(ids) == 1 else None

    def is_relative(self, i: int) -> bool:
        """A relative pronoun ("qui", "dont"), from its morphology (each analysis read once)."""
        morph, known = int(self.array[i, COLUMN[MORPH]]), self.finder._relative
        if morph not in known:
            known[morph] = "Rel" in self.toks[i].morph.get("PronType")
        return known[morph]

    def colon_list(self, sent: Span, start: int) -> Optional[int]:
        """ "... directeur du cluster, énumérer : 90 adhérents, 4 000 emplois": a list
        with no verb after a colon, in a sentence about one cluster."""
        colon = next((i for i in range(sent.start, min(sent.end, start)) if self.orth[i] == ":"), None)
        if colon is None or any(self.verbal[colon + 1:sent.end]):
            return None
        return self.only_cluster(sent)


# ---------------------------------------------------------------------------------------------
# Slots


def governing_verb(scan, span: Span) -> Optional[Token]:
    """The verb a phrase depends on (a tagger's noun "compte" counts as the verb it is); the verb
    right before the phrase when the parser attached it elsewhere ("et compte aujourd'hui 150 adhérents")."""
    i = span.start - 1
    while i >= 0 and scan.pos[i] in ("ADV", "ADP", "DET") and i >= span.start - 3:
        i -= 1
    if i >= 0 and scan.verbal[i] == 1 and not scan.participle_at(i):
        return scan.toks[i]
    i, inside = span.root.i, range(span.start, span.end)
    for _ in range(6):
        if scan.verbal[i] == 1 and i not in inside:
            return scan.toks[i]
        copula = next((c for c in scan.kids(i) if scan.dep[c] == "cop"), None)
        if copula is not None and i not in inside:
            return scan.toks[copula]  # "ils ne sont plus que 31"
        if scan.head_of[i] == i:
            return None
        i = scan.head_of[i]
    return None


class Readings:
    """What each word says whatever the cluster (creations, labels, lists of trades, backers),
    read once per document; `Slots` keep those whose clause is about their cluster."""

    def __init__(self, scan: "Scan"):
        self.scan = scan
        self.doc, self.cues, self.text = scan.doc, scan.cues, scan.text
        self.refs, self.participles = scan.refs, scan.participles
        self.lemma, self.sent_span, self.sent_of, self.sents = scan.lemma, scan.sent_span, scan.sent_of, scan.sents
        self.para_of_sent, self.is_finite, self.is_verbal = scan.para_of_sent, scan.is_finite, scan.is_verbal
        self.lower, self.lemmas, self.pos, self.dep, self.orth = scan.lower, scan.lemmas, scan.pos, scan.dep, scan.orth
        self.events, self.sector_cues, self.support_cues, self.role_verbs = [], [], [], []
        self._colon_lists: Optional[list[tuple[int, int, Token]]] = None
        support_words = self.cues["support_verbs"] | self.cues["support_nouns"]
        role_verbs = self.cues["role_verbs"]
        for i in scan.cue_positions():  # (words as token indices; a Token is built for those kept)
            lemma = scan.lemma_at(i)
            role = role_verbs.get(self.lemmas[i]) and self.pos[i] == "VERB"
            kind = self.event(i, lemma)
            # (the cluster acted on is read with the references known now; the year and kind told,
            # which read the words alone, when a cluster's history asks for them)
            patient = self.patient(i) if kind else None
            start = self.sector_start(i)
            if not (role or kind or start is not None or lemma in support_words):
                continue
            tok = scan.toks[i]
            if role:
                self.role_verbs.append(tok)
            if kind:
                self.events.append((tok, kind, patient))
            if start is not None:
                self.sector_cues.append((tok, start))
            if lemma in support_words:
                self.support_cues.append(tok)

    def event(self, i: int, lemma: str) -> Optional[str]:
        """What a word tells of the cluster's life: its creation, a label, a new status."""
        pos = self.pos[i]
        verbal = pos in ("VERB", "AUX") or self.lower[i] in self.participles
        if pos == "NOUN" and lemma in self.cues["founding_nouns"]:
            return "found"
        if not verbal or lemma not in self.scan.finder.event_verbs:
            return None
        objects = [c for c in self.scan.kids(i) if self.dep[c] == "obj"]
        has_object = any(c not in self.refs for c in objects)
        idx = self.scan.idx[i]
        if lemma in self.cues["founding_verbs"] and not has_object and lemma != "exister":
            return "found"
        if lemma == "voir" and FOUNDING_PHRASE.match(self.text, idx):
            return "found"  # "L'association voit le jour en 2012"
        if lemma in self.cues["label_verbs"] and (not has_object or self.patient(i) is not None):
            return "label"
        if lemma in self.cues["obtain_verbs"] and any(self.lemmas[o] in self.cues["label_nouns"] for o in objects):
            return "label"  # "elle obtient le label « grappe d'entreprises »"
        if lemma in self.cues["become_verbs"] and self.kind_in_frame(i):
            return "become"
        if lemma in self.cues["grouping_verbs"] and WITHIN.search(self.text, idx, idx + 60):
            return "found"
        if lemma in self.cues["since_verbs"] and self.year_after(i, since=True):
            return "since"
        return None

    # Words are token indices below, but for kind_at.

    def patient(self, verb: int) -> Optional[int]:
        """The cluster a verb acts on: "la Région la reconnaît comme cluster", "labellise le pôle"."""
        for obj in (c for c in self.scan.kids(verb) if self.dep[c] == "obj"):
            if obj in self.refs:
                return min(self.refs[obj])
            if self.lower[obj] in ("le", "la", "l'", "l’") and obj < verb:  # a clitic: "la Région la reconnaît"
                si = self.sent_of[obj]
                return self.scan.topics[si] if self.scan.topics[si] is not None else self.scan.recent_topic_at(obj)
        return None

    def kind_in_frame(self, verb: int) -> Optional[str]:
        """The kind a verb states: "labellisé pôle de compétitivité", "sous la forme d'une grappe"."""
        sent_end = self.sents[self.sent_of[verb]].end
        for i in range(verb + 1, min(sent_end, verb + 10)):
            if self.orth[i] in (",", ";", ".") or (self.pos[i] == "VERB" and i > verb + 1):
                break
            kind = self.kind_at(self.scan.toks[i])
            if kind:
                return kind
        return None

    def kind_at(self, tok: Token) -> Optional[str]:
        """The kind a word starts ("grappe d'entreprises", "pôle de compétitivité", "cluster")."""
        if self.lower[tok.i][:3] not in self.scan.finder.kind_starts:
            return None
        rest = fold(self.text[tok.idx:tok.idx + 40].replace("«", " ")).strip()
        m = self.scan.finder.kind_at.match(rest)
        if m is None:
            return None
        phrase = m.group(0)
        if phrase in self.cues["kind_complement"] and rest[len(phrase):].strip().startswith(("de ", "d'")):
            return None  # "pôle d'excellence", "grappe de raisin"
        return self.scan.finder.kind_of_phrase[phrase]

    def year_after(self, verb: int, since: bool = False) -> Optional[int]:
        """ "créé en 2001", "labellisé pôle de compétitivité en 2016", "fédère depuis 1998"."""
        end, idx = self.sents[self.sent_of[verb]].end_char, self.scan.idx[verb]
        window = self.text[idx + len(self.orth[verb]):min(end, idx + 70)]
        window = CLAUSE_END.split(window)[0]
        m = (YEAR_SINCE if since else YEAR_AFTER).search(window)
        return int(m.group(1)) if m else None

    def year_of(self, verb: int) -> Optional[int]:
        """A year in the words after the verb, in its clause, else one opening the sentence or the one before."""
        year = self.year_after(verb)
        if year:
            return year
        for i in self.clause_tokens(verb):
            if YEAR.match(self.orth[i]):
                return int(self.orth[i])
        sent = self.sents[self.sent_of[verb]]
        for s in (sent, self.previous_sentence(sent)):
            if s is None:
                continue
            m = OPENING_YEAR.match(self.text[s.start_char:s.start_char + 30])
            if m:
                return int(m.group(1))
        return None

    def clause_tokens(self, verb: int) -> list[int]:
        out = []
        for child in self.scan.kids(verb):
            if self.dep[child] in CLAUSE_DEPS or (self.pos[child] == "VERB" and self.dep[child] != "aux"):
                continue
            out += [i for i in self.scan.subtree(child)
                    if self.nearest_verb(i) in (verb, None) or self.scan.head_of[i] == child]
        return out

    def nearest_verb(self, i: int) -> Optional[int]:
        head_of = self.scan.head_of
        t = head_of[i]
        for _ in range(8):
            if self.pos[t] in ("VERB", "AUX"):
                return t
            if head_of[t] == t:
                return None
            t = head_of[t]
        return None

    def previous_sentence(self, sent: Span) -> Optional[Span]:
        si = self.sent_of[sent.start]
        if si == 0 or self.para_of_sent[si - 1] != self.para_of_sent[si]:
            return None
        return self.sents[si - 1]

    def sector_start(self, at: int) -> Optional[int]:
        """The index where a list of trades opens after this word, if it opens one."""
        low, lemma, n = self.lower[at], self.lemmas[at], len(self.lower)
        if low not in self.scan.finder.sector_forms and lemma not in self.scan.finder.sector_lemmas:
            return None  # none of the tests below can hold
        kind_word = low in KIND_LAST_WORDS and at in self.refs
        member = self.pos[at] == "NOUN" and (lemma in self.cues["sector_nouns"] or low in self.cues["sector_nouns"])
        cue = self.cues["sector_cues"].get(low) or self.cues["sector_cues"].get(lemma)
        production = lemma in self.cues["production_nouns"]
        if lemma in self.cues["domain_nouns"]:
            return self.after_colon(at)
        if not (kind_word or member or cue or production):
            return None
        i = at + 1
        while i < n and self.pos[i] == "ADJ" and self.orth[i].islower() and not cue:
            i += 1  # "pôle de compétitivité breton de ...", "production mondiale de ..."
        if i >= n:
            return None
        word = self.lower[i]
        if cue:
            return i + 1 if word in cue else None
        following = self.lower[i + 1] if i + 1 < n else ""  # (the text may end on "de")
        if word in ("de", "du", "des", "d'", "d’") and not (kind_word and following in ("compétitivité", "entreprises")):
            return i
        if word == "," and i + 2 < n and self.pos[i + 1] == "ADV" and self.lower[i + 2] == "dans":
            i, word = i + 2, "dans"  # "5 000 salariés, notamment dans la mécanique"
        if word == "dans" and member:  # "420 membres dans la chimie", not "aider 20 entreprises dans leur..."
            verb = governing_verb(self.scan, self.doc[at:at + 1])
            lemma = self.lemma(verb) if verb is not None else None
            if lemma in self.cues["membership_verbs"] or lemma in self.cues["employee_verbs"]:
                return i + 1
        return None



    def after_colon(self, word: int) -> Optional[int]:
        """ "Ses domaines de prédilection : la photonique, ...": the list after the colon."""
        end = self.sents[self.sent_of[word]].end
        for i in range(word + 1, min(end, word + 5)):
            if self.orth[i] == ":":
                return i + 1
            if self.pos[i] not in ("ADJ", "ADP", "NOUN", "DET"):
                return None
        return None

    def colon_lists(self) -> list[tuple[int, int, Token]]:
        """ "Forge, fonderie, usinage de précision : ses membres fournissent...": a verbless list
        opening a sentence, then a colon and the clause it describes (start, end, its subject);
        read once (the same for every cluster)."""
        if self._colon_lists is None:
            self._colon_lists = []
            for si in sorted({self.sent_of[i] for i in self.scan.positions(ORTH, [":"])}):
                sent = self.sents[si]
                colon = self.orth.index(":", sent.start, sent.end)
                if colon - sent.start > 14 or "," not in self.orth[sent.start:colon] or any(self.scan.verbal[sent.start:colon]):
                    continue
                subj = next((i for i in range(colon + 1, sent.end) if self.dep[i] in SUBJECTS), None)
                if subj is not None:
                    self._colon_lists.append((sent.start, colon, self.scan.toks[subj]))
        return self._colon_lists


class Slots:
    """The record of one cluster, read from the clauses the scan says are about it."""

    def __init__(self, scan: Scan, cluster: Cluster):
        self.scan = scan
        self.cues = scan.cues
        self.doc = scan.doc
        self.cluster = cluster
        self.id = cluster.id
        self.scene_sentences: set[int] = set()  # where the places that set its scene are told

    def known_area(self) -> bool:
        """Whether a valley-type name of the cluster is a place or area the gazetteer knows."""
        if gazetteer is None:
            return False
        return any(c.valley and gazetteer.lookup(c.name) for c in self.cluster.names)

    def as_dict(self) -> Optional[dict]:
        members, employees, figures = self.figures()
        places = self.places()
        regions = self.regions(places)
        history, founded = self.history()
        for entry in history:
            self.cluster.add_kind(entry["kind"])
        if not self.cluster.kinds and any(c.valley for c in self.cluster.names):
            if self.known_area():
                return None  # a valley the gazetteer knows is a place, unless a kind word or predicate says otherwise
            self.cluster.add_kind(ClusterKind.CLUSTER.value)  # a brand valley told of as nothing else
        return {
            "name": self.cluster.name,
            "aliases": [a for a in self.cluster.all_names() if a != self.cluster.name],
            "kinds": [k for k in self.cluster.kinds if k in KINDS],
            "founded": founded,
            "history": history,
            "places": [p["name"] for p in places],
            "regions": regions,
            "sectors": self.sectors(),
            "members": members,
            "employees": employees,
            "supporters": self.supporters(regions),
            "people": self.people(),
            "figures": figures,
            "spans": [list(s) for s in sorted(set(self.cluster.spans))],
        }

    def owns(self, tok: Token) -> bool:
        return self.scan.owner(tok) == self.id

    def owns_directly(self, tok: Token) -> bool:
        """Owned through the clause itself, not through a project or the sentence before."""
        return self.owns(tok) and tok.i not in self.scan.indirect

    # -- figures --------------------------------------------------------------------------------

    def figures(self) -> tuple[Optional[dict], Optional[dict], list[dict]]:
        members = employees = None
        others = []
        for fig, span in self.owned_figures():
            role = self.figure_role(fig, span)
            if role == "members" and members is None:
                members = dict(fig)
            elif role == "employees" and employees is None:
                employees = dict(fig)
            elif not any(self.same_figure(fig, f) for f in others) and not self.restates(fig, members, employees):
                others.append(dict(fig))
        return members, employees, others

    def owned_figures(self) -> Iterable[tuple[dict, Span]]:
        """Upstream figures at one of their places in a clause about the cluster (that place's offsets)."""
        seen = set()
        for n, fig, span, owner in self.scan.figure_places():
            if n not in seen and owner == self.id:
                seen.add(n)
                yield fig, span

    def restates(self, fig: dict, *counts: Optional[dict]) -> bool:
        """ "nos 140 membres" after "qui réunit 140 équipementiers": the same count again."""
        unit = (fig.get("unit") or "").lower().split()
        counted = unit and (unit[0].rstrip("s") in self.cues["member_units"] or unit[0].rstrip("s") in self.cues["employee_units"])
        return any(c and c.get("value") == fig.get("value") and (counted or self.same_figure(fig, c)) for c in counts)

    @staticmethod
    def same_figure(a: dict, b: dict) -> bool:
        return a.get("value") == b.get("value") and fold(a.get("unit") or "") == fold(b.get("unit") or "")

    def figure_role(self, fig: dict, span: Span) -> Optional[str]:
        """Members or employees when a verb of grouping or employing counts them; else a figure."""
        root = span.root.i
        if root in self.scan.indirect and root not in self.scan.bracketed or self.is_subcount(span) or self.has_origin_cue(span) or self.is_change(span):
            return None
        unit = self.unit_lemma(fig, span)
        verb = governing_verb(self.scan, span)
        if root in self.scan.bracketed and (verb is None or verb.i not in self.scan.bracketed
                                                    or self.scan.lemma(verb) not in self.cues["membership_verbs"] | self.cues["employee_verbs"]):
            verb = None  # "X (créé en 2012 ; 40 membres)": a count in brackets is told of X, whatever separates it
        lemma = self.scan.lemma(verb) if verb is not None else None
        if unit is None:  # "ils ne sont plus que 31", "en compte désormais 90"
            return "members" if lemma in self.cues["membership_verbs"] and fig.get("unit") is None else None
        direct = verb is None or self.counted_by(span, verb)
        if unit in self.cues["employee_units"] and (self.linked_by(span, ("pour", "soit", "avec")) or verb is None or (
                direct and lemma in self.cues["employee_verbs"] and lemma not in self.cues["employee_not_verbs"])):
            return "employees"
        if unit in self.cues["member_units"] and (verb is None or self.counts_members(span) or direct and (
                lemma in self.cues["membership_verbs"] or self.counts_now(verb))):
            return "members"
        return None

    def counted_by(self, span: Span, verb: Token) -> bool:
        """The verb counts the figure itself ("fédère 58 entreprises"), not something the figure
        completes ("revendique la création de 80 start-up")."""
        scan = self.scan
        if verb.i < span.start and all(pos in ("ADV", "ADP", "DET") for pos in scan.pos[verb.i + 1:span.start]):
            return True  # right before it: "et compte aujourd'hui 150 adhérents"
        i, head_of, dep = span.root.i, scan.head_of, scan.dep
        while head_of[i] != verb.i and head_of[i] != i and (
                dep[i] in ("conj", "appos", "flat", "nummod", "fixed") or dep[i] == "nmod" and self.is_count_noun(head_of[i])):
            i = head_of[i]  # "une soixantaine de sociétés et environ 7 000 salariés"
        return head_of[i] == verb.i or dep[verb.i] == "cop" and head_of[verb.i] == head_of[i]

    def is_count_noun(self, i: int) -> bool:
        lemma = self.scan.lemmas[i].lower()
        return lemma in self.cues["member_units"] or lemma in self.cues["employee_units"] or lemma.endswith("aine")

    def counts_now(self, verb: Token) -> bool:
        """ "La technopole Armorial accompagne aujourd'hui 57 entreprises": its portfolio, in the present."""
        if self.scan.lemma(verb) not in self.cues["current_members_verbs"]:
            return False
        present = "Pres" in verb.morph.get("Tense") or (verb.lower_ in self.scan.participles and not self.scan.is_participle(verb))
        return present and not any(self.scan.dep[c].startswith("aux") for c in self.scan.kids(verb.i))

    def unit_lemma(self, fig: dict, span: Span) -> Optional[str]:
        unit = (fig.get("unit") or "").lower().replace("’", "'")
        if not unit:
            return None
        word = unit.split()[0]
        head = span.root.i
        if self.scan.lower[head] == word or self.scan.orth[head].lower() == word:
            return self.scan.lemmas[head].lower()
        for lemma in (word, word[:-1] if word.endswith(("s", "x")) else word):
            if lemma in self.cues["member_units"] or lemma in self.cues["employee_units"]:
                return lemma
        return word

    def is_change(self, span: Span) -> bool:
        """ "douze nouveaux adhérents": new or lost members are a figure."""
        words = list(range(span.start, span.end)) + self.scan.kids(span.root.i)
        return any(self.scan.lower[i] in self.cues["change_words"] for i in words)

    def is_subcount(self, span: Span) -> bool:
        """ "350 membres, dont 220 PME": the part is a figure, not the members."""
        prev = self.scan.lower[max(span.start - 3, 0):span.start]
        return any(word in self.cues["subcount_words"] for word in prev)

    def has_origin_cue(self, span: Span) -> bool:
        known, key = self.scan.origin_cues, (span.start_char, span.end_char)  # the same for every cluster
        if key not in known:
            after = fold(self.scan.text[span.end_char:span.end_char + 25])
            before = fold(self.scan.text[max(0, span.start_char - 25):span.start_char])
            known[key] = any(c in after or c in before for c in self.scan.finder.origin_cues)
        return known[key]

    def linked_by(self, span: Span, words: Iterable[str]) -> bool:
        return any(word in words for word in self.scan.lower[max(span.start - 2, 0):span.start])

    def counts_members(self, span: Span) -> bool:
        """ "Ses 38 adhérents", "nos 140 membres", "un pôle de 140 adhérents"."""
        scan, head = self.scan, span.root.i
        if any(scan.dep[c] == "det" and c in scan.refs for c in scan.kids(head)):
            return True
        return scan.head_of[head] in scan.refs and scan.dep[head] == "nmod"

    # -- history --------------------------------------------------------------------------------

    def history(self) -> tuple[list[dict], Optional[int]]:
        """Creation and later statuses with their years; `founded` is the first of them."""
        readings = self.scan.readings()
        events = [(kind, readings.year_of(tok.i), readings.kind_in_frame(tok.i), tok) for tok, kind, patient in readings.events
                  if (patient == self.id if patient is not None else self.owns(tok))]
        founding = [e for e in events if e[0] == "found"]
        later = [e for e in events if e[0] in ("label", "become") and e[1]]
        since = [e[1] for e in events if e[0] == "since" and e[1]]
        years = [e[1] for e in founding if e[1]] or sorted(e[1] for e in later) or sorted(since)
        founded = years[0] if years else None
        history = [{"year": y, "kind": k} for _, y, k, _ in later if k]
        later_kinds = {h["kind"] for h in history}
        if founded and (not history or founded < min(h["year"] for h in history)):
            kind = self.founding_kind(founding, later_kinds)
            if kind:
                history.insert(0, {"year": founded, "kind": kind})
        if founded and history and founded == history[0]["year"] and not founding and not since:
            pass  # "Labellisé en 2005": the label is the first status
        unique = {(h["year"], h["kind"]): h for h in history}
        return sorted(unique.values(), key=lambda h: h["year"]), founded

    def founding_kind(self, founding: list, later_kinds: set) -> Optional[str]:
        """Its kind at creation: said ("sous la forme d'un cluster"), else the noun the creation is
        told of ("le cluster créé en 2001"), else its first kind, unless it only became that later."""
        for _, _, kind, _ in founding:
            if kind:
                return kind
        for _, _, _, tok in founding:
            kind = self.scan.readings().kind_at(tok.head) if tok.head.i != tok.i else None
            if kind and kind not in later_kinds and kind != ASSOCIATION:
                return kind
        for kind in self.cluster.kinds:
            if kind not in later_kinds:
                return kind
        return None

    # -- places and regions ---------------------------------------------------------------------

    def places(self) -> list[dict]:
        """Its towns and areas: those its clauses place it in, and those that set the scene of the
        paragraph that introduces it ("À la veille du salon, les usines de Cholet...")."""
        own, scene, near = [], [], []
        intro = self.introduction()
        paras = {self.scan.para_of_sent[self.scan.sent_of[i]] for i, ids in self.scan.refs.items() if self.id in ids}
        others = {self.scan.sent_of[i] for i, ids in self.scan.refs.items() if ids - {self.id}}
        for place in self.scan.places:
            if place.get("kind") in ("country", "region", "former_region"):
                continue
            for span in place["_spans"]:
                si = self.scan.sent_of[span.start]
                if span.start in self.scan.refs:
                    continue
                if self.owns_directly(span.root) or self.in_group(span):
                    if self.is_base(span):
                        own.append(place)
                elif si in intro:
                    scene.append((place, si))
                elif self.scan.para_of_sent[si] in paras and si not in others and self.in_text_body(si):
                    near.append((place, si))  # said of nothing else in a paragraph about it: a last resort
        chosen = own + [p for p, _ in scene] if own or scene else [p for p, _ in near]
        self.scene_sentences = {si for _, si in (scene if own or scene else near)}
        return list({fold(p["name"]): p for p in chosen}.values())

    def introduction(self) -> set[int]:
        """The sentences before its first mention in the body, in that paragraph, that tell of no
        other cluster."""
        scan = self.scan
        mentions = sorted(scan.sent_of[i] for i, ids in scan.refs.items() if self.id in ids)
        first = next((si for si in mentions if self.in_text_body(si)), None)
        if first is None:
            return set()
        others = {scan.sent_of[i] for i, ids in scan.refs.items() if ids - {self.id}}
        para = scan.para_of_sent[first]
        return {si for si in range(first - 3, first) if si >= 0 and scan.para_of_sent[si] == para and si not in others}

    def in_group(self, place: Span) -> bool:
        """ "Les deux clusters de Vierzon": a place of a group is each one's."""
        gov = self.scan.head_of[place.root.i]
        return len(self.scan.refs.get(gov, ())) > 1 and self.id in self.scan.refs[gov]

    def is_base(self, place: Span) -> bool:
        """Where it is, not where something happened: "installé à Bernay", "entreprises de la Creuse",
        "Métalys, Vierzon", not "a présenté à Paris" nor "financé par la métropole de Nantes"."""
        scan = self.scan
        head = place.root.i
        while scan.dep[head] in ("conj", "flat:name", "flat", "appos") and scan.head_of[head] != head \
                and scan.head_of[head] in scan.place_tokens:
            head = scan.head_of[head]
        gov = scan.head_of[head]
        sent = scan.sents[scan.sent_of[head]]
        if gov == head or not sent.start <= gov < sent.end:
            return True
        lemma = scan.lemma_at(gov)
        if lemma in self.cues["support_verbs"] or lemma in self.cues["support_nouns"]:
            return False
        if scan.lower[gov] in self.cues["plural_kinds"] and self.id not in scan.refs.get(gov, ()):
            return False  # "des échanges avec des clusters de Wallonie": theirs
        if scan.verbal[gov] == 1:
            return lemma in self.cues["base_verbs"] or lemma in self.cues["membership_verbs"] or lemma in self.cues["employee_verbs"]
        return not (lemma in self.cues["project_nouns"] or lemma in self.cues["event_nouns"]
                    or lemma in self.cues["supporter_heads"])  # "la métropole de Nantes" is a backer

    def in_text_body(self, si: int) -> bool:
        """Not the headline: its place is where the news happens, not the cluster."""
        if si == 0:
            return False
        datelines = self.scan._datelines  # the same for every cluster
        if si not in datelines:
            sent = self.scan.sents[si]
            datelines[si] = self.is_dateline(self.scan.text[sent.start_char:sent.end_char])
        return not datelines[si]

    @staticmethod
    def is_dateline(sent_text: str) -> bool:
        return bool(DATELINE.match(sent_text))

    def regions(self, places: list[dict]) -> list[str]:
        found = []
        context = [p["name"] for p in self.scan.places]
        for place in places:
            found.append(place.get("region") or self.region_of(place["name"], context))
        for place in self.scan.places:
            if place.get("kind") in ("region", "former_region"):
                if any(self.owns_directly(s.root) and self.is_base(s) for s in place["_spans"]):
                    found.append(place.get("region") or self.current_region(place["name"]))
        found += self.adjective_regions()
        found += [r for r in (self.current_region(s) for s in self.raw_supporters()) if r]
        return [r for r in dict.fromkeys(found) if r in REGIONS]

    def adjective_regions(self) -> list[str]:
        """ "le pôle de compétitivité breton": a regional adjective on one of its kind words."""
        table = self.cues["region_adjectives"]
        found = []
        lower = self.scan.lower
        for i, ids in self.scan.refs.items():
            if self.id in ids and self.scan.pos[i] == "NOUN":
                found += [table[lower[c]] for c in self.scan.kids(i) if self.scan.dep[c] == "amod" and lower[c] in table]
                if i + 1 < len(lower) and lower[i + 1] in table:
                    found.append(table[lower[i + 1]])
        return found

    def region_of(self, name: str, context: list[str]) -> Optional[str]:
        cache = self.scan.region_cache
        if name not in cache:
            cache[name] = gazetteer.region_of(name, context) if gazetteer else None
        return cache[name]

    def current_region(self, name: str) -> Optional[str]:
        known = self.scan.current_regions  # asked for the same backers by every cluster
        if name not in known:
            known[name] = self.region_today(name)
        return known[name]

    @staticmethod
    def region_today(name: str) -> Optional[str]:
        if gazetteer is None:
            return name if name in REGIONS else None
        words = re.sub(r"^(?:la |les? |l')?(?:régions?|Régions?)\s+", "", name)
        return gazetteer.current_region(words) or (words if words in REGIONS else None)

    # -- supporters -----------------------------------------------------------------------------

    def supporters(self, regions: list[str]) -> list[str]:
        """Who funds or backs it: "soutenu par l'État et les régions X et Y", "financé par",
        "avec le soutien de", "X et Y financent 35 % de notre budget"."""
        out = []
        for name in self.raw_supporters():
            if re.fullmatch(r"[Rr]égion", name):
                if len(regions) != 1:
                    continue
                name = regions[0]
            if not any(same_name(name, o) for o in out):
                out.append(name)
        return out

    def raw_supporters(self) -> list[str]:
        if not hasattr(self, "_supporters"):
            found = []
            for tok in self.scan.readings().support_cues:
                for start, end in self.support_lists(tok):
                    found += [self.clean_supporter(words) for words in self.scan.list_items(start, end)]
            self._supporters = [s for s in found if s]
        return self._supporters

    def support_lists(self, tok: Token) -> list[tuple[int, int]]:
        """Where the lists of backers a cue word opens start and end (token indices)."""
        scan, i = self.scan, tok.i
        lemma = scan.lemma_at(i)
        end = scan.sent_span(tok).end
        if lemma in self.cues["support_nouns"] and scan.pos[i] == "NOUN" and self.owns(tok):
            nxt = i + 1 if i + 1 < end else None
            return [(i + 1, end)] if nxt is not None and scan.lower[nxt] in ("de", "du", "des", "d'", "d’") else []
        if lemma not in self.cues["support_verbs"] or scan.verbal[i] != 1:
            return []
        if self.owns(tok):
            for t in range(i + 1, min(end, i + 12)):
                if scan.finite_at(t) or scan.orth[t] in (".", ";"):
                    break
                if scan.lower[t] == "par" or (self.comes_from(tok) and scan.lower[t] in ("de", "du", "des", "d'")):
                    return [(t + (scan.lower[t] == "par"), end)]
        subj = next((scan.toks[c] for c in scan.kids(i) if scan.dep[c] == "nsubj"), None)
        if subj is not None and self.object_is_cluster(tok):
            if scan.is_relative(subj.i):
                pronoun, subj = subj, scan.antecedent(subj)
                stop = pronoun.i - 1 if scan.orth[pronoun.i - 1] == "," else pronoun.i
                return [(subj.left_edge.i, stop)] + self.with_phrase(tok, end)
            if not scan.refs_in(subj):
                return [(subj.left_edge.i, i)] + self.with_phrase(tok, end)
        return []

    def comes_from(self, verb: Token) -> bool:
        """ "le solde venant des adhérents et de Vierzon Agglo", "Le reste est apporté par la Région X"."""
        lemma = self.scan.lemma(verb)
        if lemma == "provenir":
            return True
        subj = next(iter(self.scan.subjects_of.get(verb.i, ())), None)
        return lemma == "venir" and subj is not None and self.scan.lemmas[subj] in self.cues["funding_remainders"]

    def object_is_cluster(self, verb: Token) -> bool:
        """ "qui soutient le cluster", "qui le finance", "financent 35 % de notre budget"."""
        scan = self.scan
        for obj in (c for c in scan.kids(verb.i) if scan.dep[c] in ("obj", "iobj")):
            if self.id in scan.refs_at(obj) or self.clitic_of_topic(obj):
                return True
            if any(self.id in scan.refs.get(t, ()) for t in scan.subtree(obj)):
                return True
        return False

    def with_phrase(self, verb: Token, end: int) -> list[tuple[int, int]]:
        """ "... soutient le cluster avec la communauté d'agglomération X": a co-funder."""
        for i in range(verb.i + 1, min(end, verb.i + 10)):
            if self.scan.lower[i] == "avec":
                return [(i + 1, end)]
        return []

    def clitic_of_topic(self, i: int) -> bool:
        """ "qui le finance": an object pronoun in a sentence about the cluster."""
        if self.scan.lower[i] not in ("le", "la", "l'", "lui", "les") or self.scan.pos[i] != "PRON":
            return False
        return self.scan.topics[self.scan.sent_of[i]] == self.id

    def clean_supporter(self, words: list[int]) -> Optional[str]:
        scan = self.scan
        pos, lower, orth = scan.pos, scan.lower, scan.orth
        while words and (pos[words[0]] in ("DET", "ADP", "CCONJ") or lower[words[0]] in ("par", "de", "du", "des", "d'", "avec", "et")):
            words = words[1:]
        while words and pos[words[-1]] in ("DET", "ADP", "CCONJ", "PUNCT"):
            words = words[:-1]
        if not words or len(words) > 8 or any(w in scan.refs for w in words):
            return None
        head = next((w for w in words if pos[w] in ("NOUN", "PROPN") or orth[w][:1].isupper()), None)
        if head is None:
            return None
        lemma = scan.lemmas[head].lower()
        if lemma in self.cues["not_supporters"] or lower[head] in self.cues["not_supporters"]:
            return None
        if not orth[head][:1].isupper() and lemma not in self.cues["supporter_heads"]:
            return None
        text = scan.text_of(words[0], words[-1] + 1)
        if fold(text) == "etat":
            return "État"
        region = re.match(r"^[Rr]égions?\s+(.+)$", text)
        if region and self.current_region(region.group(1)):
            return region.group(1)
        return text

    # -- sectors --------------------------------------------------------------------------------

    def sectors(self) -> list[str]:
        """Trades and markets listed after its kind word ("cluster des énergies marines"), its
        members ("40 entreprises de la filière du cuir", "120 membres dans la plasturgie") or a
        cue ("spécialisé dans la céramique", "dédié aux technologies du son")."""
        found = []
        for tok, start in self.scan.readings().sector_cues:
            if self.id in self.scan.refs[tok.i] if tok.i in self.scan.refs else self.owns_directly(tok):
                found += self.enumeration(start)
            elif self.scan.sent_of[tok.i] in self.scene_sentences and (
                    self.scan.lemmas[tok.i] in self.cues["scene_cues"] or self.scan.lower[tok.i] in self.cues["scene_cues"]):
                found += self.enumeration(start)  # "la vallée de la Bresle, historiquement spécialisée dans la verrerie"
        found += self.kind_adjectives()
        for start, colon, subj in self.scan.readings().colon_lists():
            if self.id in self.scan.refs_in(subj) | self.scan.refs_in_phrase(subj):
                found += self.clean_items(self.scan.list_items(start, colon, bare=True))
        out = []
        for s in found:
            if not any(fold(s) == fold(o) for o in out):
                out.append(s)
        return out

    def kind_adjectives(self) -> list[str]:
        """ "le pôle de compétitivité naval et portuaire Marinov": trades told as adjectives."""
        found = []
        for cand in self.cluster.names:
            if cand.kind_hit is None:
                continue
            name = self.scan.span_of(cand.start, cand.end)
            between = range(cand.kind_hit.span.end, name.start) if name is not None else ()
            orth = self.scan.orth
            found += [orth[i] for i in between if self.scan.pos[i] == "ADJ" and orth[i].islower()
                      and self.scan.lower[i] not in self.cues["region_adjectives"]]
        return found

    def enumeration(self, i: int) -> list[str]:
        """ "de la fonderie, du décolletage et de la mécanique de précision" -> three trades."""
        end = self.scan.sents[self.scan.sent_of[i]].end
        return self.clean_items(self.scan.list_items(i, end, stop_at_places=True))

    def clean_items(self, items: list[list[int]]) -> list[str]:
        scan, out = self.scan, []
        pos, lower, orth = scan.pos, scan.lower, scan.orth
        for words in items:
            possessive = bool(words) and lower[words[0]] in ("sa", "son", "ses", "leur", "leurs")
            words = self.strip_words(words)
            if len(words) > 2 and (scan.lemmas[words[0]] in self.cues["sector_nouns"] or lower[words[0]] in self.cues["sector_nouns"]):
                words = self.strip_words(words[1:])  # "industriels de la forge" -> "forge"
            while words and (pos[words[-1]] == "PROPN" or orth[words[-1]][:1].isupper()) and \
                    scan.sents[scan.sent_of[words[-1]]].start != words[-1]:
                words = words[:-1]  # "robinetterie Martin Frères": a name closes the trade
            if not words or not any(pos[w] in ("NOUN", "ADJ", "PROPN") for w in words) or len(words) > 6:
                continue
            text = self.strip_sector(" ".join(orth[w] for w in words).replace("' ", "'").replace("’ ", "’"))
            if possessive and out:  # "l'enfant et sa famille" is one market
                out[-1] = f"{out[-1]} et {text}"
            elif text:
                out.append(text)
        return out

    def strip_words(self, words: list[int]) -> list[int]:
        pos, lower = self.scan.pos, self.scan.lower
        while words and (pos[words[0]] in ("DET", "ADP") or lower[words[0]] in ("de", "du", "des", "d'", "d’")):
            words = words[1:]
        while words and pos[words[-1]] in ("DET", "ADP", "CCONJ", "PUNCT"):
            words = words[:-1]
        return words

    def strip_sector(self, text: str) -> str:
        m = self.scan.finder.sector_prefix.match(text)  # "filière du lin textile" -> "lin textile"
        if m:
            text = m.group(1)
        return "" if text.lower() in self.cues["not_sectors"] or len(text) < 3 else text

    def is_place_token(self, tok: Token) -> bool:
        return self.scan.is_place_token(tok)

    # -- people ---------------------------------------------------------------------------------

    def people(self) -> list[dict]:
        return [{"name": p["name"], "role": p["role"]} for p in self.people_of(self.scan, self.cluster)]

    @staticmethod
    def people_of(scan: Scan, cluster: Cluster) -> list[dict]:
        return scan.cluster_people().get(cluster.id, [])


class RoleReader:
    """ "Son président, Jean Dupuis", "X, directeur général du pôle", "Lui est président de X"."""

    def __init__(self, scan: Scan, cluster: Cluster):
        self.scan = scan
        self.cluster = cluster
        self.cues = scan.cues

    def roles(self) -> list[tuple[str, str]]:
        scan, out, described = self.scan, [], []
        for i, ids in sorted(scan.refs.items()):
            if self.cluster.id not in ids:
                continue
            title = self.title_before(i)
            if title is not None:
                person = self.person_near(title)
                if person:
                    target = described if self.is_description(title) else out
                    target.append((person, self.title_text(title)))
        known_roles = {fold(role)[:6] for _, role in out}
        out += [(p, r) for p, r in described if fold(r)[:6] not in known_roles]  # "la présidente du pôle": already named
        for tok in scan.readings().role_verbs:
            role = self.cues["role_verbs"][scan.lemmas[tok.i]]
            if any(self.cluster.id in scan.refs_at(c) for c in scan.kids(tok.i) if scan.dep[c] == "obj"):
                person = self.subject_person(tok.i)
                if person:
                    out.append((person, role))
        return out

    # Words are token indices below.

    def title_before(self, ref: int) -> Optional[int]:
        """The role noun a mention completes: "président de X", "son président", "la direction de X"."""
        head_of = self.scan.head_of
        head = head_of[ref]
        if self.scan.lower[ref] in ("son", "sa", "notre"):
            return head if self.is_title(head) else None
        for _ in range(2):
            if self.is_title(head) or self.scan.lemmas[head] in self.cues["role_nouns"]:
                return head
            if head_of[head] == head:
                break
            head = head_of[head]
        return None

    def is_title(self, i: int) -> bool:
        return self.scan.lower[i] in self.cues["role_titles"] or self.scan.lemmas[i] in self.cues["role_titles"]

    def title_text(self, title: int) -> str:
        lemma, text = self.scan.lemmas[title], self.scan.orth[title]
        if lemma in self.cues["role_nouns"] and not self.is_title(title):
            return self.cues["role_nouns"][lemma]
        end = self.scan.toks[title].idx + len(text)
        m = self.scan.finder.role_modifier.match(self.scan.text, end, end + 30)
        return f"{text} {m.group(1)}".lower() if m else text.lower()

    def person_near(self, title: int) -> Optional[str]:
        """The person a role noun is given to: in apposition, or the subject of the clause."""
        scan = self.scan
        sent = scan.sents[scan.sent_of[title]]
        for i in scan.kids(title) + [scan.head_of[title]]:
            name = self.person_at(i)
            if name:
                return name
        after = range(title + 1, min(sent.end, title + 12))
        for n, i in enumerate(after):
            if scan.orth[i] == "," and n + 1 < len(after):
                name = self.person_at(i + 1)
                if name:
                    return name
                break
        if title == sent.start or (title == sent.start + 1 and scan.pos[sent.start] == "DET" and scan.dep[title] not in SUBJECTS):
            # "Présidente depuis 2018 de la grappe X, Marie Lenoir dirige..."; "..., elle a fait"
            named = next((n for n in map(self.person_at, range(title + 1, sent.end)) if n), None)
            subj = scan.subject_of(sent)
            pronoun = subj is not None and scan.lower[subj.i] in SUBJECT_PRONOUNS
            return named or (self.person_before(sent) if pronoun else None)
        if self.is_description(title):
            return self.person_before(sent)  # "Paul Marin est formel. (...) Le délégué général du cluster insiste"
        return self.subject_person(title)

    def is_description(self, title: int) -> bool:
        scan = self.scan
        return scan.dep[title] in SUBJECTS and any(scan.lower[c] in ("le", "la", "l'") for c in scan.kids(title))

    def person_before(self, sent: Span) -> Optional[str]:
        """The last person named (outside quotations) in the three sentences before."""
        si = self.scan.sent_of[sent.start]
        for prev in reversed(self.scan.sents[max(0, si - 3):si]):
            named = [self.person_at(i) for i in range(prev.start, prev.end) if i not in self.scan.quoted]
            named = [n for n in named if n]
            if named:
                return named[-1]
        return None

    def subject_person(self, i: int) -> Optional[str]:
        scan = self.scan
        for _ in range(4):
            subj = next(iter(scan.subjects_of.get(i, ())), None)
            if subj is not None:
                if scan.is_relative(subj):
                    subj = scan.antecedent(scan.toks[subj]).i
                return self.person_at(subj) or self.previous_person(subj)
            if scan.dep[i] == "appos" or scan.dep[i] == "conj":
                name = self.person_at(scan.head_of[i])
                if name:
                    return name
            if scan.head_of[i] == i:
                return None
            i = scan.head_of[i]
        return None

    def previous_person(self, subj: int) -> Optional[str]:
        """ "Lui est président de X" after "Luc Girard connaît bien le dossier."."""
        if self.scan.lower[subj] not in ("lui", "elle", "il"):
            return None
        si = self.scan.sent_of[subj]
        if si == 0:
            return None
        prev = self.scan.sents[si - 1]
        s = self.scan.subject_of(prev)
        return self.person_at(s.i) if s is not None else None

    def person_at(self, i: int) -> Optional[str]:
        return self.scan.person_of.get(i)

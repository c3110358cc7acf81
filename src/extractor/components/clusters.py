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
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

import numpy
from spacy import symbols
from spacy.attrs import IDX, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START
from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
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
QUICK_NAMES = re.compile(r"Vall[ée]e|Valley|vallée\b|French Tech")
VALLEY_WORDS_BEFORE = re.compile(rf"((?:{WORD}\s+){{1,3}})$")
VALLEY_STEM = re.compile(rf"([{_UPPER}]\w+)$")
VALLEY = re.compile(r"Vallée|Valley|(?<=\w)vallée|(?<=\w)valley")
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

DETERMINERS = {
    "le": "def", "la": "def", "l'": "def", "l’": "def", "les": "def", "du": "def", "au": "def", "aux": "def",
    "des": "indef", "un": "indef", "une": "indef", "ce": "dem", "cet": "dem", "cette": "dem", "ces": "dem",
    "son": "poss", "sa": "poss", "ses": "poss", "leur": "poss", "leurs": "poss", "notre": "poss", "nos": "poss",
}
SUBJECT_PRONOUNS = {"il": "sing", "elle": "sing", "ils": "plur", "elles": "plur"}
POSSESSIVES = {"son", "sa", "ses", "leur", "leurs"}
PRONOUNS = set(SUBJECT_PRONOUNS) | POSSESSIVES | {"le", "la"}
FIRST_PLURAL = {"nous", "notre", "nos"}
ORDINALS = {"premier": 0, "première": 0, "second": 1, "seconde": 1, "deuxième": 1, "troisième": 2}
CARDINALS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "2": 2, "3": 3, "4": 4, "5": 5}
SUBJECTS = {"nsubj", "nsubj:pass"}
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
        # Cue words as string hashes, to find the few words worth reading with one array look-up.
        words = set(self.participles) | set(self.participles.values()) | KIND_LAST_WORDS | set(self.cues["role_verbs"])
        words |= {"voir", "voit", "vit", "vu"}  # "voit le jour"
        for key in ("founding_verbs", "founding_nouns", "label_verbs", "become_verbs", "grouping_verbs", "obtain_verbs",
                    "since_verbs", "support_verbs", "support_nouns", "sector_cues", "sector_nouns", "production_nouns",
                    "domain_nouns"):
            words |= set(self.cues[key])
        self.cue_hashes = numpy.array(sorted(nlp.vocab.strings.add(w) for w in words), dtype="uint64")
        self.pronoun_hashes = numpy.array(sorted(nlp.vocab.strings.add(w) for w in PRONOUNS), dtype="uint64")
        # The kinds a status names ("labellisé pôle de compétitivité"), longest phrase first.
        self.kind_of_phrase = {fold(w): k for w, k in self.cues["kinds"].items()
                               if k != ASSOCIATION and w not in self.cues["ref_only_kinds"]}
        self.kind_at = re.compile("(?:%s)(?!\\w)" % alternation(self.kind_of_phrase))
        self.kind_starts = {p[:3] for p in self.kind_of_phrase} | {w[:3] for w in self.cues["kinds"]}
        self.sector_prefix = re.compile("(?:%s)\\s+(?:de la |de l'|de l’|du |des |de |d'|d’)?(.+)$" % alternation(self.cues["sector_strip"]))
        self.business = re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(self.cues["business_words"]))
        self.role_modifier = re.compile("\\s(%s)\\b" % alternation(self.cues["role_modifiers"]), re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        # Most articles name no cluster: a look at kind words and brand-like names is enough.
        text = doc_text(doc)
        if not self.matcher(doc) and not QUICK_NAMES.search(text):
            doc._.clusters = []
        else:
            doc._.clusters = Scan(doc, self, text).clusters()
        return doc


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

    def __init__(self, doc: Doc, finder: ClusterFinder, text: Optional[str] = None):
        self.doc = doc
        self.finder = finder
        self.cues = finder.cues
        self.matcher = finder.matcher
        self.participles = finder.participles
        self.text = doc_text(doc) if text is None else text
        self.lower_text = lower_same_length(self.text)
        self.toks = list(doc)  # Token objects are rebuilt at each doc[i]: build them once
        self._verb_forms()
        self.sents = self._sentences()
        self.sent_of = [0] * len(doc)
        for i, sent in enumerate(self.sents):
            for t in self.words(sent):
                self.sent_of[t.i] = i
        self.para_of_sent = self._paragraphs()
        self.places = self._places()
        self.place_tokens = {i for p in self.places for s in p["_spans"] for i in range(s.start, s.end)}
        self.people = doc._.people or []
        self.person_of = self._person_index()
        self.refs: dict[int, set[int]] = {}  # token index -> clusters it refers to
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
        self._refs_in: Optional[dict[int, set[int]]] = None  # filled once the mentions are resolved
        self.pronouns = self._pronoun_positions()
        self._owners: dict[int, Optional[int]] = {}
        self.indirect: set[int] = set()  # tokens owned through a project or the previous sentence
        self.region_cache: dict[str, Optional[str]] = {}

    def _pronoun_positions(self) -> dict[int, list[int]]:
        """Sentence -> where its pronouns and possessives are (most sentences have none to resolve)."""
        by_sentence: dict[int, list[int]] = {}
        if len(self.doc):
            array = self.doc.to_array([LOWER])
            for i in numpy.flatnonzero(numpy.isin(array, self.finder.pronoun_hashes)).tolist():
                by_sentence.setdefault(self.sent_of[i], []).append(i)
        return by_sentence

    def cue_tokens(self) -> list[Token]:
        """The words whose form or lemma is a cue word."""
        if not len(self.doc):
            return []
        array = self.doc.to_array([LOWER, LEMMA])
        hit = numpy.isin(array, self.finder.cue_hashes).any(axis=1)
        return [self.toks[i] for i in numpy.flatnonzero(hit)]

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
                        other = self.is_general(plain, span) or self.of_entity(span)
                        owner = None if other else self.owner(span.root)
                        self._figures.append((n, plain | {"start": start, "end": end}, span, owner))
        return self._figures

    def of_entity(self, span: Span) -> bool:
        """ "l'atelier familial de huit personnes", "une PME de 85 salariés": another entity's size."""
        head = span.root.head
        return span.root.dep_ == "nmod" and head.i not in self.refs and head.lemma_.lower() in self.cues["entity_nouns"]

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
        self.groups = [[self.cluster_named(c.name).id for c in group] for group in groups]
        self.resolve(hits)
        self.former_names()
        self._refs_in = {}
        found = [Slots(self, c).as_dict() for c in self.clusters_ if c.spans]
        return [c for c in found if c is not None]

    # -- text layout ----------------------------------------------------------------------------

    def _sentences(self) -> list[Span]:
        """The parser's sentences, cut at paragraph breaks and glued where it cut without punctuation
        (a headline "Fonderie Vosges, la grappe..." is one sentence, a headline and its lead are two)."""
        toks = self.toks
        if not toks:
            return []
        array = self.doc.to_array([SENT_START, IS_SPACE, ORTH, IDX])
        candidates = set(numpy.flatnonzero(array[:, 0] == 1).tolist())
        stops = numpy.flatnonzero(array[:, 2] == self.doc.vocab.strings["."]) + 1
        breaks = numpy.searchsorted(array[:, 3], [m.start() for m in re.finditer("\n", self.text)], side="right")
        candidates.update(stops.tolist(), breaks.tolist())
        starts = [0]
        for i in sorted(candidates):
            if i <= 0 or i >= len(toks) or array[i, 1]:
                if 0 < i < len(toks):
                    candidates.add(i + 1)  # a break of several white-space tokens
                continue
            if self.starts_sentence(i, bool(array[i, 0] == 1)):
                starts.append(i)
        bounds = sorted(set(starts)) + [len(toks)]
        return [self.doc[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]

    def starts_sentence(self, i: int, parser_start: bool) -> bool:
        toks = self.toks
        tok, prev = toks[i], toks[i - 1]
        if "\n" in prev.text if prev.is_space else "\n" in prev.whitespace_:
            return True
        j = i - 1
        while j > 0 and toks[j].is_space:
            j -= 1
        last, text = toks[j], tok.text
        ended = last.text in (".", "!", "?", "…", "»", "”", '"', ":", ";") or last.text.endswith(".")
        opener = text in ("«", "“", '"') and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()
        if last.text == "." and (text[:1].isupper() or opener) and not self.abbreviation(last):
            return True
        return ended and parser_start and not tok.is_punct and not text[:1].islower()

    def abbreviation(self, stop: Token) -> bool:
        """ "M. Dupont", "J.-C.": a full stop that ends no sentence."""
        prev = self.toks[stop.i - 1] if stop.i else None
        return prev is not None and not prev.whitespace_ and (len(prev.text) == 1 or prev.lower_ in ("m", "mme", "dr", "st", "ste", "av", "cf"))

    def words(self, span: Span) -> list[Token]:
        return self.toks[span.start:span.end]

    def sent_span(self, tok: Token) -> Span:
        return self.sents[self.sent_of[tok.i]]

    def _paragraphs(self) -> list[int]:
        breaks = [m.end() for m in re.finditer(r"\n\s*\n", self.text)]
        return [bisect.bisect_right(breaks, s.start_char) for s in self.sents]

    def _places(self) -> list[dict]:
        """Upstream places with the tokens they cover."""
        out = []
        for place in self.doc._.places or []:
            spans = [self.doc.char_span(s, e, alignment_mode="expand") for s, e in place.get("spans") or []]
            out.append({**place, "_spans": [s for s in spans if s is not None]})
        return out

    def _quoted(self) -> set[int]:
        """Tokens inside quotations (upstream quotes)."""
        inside = set()
        for quote in self.doc._.quotes or []:
            span = self.span_of(quote.get("start", 0), quote.get("end", 0))
            if span is not None:
                inside.update(range(span.start, span.end))
        return inside

    def span_of(self, start: int, end: int) -> Optional[Span]:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def is_place(self, name: str) -> bool:
        key = fold(name)
        if any(fold(p["name"]) == key and p.get("kind") != "area" for p in self.places):
            return True
        if gazetteer is None:
            return False
        return any(info.kind != "area" for info in gazetteer.lookup(name))

    def is_person(self, name: str) -> bool:
        key = fold(name)
        return any(fold(p.get("name") or "") == key for p in self.people)

    # -- kind words -----------------------------------------------------------------------------

    def kind_hits(self) -> list[KindHit]:
        doc, cues = self.doc, self.cues
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)])
        hits = []
        for span in spans:
            plural = doc.vocab.strings[span.label] == "plural_kinds"
            table = cues["plural_kinds"] if plural else cues["kinds"]
            kind = table.get(span.text.lower().replace("’", "'"))
            if self.is_distractor(span):
                continue
            det, det_token, count = self.determiner(span)
            hits.append(KindHit(span, kind, plural, det, det_token, count))
        return hits

    def is_distractor(self, span: Span) -> bool:
        """An epidemic or computing cluster, a "pôle emploi", a "grappe de raisin"."""
        after = fold(self.text[span.end_char:span.end_char + 30]).lstrip()
        if any(after.startswith(fold(d)) for d in self.cues["distractors"]):
            return True
        needed = self.cues["kind_complement"].get(span.text.lower())
        if needed is None:
            return False
        nxt = span.doc[span.end:span.end + 2]
        if len(nxt) == 2 and nxt[0].lower_ in ("de", "d'", "d’"):
            return nxt[1].lower_ not in needed
        return False

    def determiner(self, span: Span) -> tuple[Optional[str], Optional[Token], Optional[int]]:
        """The determiner before a kind word, skipping numbers and adjectives ("les deux clusters")."""
        count = None
        i = span.start - 1
        while i >= 0 and i >= span.start - 3:
            tok = span.doc[i]
            low = tok.lower_
            if low in DETERMINERS:
                return DETERMINERS[low], tok, count
            if low in CARDINALS:
                count = CARDINALS[low]
            elif tok.like_num or low in ("quelque", "plus", "de", "d'", "près"):
                return "num", tok, None
            elif tok.pos_ != "ADJ":
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
        found += [c for m in VALLEY.finditer(self.text) for c in self.valley_names(m)]
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
        if not m or m.end() <= hit.span.end_char + 1 or not re.match(r"\s+(?:de|du|des|d['’])", self.text[hit.span.end_char:m.end()]):
            return []
        name = self.trim_name(m.group(0))
        if not self.valid_name(name) or name == hit.span.text:
            return []
        hit.used = True
        return [self.with_acronym(Candidate(name, m.start(), m.start() + len(name), hit.kind, hit))]

    def name_following(self, hit: KindHit) -> list[Candidate]:
        doc, span = self.doc, hit.span
        i = span.end
        while i < len(doc) and i < span.end + 4 and doc[i].is_lower and (
                doc[i].pos_ == "ADJ" or doc[i].lower_ in self.cues["region_adjectives"] or doc[i].lower_ == "et"):
            i += 1  # "le pôle de compétitivité breton X", "le pôle aéronautique et spatial X"
        if i >= len(doc) or doc[i - 1].lower_ == "et":
            return []
        pos = doc[i].idx
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
        if not self.valid_name(name) or (span.text.lower() == "pôle" and not self.talks_business()):
            return []  # "le pôle Jeunes du club"
        kind_word = span.text
        capitalised = span[0].text[:1].isupper() and not span[0].is_sent_start and hit.det_token is not None
        cand = Candidate(name, start, start + len(name), hit.kind, hit)
        if capitalised and span.text.lower() not in ("spl",):  # "Le Cluster Feinmechanik Hessen"
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
        if not self.is_participle(sent[0]) or any(self.is_finite(t) for t in self.toks[sent.start:hit.span.start]):
            return []
        if not self.states_status(hit):
            return []  # "agréée par Techno-France, la fédération des technopoles": another body
        for t in self.toks[hit.span.end:sent.end]:
            if self.is_finite(t):
                return []
            if t.text == "," and t.i + 1 < sent.end:
                nxt = self.toks[t.i + 1]
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
        for t in self.words(prev)[1:]:
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
        if re.search(r"(?:\bet|\bpar|\bou)\s*$", preceding):
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
        if re.match(r"\s+(?:de|du|des|d['’])\s", self.text[m.end():m.end() + 5]):
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
        prev = re.search(r"(\w+)[\s«\"“]*$", self.text[max(0, start - 20):start])
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
        return self.finder.business.search(self.lower_text) is not None

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
            if any(same_name(name, n) for n in cluster.all_names()):
                return cluster
            if any(fold(a) == fold(n) for a in aliases for n in cluster.all_names()):
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
        descs = {h.span.start: h for h in hits if not h.used and self.is_description(h)}
        for si, sent in enumerate(self.sents):
            for tok in self.words(sent):
                hit = descs.get(tok.i)
                if hit is not None:
                    self.resolve_description(hit)
            self.resolve_pronouns(si, sent)
            self.topics.append(self.topic_of(si))
        self.mark_owned_spans()
        self.resolve_first_person()

    def former_names(self) -> None:
        """ "Connu jusqu'en 2013 sous le nom de Chimiris, le pôle...": an alias of the clause's cluster."""
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
        m = re.match(r"\s+(Cluster|Pôle|Valley|Vallée)\b", self.text[end:end + 12])
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
        span = tokens if tokens is not None else self.span_of(start, end)
        if span is None:
            return
        if mention:
            self.clusters_[cluster_id].spans.append((span.start_char, span.end_char))
        for tok in span:
            self.refs.setdefault(tok.i, set()).add(cluster_id)

    def add_pronoun(self, cluster_id: int, tok: Token) -> None:
        self.add_ref(cluster_id, 0, 0, self.doc[tok.i:tok.i + 1], mention=False)

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
        return self.doc[start:hit.span.end]

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
        root = sent.root
        subj = [c for c in root.children if c.dep_ in SUBJECTS and c.i not in self.quoted]
        if subj:
            return subj[0]
        return next((t for t in self.words(sent) if t.dep_ in SUBJECTS and t.head.pos_ in ("VERB", "AUX")
                     and sent.start <= t.head.i < sent.end and t.i not in self.quoted), None)

    def refs_in(self, tok: Token) -> set[int]:
        """Clusters named in a noun phrase (its head, flat names, appositions, determiners); once
        every mention is resolved, read once per word."""
        if self._refs_in is None:
            return self.find_refs_in(tok)
        if tok.i not in self._refs_in:
            self._refs_in[tok.i] = self.find_refs_in(tok)
        return self._refs_in[tok.i]

    def find_refs_in(self, tok: Token) -> set[int]:
        found = set(self.refs.get(tok.i, ()))
        si = self.sent_of[tok.i]
        for child in tok.children:
            if self.sent_of[child.i] != si or child.dep_ not in ("det", "flat:name", "flat", "appos", "nmod", "fixed", "compound"):
                continue  # the parser sometimes links across a paragraph break
            if child.dep_ == "nmod" and not (tok.lower_ in self.cues["member_units"] or tok.lemma_ in self.cues["member_units"]):
                continue
            found |= self.refs_in(child)
        return found

    def previous_topic(self, si: int) -> Optional[int]:
        """The topic of the sentence before, passing over the sentences of a quotation."""
        j = si - 1
        while j > 0 and j > si - 4 and self.is_quoted(self.sents[j]):
            j -= 1
        return self.topics[j] if j >= 0 else None

    def is_quoted(self, sent: Span) -> bool:
        return sum(t.i in self.quoted for t in self.words(sent)) * 2 > len(sent)

    def resolve_pronouns(self, si: int, sent: Span) -> None:
        """ "Il/Elle" after a sentence about a cluster, "son président", "le premier", "ces entreprises"."""
        self.resolve_ordinal(sent)
        self.resolve_members(si, sent)
        pronouns = self.pronouns.get(si)
        if not pronouns:
            return
        subj = self.subject_of(sent)
        pronoun = self.opening_pronoun(sent)
        if pronoun is not None and (subj is None or subj.i > pronoun.i or subj.pos_ != "PRON"):
            subj = pronoun  # "Elle pilote un démonstrateur", "Ensemble, elles représentent..."
        if subj is not None and subj.i not in self.refs and subj.lower_ in SUBJECT_PRONOUNS:
            self.resolve_subject_pronoun(si, subj)
        self.resolve_possessives(si, sent, subj, pronouns)

    def resolve_members(self, si: int, sent: Span) -> None:
        """ "Ces entreprises emploient 720 personnes" after a sentence about a cluster's members."""
        subj = self.subject_of(sent)
        if subj is None or si == 0 or subj.i in self.refs or self.topics[si - 1] is None:
            return
        det = next((c for c in subj.children if c.dep_ == "det" and c.lower_ in ("ces", "ses")), None)
        if det is not None and det.i not in self.refs and subj.lemma_ in self.cues["member_units"]:
            self.add_pronoun(self.topics[si - 1], det)

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
        prev = self.topics[si - 1] if si > 0 else None
        topic = prev if subj is None or not self.is_actor(subj) else None
        own = self.refs_in(subj) if subj is not None else set()
        for tok in (self.toks[i] for i in pronouns):
            if tok.lower_ not in POSSESSIVES or tok.i in self.refs:
                continue
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
        for tok in self.words(sent):
            if self.is_finite(tok) or self.is_verbal(tok) and not self.is_participle(tok):
                return None
            if tok.lower_ in SUBJECT_PRONOUNS and (tok.i == sent.start or self.toks[tok.i - 1].text == ","):
                return tok
        return None

    def ref_just_before(self, tok: Token) -> Optional[int]:
        """ "qui dirigeait le cluster depuis dix ans": the cluster named a few words before."""
        for i in range(tok.i - 1, max(self.sent_span(tok).start, tok.i - 6) - 1, -1):
            if self.refs.get(i):
                return min(self.refs[i])
            if self.doc[i].pos_ in ("PROPN",) or self.doc[i].ent_type_ in ("PER", "ORG"):
                return None
        return None

    def resolve_ordinal(self, sent: Span) -> None:
        """ "Le premier, fondé en 2004, regroupe..." after "X et Y ont signé"."""
        if len(sent) < 3 or sent[0].lower_ not in ("le", "la") or sent[1].lower_ not in ORDINALS:
            return
        index = ORDINALS[sent[1].lower_]
        group = next((g for g in reversed(self.groups) if self.clusters_[g[0]].spans
                      and min(s for s, _ in self.clusters_[g[0]].spans) < sent.start_char), None)
        if group and index < len(group) and (sent[2].text == "," or sent[2].pos_ in ("VERB", "AUX")):
            self.add_ref(group[index], 0, 0, sent[0:2])

    def is_actor(self, tok: Token) -> bool:
        """A subject that is someone else than a cluster: a person, a firm, a town..."""
        if self.refs_in(tok):
            return False
        if any(c.dep_ in ("appos", "flat:name") and self.is_person_token(c) for c in tok.children):
            return True  # "Le préfet de la Creuse, Paul Martin, ..."
        if tok.lower_ in self.participles:
            return False  # "Créé en 2005, ...": a participle the tagger took for a name
        if tok.ent_type_ in ("PER", "ORG", "LOC") or tok.pos_ == "PROPN":
            return True
        if tok.lower_ in self.cues["plural_kinds"] or tok.lower_ in ("ce", "celui", "celle", "lui", "on"):
            return True  # clusters in general, "ce dernier", "on"
        return tok.lemma_.lower() in self.cues["actor_nouns"] or tok.lower_ in self.cues["actor_nouns"]

    def topic_of(self, si: int) -> Optional[int]:
        """The cluster a sentence is about: its subject's; else, when the subject is no one else,
        the cluster a possessive or pronoun of the sentence was resolved to."""
        sent = self.sents[si]
        subj = self.subject_of(sent)
        if subj is None:
            subj = sent.root
        refs = self.refs_in(subj)
        if refs:
            self.subject_groups[si] = refs
            return min(refs, key=lambda c: self.first_ref_index(c, sent))
        if self.is_actor(subj):
            return None
        inside = {c for i in range(sent.start, sent.end) for c in self.refs.get(i, ())}
        return inside.pop() if len(inside) == 1 else None

    def first_ref_index(self, cluster_id: int, sent: Span) -> int:
        return min((i for i, ids in self.refs.items() if cluster_id in ids and sent.start <= i < sent.end), default=10**9)

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
            span = self.span_of(quote.get("start", 0), quote.get("end", 0))
            if cid is None or span is None:
                continue
            for tok in span:
                if tok.lower_ in FIRST_PLURAL:
                    self.add_pronoun(cid, tok)
        self.interview_answers(set(speakers.values()))

    def interview_answers(self, spoken_for: set[int]) -> None:
        """A journalist writes no "nous": outside quotations, it is an interview's answers, given by
        someone who speaks for the article's one cluster."""
        if len(spoken_for) != 1 or len([c for c in self.clusters_ if c.spans]) != 1:
            return
        cid = next(iter(spoken_for))
        for tok in self.toks:
            if tok.lower_ in FIRST_PLURAL and tok.i not in self.quoted and tok.i not in self.refs:
                self.add_pronoun(cid, tok)

    # -- appositions and relative clauses the parser may misattach ------------------------------

    def mark_owned_spans(self) -> None:
        """Tokens of "X, pôle ... né en 2005, devenu cluster en 2011 et qui regroupe ..." and of
        "Fondé en 2010 à Lorient, ce pôle ..." belong to X whatever the parser attached them to."""
        for cluster in self.clusters_:
            for start, end in list(cluster.spans):
                span = self.span_of(start, end)
                if span is not None:
                    self.own_following(cluster.id, span)
        for sent in self.sents:
            self.own_fronted(sent)

    def own_fronted(self, sent: Span) -> None:
        """A participial phrase before the subject ("Fondé en 2010 à Lorient, ce pôle ...") is about
        the subject: the first cluster named right after a comma, before any finite verb."""
        subject = None
        for tok in self.words(sent):
            if self.is_finite(tok):
                break
            prev = self.doc[tok.i - 1] if tok.i > sent.start else None
            if prev is not None and prev.pos_ == "DET" and prev.i > sent.start:
                prev = self.doc[prev.i - 1]
            if self.refs.get(tok.i) and prev is not None and prev.text in (",", ":"):
                subject = tok
                break
        if subject is None:
            self.members_of_fronted(sent)
            return
        start = next((t.i for t in sent[:subject.i - sent.start] if self.is_participle(t)), None)
        if start is None:
            return
        for i in range(start, subject.i):
            self.owned.setdefault(i, min(self.refs[subject.i]))

    def own_following(self, cid: int, mention: Span) -> None:
        doc = self.doc
        sent = self.sents[self.sent_of[mention.start]]
        i = mention.end
        if i < sent.end and doc[i].text == "(":  # "(ABE)", "(créé en 2012 ; 40 membres)"
            opening = i
            while i < len(doc) and i - opening < 60 and doc[i].text != ")":
                i += 1  # the tagger may cut a sentence at a ";" inside the brackets
            if i < len(doc) and doc[i].text == ")" and i - opening > 2:  # everything in brackets after the name is apposition, whatever separates it
                for j in range(opening + 1, i):
                    self.owned.setdefault(j, cid)
                    self.bracketed.add(j)
            i += 1
            sent = self.sents[self.sent_of[min(i, len(doc) - 1)]]
        if i >= sent.end - 1 or doc[i].text not in (",", "-", "–", "—"):
            return
        nxt = doc[i + 1]
        if nxt.lower_ in ("lui", "elle", "eux", "elles") and i + 2 < sent.end and doc[i + 2].text == ",":
            self.add_pronoun(cid, nxt)  # "Mécaforge, lui, regroupe..."
            return
        relative = nxt.lower_ in ("qui", "dont", "que", "qu'", "qu’") or self.is_participle(nxt)
        apposition = nxt.lower_ in DETERMINERS or (nxt.i + 1 < sent.end and self.is_kind_token(nxt))
        if not (relative or apposition):
            return
        j = i + 1
        while j < sent.end:
            tok = doc[j]
            if tok.text in (",", "-", "–", "—", ";", ":") and j + 1 < sent.end:
                after = doc[j + 1]
                if relative and tok.text != "-":
                    break
                if self.is_finite(after) or after.pos_ in ("PROPN",) or after.lower_ in DETERMINERS and after.lower_ not in ("dont",):
                    break
            if tok.text in (";", ":"):
                break
            self.owned.setdefault(j, cid)
            j += 1

    def members_of_fronted(self, sent: Span) -> None:
        """ "Associés depuis 2001 au sein du SPL X, ils étaient 40 ateliers ; ils ne sont plus que 31":
        the plural subjects a participial phrase places in a cluster are its members."""
        words = self.words(sent)
        if not words or not self.is_participle(words[0]):
            return
        comma = next((t.i for t in words if t.text == "," or self.is_finite(t)), None)
        ids = {c for i in range(sent.start, comma or sent.start) for c in self.refs.get(i, ())}
        if comma is None or len(ids) != 1:
            return
        for t in self.toks[comma:sent.end]:
            if t.lower_ in ("ils", "elles") and t.dep_ in SUBJECTS:
                self.add_pronoun(next(iter(ids)), t)

    def lemma(self, tok: Token) -> str:
        """The verb of a participle even when tagged as a proper noun; else the lemma."""
        return self.participles.get(tok.lower_) or tok.lemma_.lower()

    def is_participle(self, tok: Token) -> bool:
        return self.verb_forms[tok.i] == PARTICIPLE or self.known_participle[tok.i] == 1

    def is_verbal(self, tok: Token) -> bool:
        return self.verbal[tok.i] == 1

    def is_kind_token(self, tok: Token) -> bool:
        return tok.lower_ in self.cues["kinds"] or tok.lemma_ in self.cues["kinds"]

    def is_finite(self, tok: Token) -> bool:
        return self.verb_forms[tok.i] == FINITE and self.verbal[tok.i] == 1

    def _verb_forms(self) -> None:
        """Per word, read once from the arrays: its VerbForm, whether it is a verb (or a cue verb's
        form the tagger took for a noun) and whether it is a known participle."""
        doc, strings = self.doc, self.doc.vocab.strings
        array = doc.to_array([POS, MORPH, LOWER]) if len(doc) else numpy.zeros((0, 3), dtype="uint64")
        morphs, morph_of = numpy.unique(array[:, 1], return_inverse=True)
        forms = [VERB_FORMS.get(next((f[9:] for f in strings[int(h)].split("|") if f.startswith("VerbForm=")), None), 0)
                 for h in morphs]
        self.verb_forms = numpy.array(forms, dtype="uint8")[morph_of].tobytes()  # bytes: fast to index
        lowers, lower_of = numpy.unique(array[:, 2], return_inverse=True)
        words = [strings[int(h)] for h in lowers]
        known = numpy.array([w in self.participles for w in words], dtype=bool)[lower_of]
        ending = numpy.array([w.endswith(PARTICIPLE_ENDINGS) for w in words], dtype=bool)[lower_of]
        verb = numpy.isin(array[:, 0], [symbols.VERB, symbols.AUX])
        self.verbal = (verb | known).tobytes()
        self.known_participle = (known & ending).tobytes()

    # -- lists ----------------------------------------------------------------------------------

    def list_items(self, i: int, end: int, stop_at_places: bool = False, bare: bool = False) -> list[list[Token]]:
        """The items of "A, B et C" from token i: a list goes on after a comma only with a new noun
        phrase ("..., la Région X"; any noun when `bare`), and ends at a clause, a number or a mark."""
        toks = self.toks
        items, current, after_comma = [], [], False
        while i < end:
            t = toks[i]
            if t.text == "(":  # "Vierzon Agglomération (VAG)"
                i = next((j for j in range(i, min(end, i + 10)) if toks[j].text == ")"), end) + 1
                continue
            if self.ends_list(t, end, stop_at_places):
                if after_comma and self.is_clause(t, end):
                    current = []  # "..., l'association a été labellisée": the list ended at the comma
                break
            if (t.text == "," or t.lower_ in ("et", "ou")) and not self.inside_name(t):
                if current:
                    items.append(current)
                elif after_comma and items and not self.is_named(items[-1]):
                    items.pop()  # "la VAG, la communauté d'agglomération de ..., et la Région": an apposition
                current, after_comma = [], t.text == ","
                if t.text == "," and not self.goes_on(toks[i + 1] if i + 1 < end else None, bare):
                    break
            else:
                current.append(t)  # ("et" inside a name: "communauté de communes Vallée et Plateau")
            i += 1
        return items + [current] if current else items

    def ends_list(self, t: Token, end: int, stop_at_places: bool) -> bool:
        dash = t.text in ("-", "–", "—") and (t.whitespace_ or self.toks[t.i - 1].whitespace_)
        if t.text in (".", ";", ":", ")", "«", "»") or dash or t.like_num or (stop_at_places and self.is_place_token(t)):
            return True
        return t.lower_ in LIST_STOPS or (t.i in self.refs and t.pos_ != "DET") or self.is_clause(t, end)

    def is_clause(self, t: Token, end: int) -> bool:
        """A verb: "réunit" even tagged as a noun, "installée à"."""
        conjugated = t.lower_ in self.participles and not self.is_participle(t)
        return self.is_finite(t) or conjugated or (t.pos_ == "VERB" and t.i + 1 < end and self.toks[t.i + 1].pos_ == "ADP")

    @staticmethod
    def goes_on(nxt: Optional[Token], bare: bool) -> bool:
        return nxt is not None and (nxt.pos_ in ("DET", "PROPN") or nxt.text[:1].isupper() or nxt.lower_ in LIST_CONTINUE
                                    or bare and nxt.pos_ == "NOUN")

    def is_place_token(self, tok: Token) -> bool:
        return tok.i in self.place_tokens

    def inside_name(self, tok: Token) -> bool:
        """A conjunction inside an organisation's name, as upstream found it, between capitalised words
        ("communauté de communes Vallée et Plateau")."""
        nxt = self.toks[tok.i + 1] if tok.i + 1 < len(self.toks) else None
        if nxt is None or not nxt.text[:1].isupper():
            return False
        return any(s < tok.idx < e for org in self.doc._.organisations or [] for s, e in org.get("spans") or [])

    @staticmethod
    def is_named(words: list[Token]) -> bool:
        noun = next((w for w in words if w.pos_ not in ("DET", "ADP")), None)
        return noun is not None and noun.text[:1].isupper()

    # -- which cluster a token's clause is about ------------------------------------------------

    def owner(self, tok: Token) -> Optional[int]:
        """The cluster a token's clause is about (once every mention is resolved)."""
        if tok.i not in self._owners:
            self._owners[tok.i] = self.walk_to_owner(tok)
        return self._owners[tok.i]

    def walk_to_owner(self, tok: Token) -> Optional[int]:
        """Walk up the parse from a token: the first cluster met as the subject, a possessive or an
        apposition owns it; a subject that is someone else (a person, a firm, a town) stops the walk;
        when the parse gives no answer, the surface of the sentence does."""
        if tok.i in self.owned:
            return self.owned[tok.i]
        sent, start = self.sent_span(tok), tok
        inner = self.refs_in_phrase(tok)
        if inner:
            return min(inner)  # "35 % de notre budget", "50 millions d'euros de contrats pour ses adhérents"
        seen = set()
        while tok.i not in seen:
            seen.add(tok.i)
            decided, owner, nxt = self.step(tok, start, sent)
            if decided:
                return owner
            if nxt is None:
                break
            tok = nxt
        if self.is_finite_sentence(sent):
            found = self.surface_subject(sent, start)
            return found if found is not None else self.colon_list(sent, start)
        return self.sentence_fallback(tok, start)

    def step(self, tok: Token, start: Token, sent: Span) -> tuple[bool, Optional[int], Optional[Token]]:
        """One step of the walk: (decided, owner, the next word to look at)."""
        if tok.i in self.owned:
            return True, self.owned[tok.i], None
        refs = self.refs_in(tok)
        within = self.grouped_within(tok) if self.is_verbal(tok) else None
        if refs or within is not None:
            return True, min(refs) if refs else within, None
        if tok.dep_ == "acl:relcl" and any(t.lower_ == "dont" for t in self.toks[tok.left_edge.i:tok.i]):
            return False, None, tok.head  # "600 000 euros, dont un tiers est versé par...": the antecedent's
        subjects = [c for c in tok.children if c.dep_ in SUBJECTS]
        if subjects:
            decided, owner, nxt = self.subject_owner(tok, subjects, start)
            if decided or nxt is not None:
                return decided, owner, nxt
        if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.pos_ == "VERB":
            return False, None, tok.head
        if tok.head.i == tok.i or not sent.start <= tok.head.i < sent.end:
            return False, None, None
        if self.is_person_token(tok.head) and tok.dep_ in ("appos", "acl", "nmod", "acl:relcl"):
            return True, None, None  # "Luc Girard, fondateur de la société X": about the person
        return False, None, tok.head

    def subject_owner(self, verb: Token, subjects: list[Token], start: Token) -> tuple[bool, Optional[int], Optional[Token]]:
        """What a clause's subject says of its owner: a cluster, a relative pronoun to follow, a
        project of the cluster told of before, or someone else."""
        subj = subjects[0]
        if "Rel" in subj.morph.get("PronType"):
            antecedent = self.antecedent(subj)
            if self.is_person_token(antecedent):
                return True, None, None  # "Anne Roux, qui dirige l'entreprise X"
            return False, None, antecedent
        refs = set().union(*(self.refs_in(s) for s in subjects))
        if refs:
            return True, min(refs), None
        if self.is_project(subj):
            self.indirect.add(start.i)
            return True, self.recent_topic(subj), None
        if subj.pos_ == "NOUN" and not self.is_actor(subj) and subj.left_edge.i <= start.i <= subj.right_edge.i:
            self.indirect.add(start.i)
            return True, self.continued_topic(subj), None  # "Plus de deux cents projets seront labellisés..."
        if self.is_actor(subj) or subj.pos_ == "PRON" or (subj.pos_ == "NOUN" and self.is_verbal(verb)):
            return True, None, None  # someone or something else does it
        return False, None, None

    def grouped_within(self, verb: Token) -> Optional[int]:
        """ "Une trentaine d'entre elles ont rejoint en 2012 la grappe X": X."""
        if self.lemma(verb) not in self.cues["grouping_verbs"]:
            return None
        end = self.sent_span(verb).end
        for t in self.toks[verb.i + 1:min(end, verb.i + 12)]:
            if t.lower_ == "sein":
                ids = {c for u in self.toks[t.i + 1:min(end, t.i + 8)] for c in self.refs.get(u.i, ())}
                return min(ids) if ids else None
        return None

    def refs_in_phrase(self, tok: Token) -> set[int]:
        """Clusters a possessive or a complement names inside a word's own noun phrase."""
        found = set()
        for child in tok.children:
            if child.dep_ in ("nmod", "det") and self.sent_of[child.i] == self.sent_of[tok.i]:
                found |= set(self.refs.get(child.i, ())) if child.dep_ == "det" else self.refs_in_phrase(child)
                if child.dep_ == "nmod":
                    found |= {c for g in child.children if g.dep_ == "det" for c in self.refs.get(g.i, ())}
        return found

    def is_finite_sentence(self, sent: Span) -> bool:
        return any(self.is_finite(t) or self.lemma(t) in self.cues["membership_verbs"] for t in self.words(sent))

    def surface_subject(self, sent: Span, tok: Token) -> Optional[int]:
        """When the parse gives no answer: the cluster named before the first verb, not after a
        preposition, owns what follows that verb ("la technopole X, installée à Y, accueille ...")."""
        for t in self.words(sent):
            if t.i >= tok.i:
                return None
            if self.is_finite(t) or (t.lower_ in self.participles and not self.is_participle(t)):
                return None
            ids = self.refs.get(t.i)
            if ids and not self.after_preposition(t):
                verb = next((u for u in sent[t.i - sent.start:] if self.is_finite(u) or (u.lower_ in self.participles and not self.is_participle(u))), None)
                return min(ids) if verb is not None and verb.i < tok.i else None
        return None

    def after_preposition(self, tok: Token) -> bool:
        i = tok.i - 1
        while i >= 0 and self.doc[i].pos_ in ("DET", "ADJ") or (i >= 0 and i in self.refs and self.refs[i] == self.refs.get(tok.i)):
            i -= 1
        return i >= 0 and self.doc[i].pos_ == "ADP"

    def is_person_token(self, tok: Token) -> bool:
        """A word of a person's name (upstream people, not the raw model entities)."""
        return tok.i not in self.refs and tok.i in self.person_of

    def _person_index(self) -> dict[int, str]:
        """Token index -> the name of the person it names."""
        index = {}
        for person in self.people:
            for start, end in person.get("spans") or []:
                span = self.span_of(start, end)
                if span is not None:
                    index.update((i, person["name"]) for i in range(span.start, span.end))
        return index

    def antecedent(self, pron: Token) -> Token:
        """What "qui"/"dont" stands for: the head of its clause, else the nearest noun before it."""
        verb = pron.head
        if verb.dep_ == "acl:relcl":
            return verb.head
        for i in range(pron.i - 1, max(self.sent_span(pron).start, pron.i - 12) - 1, -1):
            t = self.doc[i]
            if t.pos_ in ("NOUN", "PROPN") or i in self.refs:
                return t
        return verb

    def is_project(self, tok: Token) -> bool:
        """ "L'enveloppe", "Le programme", "Coût du projet": a project told of just before."""
        lemma = tok.lemma_.lower()
        if lemma in self.cues["cost_nouns"]:  # "Coût du projet : ...", not "le coût de l'énergie"
            return any(c.dep_ == "nmod" and self.is_project(c) for c in tok.children)
        if lemma not in self.cues["project_nouns"]:
            return False
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        return det is None or det.lower_ in ("le", "la", "l'", "l’")

    def recent_topic(self, tok: Token, within: int = 4) -> Optional[int]:
        """The cluster the last sentences were about; in an article about one cluster, that one."""
        si = self.sent_of[tok.i]
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

    def sentence_fallback(self, root: Token, start: Token) -> Optional[int]:
        """A verbless line ("Mécalis : 40 entreprises, 2 100 salariés.") is about its one cluster;
        "Coût du projet : 1,2 M€" about the cluster of the project."""
        sent = self.sent_span(root)
        if self.is_project(sent.root):
            self.indirect.add(start.i)
            return self.recent_topic(sent.root)
        if any(t.pos_ == "VERB" for t in self.words(sent)):
            return None
        return self.only_cluster(sent)

    def only_cluster(self, sent: Span) -> Optional[int]:
        ids = {c for i in range(sent.start, sent.end) for c in self.refs.get(i, ())}
        return ids.pop() if len(ids) == 1 else None

    def colon_list(self, sent: Span, tok: Token) -> Optional[int]:
        """ "... directeur du cluster, énumérer : 90 adhérents, 4 000 emplois": a list
        with no verb after a colon, in a sentence about one cluster."""
        colon = next((t.i for t in self.words(sent) if t.text == ":" and t.i < tok.i), None)
        if colon is None or any(self.is_verbal(t) for t in self.toks[colon + 1:sent.end]):
            return None
        return self.only_cluster(sent)


# ---------------------------------------------------------------------------------------------
# Slots


def governing_verb(scan, span: Span) -> Optional[Token]:
    """The verb a phrase depends on (a tagger's noun "compte" counts as the verb it is); the verb
    right before the phrase when the parser attached it elsewhere ("et compte aujourd'hui 150 adhérents")."""
    i = span.start - 1
    while i >= 0 and scan.toks[i].pos_ in ("ADV", "ADP", "DET") and i >= span.start - 3:
        i -= 1
    if i >= 0 and scan.is_verbal(scan.toks[i]) and not scan.is_participle(scan.toks[i]):
        return scan.toks[i]
    tok = span.root
    for _ in range(6):
        if scan.is_verbal(tok) and tok.i not in range(span.start, span.end):
            return tok
        copula = next((c for c in tok.children if c.dep_ == "cop"), None)
        if copula is not None and tok.i not in range(span.start, span.end):
            return copula  # "ils ne sont plus que 31"
        if tok.head.i == tok.i:
            return None
        tok = tok.head
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
        self.events, self.sector_cues, self.support_cues, self.role_verbs = [], [], [], []
        for tok in scan.cue_tokens():
            if self.cues["role_verbs"].get(tok.lemma_) and tok.pos_ == "VERB":
                self.role_verbs.append(tok)
            kind = self.event(tok)
            if kind:
                self.events.append((tok, kind, self.year_of(tok), self.kind_in_frame(tok), self.patient(tok)))
            start = self.sector_start(tok)
            if start is not None:
                self.sector_cues.append((tok, start))
            if self.lemma(tok) in self.cues["support_verbs"] or self.lemma(tok) in self.cues["support_nouns"]:
                self.support_cues.append(tok)

    def event(self, tok: Token) -> Optional[str]:
        """What a word tells of the cluster's life: its creation, a label, a new status."""
        lemma = self.lemma(tok)
        verbal = tok.pos_ in ("VERB", "AUX") or tok.lower_ in self.participles
        if tok.pos_ == "NOUN" and lemma in self.cues["founding_nouns"]:
            return "found"
        if not verbal:
            return None
        objects = [c for c in tok.children if c.dep_ == "obj"]
        has_object = any(c.i not in self.refs for c in objects)
        if lemma in self.cues["founding_verbs"] and not has_object and lemma != "exister":
            return "found"
        if lemma == "voir" and FOUNDING_PHRASE.match(self.text, tok.idx):
            return "found"  # "L'association voit le jour en 2012"
        if lemma in self.cues["label_verbs"] and (not has_object or self.patient(tok) is not None):
            return "label"
        if lemma in self.cues["obtain_verbs"] and any(o.lemma_ in self.cues["label_nouns"] for o in objects):
            return "label"  # "elle obtient le label « grappe d'entreprises »"
        if lemma in self.cues["become_verbs"] and self.kind_in_frame(tok):
            return "become"
        if lemma in self.cues["grouping_verbs"] and WITHIN.search(self.text, tok.idx, tok.idx + 60):
            return "found"
        if lemma in self.cues["since_verbs"] and self.year_after(tok, since=True):
            return "since"
        return None

    def patient(self, verb: Token) -> Optional[int]:
        """The cluster a verb acts on: "la Région la reconnaît comme cluster", "labellise le pôle"."""
        for obj in (c for c in verb.children if c.dep_ == "obj"):
            if obj.i in self.refs:
                return min(self.refs[obj.i])
            if obj.lower_ in ("le", "la", "l'", "l’") and obj.i < verb.i:  # a clitic: "la Région la reconnaît"
                si = self.sent_of[obj.i]
                return self.scan.topics[si] if self.scan.topics[si] is not None else self.scan.recent_topic(obj)
        return None

    def kind_in_frame(self, tok: Token) -> Optional[str]:
        """The kind a verb states: "labellisé pôle de compétitivité", "sous la forme d'une grappe"."""
        sent_end = self.sent_span(tok).end
        for t in self.doc[tok.i + 1:min(sent_end, tok.i + 10)]:
            if t.text in (",", ";", ".") or (t.pos_ == "VERB" and t.i > tok.i + 1):
                break
            kind = self.kind_at(t)
            if kind:
                return kind
        return None

    def kind_at(self, tok: Token) -> Optional[str]:
        """The kind a word starts ("grappe d'entreprises", "pôle de compétitivité", "cluster")."""
        if tok.lower_[:3] not in self.scan.finder.kind_starts:
            return None
        rest = fold(self.text[tok.idx:tok.idx + 40].replace("«", " ")).strip()
        m = self.scan.finder.kind_at.match(rest)
        if m is None:
            return None
        phrase = m.group(0)
        if phrase in self.cues["kind_complement"] and rest[len(phrase):].strip().startswith(("de ", "d'")):
            return None  # "pôle d'excellence", "grappe de raisin"
        return self.scan.finder.kind_of_phrase[phrase]

    def year_after(self, tok: Token, since: bool = False) -> Optional[int]:
        """ "créé en 2001", "labellisé pôle de compétitivité en 2016", "fédère depuis 1998"."""
        end = self.sent_span(tok).end_char
        window = self.text[tok.idx + len(tok.text):min(end, tok.idx + 70)]
        window = re.split(r"[,;.:]\s", window)[0]
        m = (YEAR_SINCE if since else YEAR_AFTER).search(window)
        return int(m.group(1)) if m else None

    def year_of(self, tok: Token) -> Optional[int]:
        """A year in the words after the verb, in its clause, else one opening the sentence or the one before."""
        year = self.year_after(tok)
        if year:
            return year
        for t in self.clause_tokens(tok):
            if YEAR.match(t.text):
                return int(t.text)
        sent = self.sent_span(tok)
        for s in (sent, self.previous_sentence(sent)):
            if s is None:
                continue
            m = re.match(r"\s*En\s+(?:\w+\s+)?((?:1[89]|20)\d\d)\b", self.text[s.start_char:s.start_char + 30])
            if m:
                return int(m.group(1))
        return None

    def clause_tokens(self, verb: Token) -> list[Token]:
        out = []
        for child in verb.children:
            if child.dep_ in CLAUSE_DEPS or (child.pos_ == "VERB" and child.dep_ != "aux"):
                continue
            out += [t for t in child.subtree if self.nearest_verb(t) in (verb, None) or t.head == child]
        return out

    @staticmethod
    def nearest_verb(tok: Token) -> Optional[Token]:
        t = tok.head
        for _ in range(8):
            if t.pos_ in ("VERB", "AUX"):
                return t
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    def previous_sentence(self, sent: Span) -> Optional[Span]:
        si = self.sent_of[sent.start]
        if si == 0 or self.para_of_sent[si - 1] != self.para_of_sent[si]:
            return None
        return self.sents[si - 1]

    def sector_start(self, tok: Token) -> Optional[int]:
        """The index where a list of trades opens after this word, if it opens one."""
        low, lemma = tok.lower_, tok.lemma_
        kind_word = low in KIND_LAST_WORDS and tok.i in self.refs
        member = tok.pos_ == "NOUN" and (lemma in self.cues["sector_nouns"] or low in self.cues["sector_nouns"])
        cue = self.cues["sector_cues"].get(low) or self.cues["sector_cues"].get(lemma)
        production = lemma in self.cues["production_nouns"]
        if lemma in self.cues["domain_nouns"]:
            return self.after_colon(tok)
        if not (kind_word or member or cue or production):
            return None
        i = tok.i + 1
        while i < len(self.doc) and self.doc[i].pos_ == "ADJ" and self.doc[i].is_lower and not cue:
            i += 1  # "pôle de compétitivité breton de ...", "production mondiale de ..."
        if i >= len(self.doc):
            return None
        word = self.doc[i].lower_
        if cue:
            return i + 1 if word in cue else None
        if word in ("de", "du", "des", "d'", "d’") and not (kind_word and self.doc[i + 1].lower_ in ("compétitivité", "entreprises")):
            return i
        if word == "," and i + 2 < len(self.doc) and self.doc[i + 1].pos_ == "ADV" and self.doc[i + 2].lower_ == "dans":
            i, word = i + 2, "dans"  # "5 000 salariés, notamment dans la mécanique"
        if word == "dans" and member:  # "420 membres dans la chimie", not "aider 20 entreprises dans leur..."
            verb = governing_verb(self.scan, self.doc[tok.i:tok.i + 1])
            lemma = self.lemma(verb) if verb is not None else None
            if lemma in self.cues["membership_verbs"] or lemma in self.cues["employee_verbs"]:
                return i + 1
        return None



    def after_colon(self, tok: Token) -> Optional[int]:
        """ "Ses domaines de prédilection : la photonique, ...": the list after the colon."""
        end = self.sent_span(tok).end
        for t in self.doc[tok.i + 1:min(end, tok.i + 5)]:
            if t.text == ":":
                return t.i + 1
            if t.pos_ not in ("ADJ", "ADP", "NOUN", "DET"):
                return None
        return None

    def colon_lists(self) -> list[tuple[int, int, Token]]:
        """ "Forge, fonderie, usinage de précision : ses membres fournissent...": a verbless list
        opening a sentence, then a colon and the clause it describes (start, end, its subject)."""
        found = []
        for sent in self.sents:
            words = self.scan.words(sent)
            colon = next((t for t in words if t.text == ":"), None)
            if colon is None or colon.i - sent.start > 14 or not any(t.text == "," for t in words[:colon.i - sent.start]):
                continue
            if any(self.is_verbal(t) for t in words[:colon.i - sent.start]):
                continue
            subj = next((t for t in self.doc[colon.i + 1:sent.end] if t.dep_ in SUBJECTS), None)
            if subj is not None:
                found.append((sent.start, colon.i, subj))
        return found


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
        if span.root.i in self.scan.indirect and span.root.i not in self.scan.bracketed or self.is_subcount(span) or self.has_origin_cue(span) or self.is_change(span):
            return None
        unit = self.unit_lemma(fig, span)
        verb = governing_verb(self.scan, span)
        if span.root.i in self.scan.bracketed and (verb is None or verb.i not in self.scan.bracketed
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
        if verb.i < span.start and all(t.pos_ in ("ADV", "ADP", "DET") for t in self.scan.toks[verb.i + 1:span.start]):
            return True  # right before it: "et compte aujourd'hui 150 adhérents"
        tok = span.root
        while tok.head.i != verb.i and tok.head.i != tok.i and (
                tok.dep_ in ("conj", "appos", "flat", "nummod", "fixed") or tok.dep_ == "nmod" and self.is_count_noun(tok.head)):
            tok = tok.head  # "une soixantaine de sociétés et environ 7 000 salariés"
        return tok.head.i == verb.i or verb.dep_ == "cop" and verb.head.i == tok.head.i

    def is_count_noun(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in self.cues["member_units"] or lemma in self.cues["employee_units"] or lemma.endswith("aine")

    def counts_now(self, verb: Token) -> bool:
        """ "La technopole Armorial accompagne aujourd'hui 57 entreprises": its portfolio, in the present."""
        if self.scan.lemma(verb) not in self.cues["current_members_verbs"]:
            return False
        present = "Pres" in verb.morph.get("Tense") or (verb.lower_ in self.scan.participles and not self.scan.is_participle(verb))
        return present and not any(c.dep_.startswith("aux") for c in verb.children)

    def unit_lemma(self, fig: dict, span: Span) -> Optional[str]:
        unit = (fig.get("unit") or "").lower().replace("’", "'")
        if not unit:
            return None
        word = unit.split()[0]
        head = span.root
        if head.lower_ == word or head.text.lower() == word:
            return head.lemma_.lower()
        for lemma in (word, word[:-1] if word.endswith(("s", "x")) else word):
            if lemma in self.cues["member_units"] or lemma in self.cues["employee_units"]:
                return lemma
        return word

    def is_change(self, span: Span) -> bool:
        """ "douze nouveaux adhérents": new or lost members are a figure."""
        words = list(span) + list(span.root.children)
        return any(t.lower_ in self.cues["change_words"] for t in words)

    def is_subcount(self, span: Span) -> bool:
        """ "350 membres, dont 220 PME": the part is a figure, not the members."""
        prev = span.doc[max(span.start - 3, 0):span.start]
        return any(t.lower_ in self.cues["subcount_words"] for t in prev)

    def has_origin_cue(self, span: Span) -> bool:
        after = fold(self.scan.text[span.end_char:span.end_char + 25])
        before = fold(self.scan.text[max(0, span.start_char - 25):span.start_char])
        return any(fold(c) in after or fold(c) in before for c in self.cues["origin_cues"])

    def linked_by(self, span: Span, words: Iterable[str]) -> bool:
        return any(t.lower_ in words for t in span.doc[max(span.start - 2, 0):span.start])

    def counts_members(self, span: Span) -> bool:
        """ "Ses 38 adhérents", "nos 140 membres", "un pôle de 140 adhérents"."""
        head = span.root
        if any(c.dep_ == "det" and c.i in self.scan.refs for c in head.children):
            return True
        return head.head.i in self.scan.refs and head.dep_ == "nmod"

    # -- history --------------------------------------------------------------------------------

    def history(self) -> tuple[list[dict], Optional[int]]:
        """Creation and later statuses with their years; `founded` is the first of them."""
        events = [(kind, year, frame, tok) for tok, kind, year, frame, patient in self.scan.readings().events
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
        gov = place.root.head
        return len(self.scan.refs.get(gov.i, ())) > 1 and self.id in self.scan.refs[gov.i]

    def is_base(self, place: Span) -> bool:
        """Where it is, not where something happened: "installé à Bernay", "entreprises de la Creuse",
        "Métalys, Vierzon", not "a présenté à Paris" nor "financé par la métropole de Nantes"."""
        head = place.root
        while head.dep_ in ("conj", "flat:name", "flat", "appos") and head.head.i != head.i and self.scan.is_place_token(head.head):
            head = head.head
        gov = head.head
        if gov.i == head.i or not self.scan.sent_span(head).start <= gov.i < self.scan.sent_span(head).end:
            return True
        lemma = self.scan.lemma(gov)
        if lemma in self.cues["support_verbs"] or lemma in self.cues["support_nouns"]:
            return False
        if gov.lower_ in self.cues["plural_kinds"] and self.id not in self.scan.refs.get(gov.i, ()):
            return False  # "des échanges avec des clusters de Wallonie": theirs
        if self.scan.is_verbal(gov):
            return lemma in self.cues["base_verbs"] or lemma in self.cues["membership_verbs"] or lemma in self.cues["employee_verbs"]
        return not (lemma in self.cues["project_nouns"] or lemma in self.cues["event_nouns"]
                    or lemma in self.cues["supporter_heads"])  # "la métropole de Nantes" is a backer

    def in_text_body(self, si: int) -> bool:
        """Not the headline: its place is where the news happens, not the cluster."""
        return si > 0 and not self.is_dateline(self.scan.sents[si])

    @staticmethod
    def is_dateline(sent: Span) -> bool:
        return bool(re.match(r"\s*[A-ZÀ-Þ\-' ]{3,}[,.]", sent.text))

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
        for i, ids in self.scan.refs.items():
            tok = self.doc[i]
            if self.id in ids and tok.pos_ == "NOUN":
                found += [table[c.lower_] for c in tok.children if c.dep_ == "amod" and c.lower_ in table]
                nxt = self.doc[i + 1] if i + 1 < len(self.doc) else None
                if nxt is not None and nxt.lower_ in table:
                    found.append(table[nxt.lower_])
        return found

    def region_of(self, name: str, context: list[str]) -> Optional[str]:
        cache = self.scan.region_cache
        if name not in cache:
            cache[name] = gazetteer.region_of(name, context) if gazetteer else None
        return cache[name]

    @staticmethod
    def current_region(name: str) -> Optional[str]:
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
        lemma = self.scan.lemma(tok)
        end = self.scan.sent_span(tok).end
        if lemma in self.cues["support_nouns"] and tok.pos_ == "NOUN" and self.owns(tok):
            nxt = self.doc[tok.i + 1] if tok.i + 1 < end else None
            return [(tok.i + 1, end)] if nxt is not None and nxt.lower_ in ("de", "du", "des", "d'", "d’") else []
        if lemma not in self.cues["support_verbs"] or not self.scan.is_verbal(tok):
            return []
        if self.owns(tok):
            for t in self.doc[tok.i + 1:min(end, tok.i + 12)]:
                if self.scan.is_finite(t) or t.text in (".", ";"):
                    break
                if t.lower_ == "par" or (self.comes_from(tok) and t.lower_ in ("de", "du", "des", "d'")):
                    return [(t.i + (t.lower_ == "par"), end)]
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and self.object_is_cluster(tok):
            if "Rel" in subj.morph.get("PronType"):
                pronoun, subj = subj, self.scan.antecedent(subj)
                stop = pronoun.i - 1 if self.doc[pronoun.i - 1].text == "," else pronoun.i
                return [(subj.left_edge.i, stop)] + self.with_phrase(tok, end)
            if not self.scan.refs_in(subj):
                return [(subj.left_edge.i, tok.i)] + self.with_phrase(tok, end)
        return []

    def comes_from(self, verb: Token) -> bool:
        """ "le solde venant des adhérents et de Vierzon Agglo", "Le reste est apporté par la Région X"."""
        lemma = self.scan.lemma(verb)
        if lemma == "provenir":
            return True
        subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        return lemma == "venir" and subj is not None and subj.lemma_ in self.cues["funding_remainders"]

    def object_is_cluster(self, verb: Token) -> bool:
        """ "qui soutient le cluster", "qui le finance", "financent 35 % de notre budget"."""
        for obj in (c for c in verb.children if c.dep_ in ("obj", "iobj")):
            if self.id in self.scan.refs_in(obj) or self.clitic_of_topic(obj):
                return True
            if any(self.id in self.scan.refs.get(t.i, ()) for t in obj.subtree):
                return True
        return False

    def with_phrase(self, verb: Token, end: int) -> list[tuple[int, int]]:
        """ "... soutient le cluster avec la communauté d'agglomération X": a co-funder."""
        for t in self.doc[verb.i + 1:min(end, verb.i + 10)]:
            if t.lower_ == "avec":
                return [(t.i + 1, end)]
        return []

    def clitic_of_topic(self, tok: Token) -> bool:
        """ "qui le finance": an object pronoun in a sentence about the cluster."""
        if tok.lower_ not in ("le", "la", "l'", "lui", "les") or tok.pos_ != "PRON":
            return False
        return self.scan.topics[self.scan.sent_of[tok.i]] == self.id

    def clean_supporter(self, words: list[Token]) -> Optional[str]:
        while words and (words[0].pos_ in ("DET", "ADP", "CCONJ") or words[0].lower_ in ("par", "de", "du", "des", "d'", "avec", "et")):
            words = words[1:]
        while words and words[-1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT"):
            words = words[:-1]
        if not words or len(words) > 8 or any(w.i in self.scan.refs for w in words):
            return None
        head = next((w for w in words if w.pos_ in ("NOUN", "PROPN") or w.text[:1].isupper()), None)
        if head is None:
            return None
        lemma = head.lemma_.lower()
        if lemma in self.cues["not_supporters"] or head.lower_ in self.cues["not_supporters"]:
            return None
        if not head.text[:1].isupper() and lemma not in self.cues["supporter_heads"]:
            return None
        text = self.doc[words[0].i:words[-1].i + 1].text
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
            elif self.scan.sent_of[tok.i] in self.scene_sentences and (tok.lemma_ in self.cues["scene_cues"] or tok.lower_ in self.cues["scene_cues"]):
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
            between = self.scan.toks[cand.kind_hit.span.end:name.start] if name is not None else []
            found += [t.text for t in between if t.pos_ == "ADJ" and t.is_lower and t.lower_ not in self.cues["region_adjectives"]]
        return found

    def enumeration(self, i: int) -> list[str]:
        """ "de la fonderie, du décolletage et de la mécanique de précision" -> three trades."""
        end = self.scan.sent_span(self.doc[i]).end
        return self.clean_items(self.scan.list_items(i, end, stop_at_places=True))

    def clean_items(self, items: list[list[Token]]) -> list[str]:
        out = []
        for words in items:
            possessive = bool(words) and words[0].lower_ in ("sa", "son", "ses", "leur", "leurs")
            words = self.strip_words(words)
            if len(words) > 2 and (words[0].lemma_ in self.cues["sector_nouns"] or words[0].lower_ in self.cues["sector_nouns"]):
                words = self.strip_words(words[1:])  # "industriels de la forge" -> "forge"
            while words and (words[-1].pos_ == "PROPN" or words[-1].text[:1].isupper()) and \
                    self.scan.sent_span(words[-1]).start != words[-1].i:
                words = words[:-1]  # "robinetterie Martin Frères": a name closes the trade
            if not words or not any(w.pos_ in ("NOUN", "ADJ", "PROPN") for w in words) or len(words) > 6:
                continue
            text = self.strip_sector(" ".join(w.text for w in words).replace("' ", "'").replace("’ ", "’"))
            if possessive and out:  # "l'enfant et sa famille" is one market
                out[-1] = f"{out[-1]} et {text}"
            elif text:
                out.append(text)
        return out

    @staticmethod
    def strip_words(words: list[Token]) -> list[Token]:
        while words and (words[0].pos_ in ("DET", "ADP") or words[0].lower_ in ("de", "du", "des", "d'", "d’")):
            words = words[1:]
        while words and words[-1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT"):
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
        out, described = [], []
        for i, ids in sorted(self.scan.refs.items()):
            if self.cluster.id not in ids:
                continue
            tok = self.scan.doc[i]
            title = self.title_before(tok)
            if title is not None:
                person = self.person_near(title)
                if person:
                    target = described if self.is_description(title) else out
                    target.append((person, self.title_text(title)))
        known_roles = {fold(role)[:6] for _, role in out}
        out += [(p, r) for p, r in described if fold(r)[:6] not in known_roles]  # "la présidente du pôle": already named
        for tok in self.scan.readings().role_verbs:
            role = self.cues["role_verbs"][tok.lemma_]
            if any(self.cluster.id in self.scan.refs_in(c) for c in tok.children if c.dep_ == "obj"):
                person = self.subject_person(tok)
                if person:
                    out.append((person, role))
        return out

    def title_before(self, ref: Token) -> Optional[Token]:
        """The role noun a mention completes: "président de X", "son président", "la direction de X"."""
        if ref.lower_ in ("son", "sa", "notre"):
            head = ref.head
            return head if self.is_title(head) else None
        head = ref.head
        for _ in range(2):
            if self.is_title(head) or head.lemma_ in self.cues["role_nouns"]:
                return head
            if head.head.i == head.i:
                break
            head = head.head
        return None

    def is_title(self, tok: Token) -> bool:
        return tok.lower_ in self.cues["role_titles"] or tok.lemma_ in self.cues["role_titles"]

    def title_text(self, title: Token) -> str:
        if title.lemma_ in self.cues["role_nouns"] and not self.is_title(title):
            return self.cues["role_nouns"][title.lemma_]
        end = title.idx + len(title.text)
        m = self.scan.finder.role_modifier.match(self.scan.text, end, end + 30)
        return f"{title.text} {m.group(1)}".lower() if m else title.text.lower()

    def person_near(self, title: Token) -> Optional[str]:
        """The person a role noun is given to: in apposition, or the subject of the clause."""
        doc = self.scan.doc
        sent = self.scan.sent_span(title)
        for t in list(title.children) + [title.head]:
            name = self.person_at(t)
            if name:
                return name
        after = doc[title.i + 1:min(sent.end, title.i + 12)]
        for i, t in enumerate(after):
            if t.text == "," and i + 1 < len(after):
                name = self.person_at(after[i + 1])
                if name:
                    return name
                break
        if title.i == sent.start or (title.i == sent.start + 1 and doc[sent.start].pos_ == "DET" and title.dep_ not in SUBJECTS):
            # "Présidente depuis 2018 de la grappe X, Marie Lenoir dirige..."; "..., elle a fait"
            named = next((n for n in map(self.person_at, sent[title.i - sent.start + 1:]) if n), None)
            subj = self.scan.subject_of(sent)
            pronoun = subj is not None and subj.lower_ in SUBJECT_PRONOUNS
            return named or (self.person_before(sent) if pronoun else None)
        if self.is_description(title):
            return self.person_before(sent)  # "Paul Marin est formel. (...) Le délégué général du cluster insiste"
        return self.subject_person(title)

    def is_description(self, title: Token) -> bool:
        return title.dep_ in SUBJECTS and any(c.lower_ in ("le", "la", "l'") for c in title.children)

    def person_before(self, sent: Span) -> Optional[str]:
        """The last person named (outside quotations) in the three sentences before."""
        si = self.scan.sent_of[sent.start]
        for prev in reversed(self.scan.sents[max(0, si - 3):si]):
            named = [self.person_at(t) for t in self.scan.words(prev) if t.i not in self.scan.quoted]
            named = [n for n in named if n]
            if named:
                return named[-1]
        return None

    def subject_person(self, tok: Token) -> Optional[str]:
        for _ in range(4):
            subj = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
            if subj is not None:
                if "Rel" in subj.morph.get("PronType"):
                    subj = self.scan.antecedent(subj)
                return self.person_at(subj) or self.previous_person(subj)
            if tok.dep_ == "appos" or tok.dep_ == "conj":
                name = self.person_at(tok.head)
                if name:
                    return name
            if tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    def previous_person(self, subj: Token) -> Optional[str]:
        """ "Lui est président de X" after "Luc Girard connaît bien le dossier."."""
        if subj.lower_ not in ("lui", "elle", "il"):
            return None
        si = self.scan.sent_of[subj.i]
        if si == 0:
            return None
        prev = self.scan.sents[si - 1]
        s = self.scan.subject_of(prev)
        return self.person_at(s) if s is not None else None

    def person_at(self, tok: Token) -> Optional[str]:
        return self.scan.person_of.get(tok.i)

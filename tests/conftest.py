from pathlib import Path

import pytest

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

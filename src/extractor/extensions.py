"""Every custom `Doc._` attribute the pipeline uses, in one table.

Values are plain data (dicts, lists, strings, numbers; never `Span` objects) so that docs pickle
for `n_process` and serialise in a `DocBin`. Each list holds dicts shaped like the record models
of `records.py`, plus evidence keys the records do not carry (`spans`: [[start, end], ...]).
"""

from spacy.tokens import Doc

DOC_EXTENSIONS = {
    "published": None,  # ISO date of publication (str), set on the Doc before the pipeline runs
    "people": None,  # [{name, roles: [{title, organisation}], spans}]
    "organisations": None,  # [{name, acronym, kind, spans}]
    "places": None,  # [{name, kind, region, department, country, spans}]
    "figures": None,  # [{text, value, unit, qualifier, about, start, end}]
    "dates": None,  # [{text, value, start, end}]
    "quotes": None,  # [{text, speaker, speaker_role, cue, start, end}]
    "clusters": None,  # [{name, aliases, kinds, ..., spans}]
}


TEXT_KEY = "extractor.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, which spaCy rebuilds from every token at each access, read once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

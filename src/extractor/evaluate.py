"""Scoring extracted records against gold files, exactly as shared/spec/gold-format.md says.

Pure code: no I/O beyond what callers pass in. Predictions are `ArticleRecord`s or plain dicts of
the record JSON (both are read as dicts); gold items are the models of `extractor.gold`, each with
an `optional` flag.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

from pydantic import BaseModel

from extractor.gold import FORMAT, Gold, Item

log = logging.getLogger(__name__)

CATEGORIES = (
    "clusters", "cluster slots", "quotes", "quotes + speaker",
    "people", "organisations", "places", "dates", "figures",
)
QUOTE_THRESHOLD = 0.6
RELATIVE_TOLERANCE = 1e-6
MISS, FALSE_POSITIVE = "miss", "false positive"

# ---------------------------------------------------------------------------------------------
# Normalising and comparing strings and numbers

_PUNCTUATION = str.maketrans({**{c: "'" for c in "’‘´`"}, **{c: " " for c in "-‐–—_"}})
_LEADING_ARTICLE = re.compile(r"^(le |la |les |l')")


def norm(s: Optional[str]) -> str:
    """The spec's norm(): accents, case, apostrophes, dashes, punctuation and a leading article go."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().translate(_PUNCTUATION)
    s = "".join(c for c in s if c.isalnum() or c.isspace() or c in "'%€")
    s = " ".join(s.split())
    return _LEADING_ARTICLE.sub("", s).strip()


def _norms(names: Iterable[Optional[str]]) -> set[str]:
    return {norm(n) for n in names} - {""}


def _same_name(gold_names: Iterable[Optional[str]], pred_names: Iterable[Optional[str]]) -> Optional[float]:
    """1.0 when norm() of any gold spelling equals norm() of any predicted one."""
    return 1.0 if _norms(gold_names) & _norms(pred_names) else None


def _contains_words(a: str, b: str) -> bool:
    return f" {b} " in f" {a} "


def _loose_name(gold_names: Iterable[Optional[str]], pred_names: Iterable[Optional[str]]) -> Optional[float]:
    """Equal names (1.0) beat one containing the other as whole words (0.5)."""
    gold, pred = _norms(gold_names), _norms(pred_names)
    if gold & pred:
        return 1.0
    return 0.5 if any(_contains_words(g, p) or _contains_words(p, g) for g in gold for p in pred) else None


def values_equal(a: Optional[float], b: Optional[float]) -> bool:
    if a is None or b is None:
        return False
    return a == b or abs(a - b) < RELATIVE_TOLERANCE * max(abs(a), abs(b))


_UNIT_ALIASES = {"euro": "€", "pour": "%"}  # "pour cent" is "%" (its first word is "pour")


def _unit_key(unit: Optional[str]) -> Optional[str]:
    words = norm(unit).split()
    if not words:
        return None
    first = words[0][:-1] if len(words[0]) > 1 and words[0][-1] in "sx" else words[0]
    return _UNIT_ALIASES.get(first, first)


def units_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Same first word of norm(unit) less a final s/x, "%"="pour cent", "€"="euro(s)", or a unit is null."""
    ka, kb = _unit_key(a), _unit_key(b)
    return ka is None or kb is None or ka == kb


def dice(a: str, b: str) -> float:
    """Dice similarity of the multisets of norm()-ed words."""
    wa, wb = Counter(norm(a).split()), Counter(norm(b).split())
    total = sum(wa.values()) + sum(wb.values())
    return 2 * sum((wa & wb).values()) / total if total else 0.0


# ---------------------------------------------------------------------------------------------
# Similarities: (gold item, predicted item as JSON) -> score (higher is a better pair) or None

Sim = Callable[[Any, Any], Optional[float]]


def _figure_sim(g, p: dict) -> Optional[float]:
    if not values_equal(g.value, p.get("value")) or not units_compatible(g.unit, p.get("unit")):
        return None
    return 1.0 if g.unit and p.get("unit") else 0.9  # prefer a pair whose units both say something


def _quote_sim(g, p: dict) -> Optional[float]:
    d = dice(g.text, p.get("text") or "")
    return d if d >= QUOTE_THRESHOLD else None


def _quote_speaker_sim(g, p: dict) -> Optional[float]:
    # norm(None) is "", so a null gold speaker wants a null (or empty) predicted speaker.
    return _quote_sim(g, p) if norm(g.speaker) == norm(p.get("speaker")) else None


def _name_sim(g, p: dict) -> Optional[float]:
    """People, places and a cluster's people: norm(name) equal (gold aliases too)."""
    return _same_name(g.names(), [p.get("name")])


def _organisation_sim(g, p: dict) -> Optional[float]:
    return _same_name(g.names(), [p.get("name"), p.get("acronym")])


def _cluster_sim(g, p: dict) -> Optional[float]:
    return _loose_name(g.names(), [p.get("name"), *(p.get("aliases") or [])])


def _date_sim(g, p: dict) -> Optional[float]:
    return 1.0 if g.value == p.get("value") else None


def _year_sim(g, p: Any) -> Optional[float]:
    return 1.0 if g.value == p else None


def _count_sim(g, p: dict) -> Optional[float]:
    return 1.0 if values_equal(g.value, p.get("value")) else None


def _history_sim(g, p: dict) -> Optional[float]:
    return 1.0 if g.year == p.get("year") and norm(g.kind) == norm(p.get("kind")) else None


def _text_sim(g, p: str) -> Optional[float]:
    return _same_name(g.names(), [p])


def _loose_text_sim(g, p: str) -> Optional[float]:
    return _loose_name(g.names(), [p])


# ---------------------------------------------------------------------------------------------
# Report


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    tp: int = 0

    # An empty side over an empty side is perfect; otherwise a zero denominator scores 0.
    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "tp": self.tp,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Error:
    kind: str  # MISS or FALSE_POSITIVE
    category: str
    article: str
    item: str  # a short label of the item
    context: str  # the gold item (miss), the predicted item and a text snippet (false positive)

    def __str__(self) -> str:
        return f"{self.article}\t{self.category}\t{self.kind}\t{self.item}\t{self.context}"

    def to_json(self) -> dict:
        return dict(vars(self))


@dataclass
class Report:
    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    metadata: Accuracy = field(default_factory=Accuracy)
    errors: list[Error] = field(default_factory=list)
    articles: int = 0
    missing_records: list[str] = field(default_factory=list)

    def table(self) -> str:
        lines = [f"{'category':<18}{'gold':>7}{'predicted':>11}{'tp':>7}{'P':>8}{'R':>8}{'F1':>8}"]
        for name, c in self.categories.items():
            lines.append(f"{name:<18}{c.gold:>7}{c.predicted:>11}{c.tp:>7}"
                         f"{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}")
        m = self.metadata
        lines.append(f"{'metadata':<18}{'accuracy':>25}{m.accuracy:>8.3f} ({m.right}/{m.total} fields)")
        headline = [f"{name} {c.f1:.3f}" for name, c in self.categories.items()]
        lines.append(f"F1 over {self.articles} articles: " + " | ".join([*headline, f"metadata {m.accuracy:.3f}"]))
        if self.missing_records:
            lines.append(f"no record for {len(self.missing_records)} gold files (all misses): "
                         + ", ".join(self.missing_records))
        return "\n".join(lines)

    def to_json(self, errors: bool = False) -> dict:
        out = {
            "categories": {name: c.to_json() for name, c in self.categories.items()},
            "metadata": {"accuracy": self.metadata.accuracy, "right": self.metadata.right,
                         "total": self.metadata.total},
            "articles": self.articles,
            "missing_records": list(self.missing_records),
        }
        if errors:
            out["errors"] = [e.to_json() for e in self.errors]
        return out


# ---------------------------------------------------------------------------------------------
# Describing items in errors


def _as_dict(x: Any, compact: bool = False) -> Any:
    """Records and gold models as their JSON; compact drops defaults (optional=false, aliases=[])."""
    return x.model_dump(mode="json", exclude_defaults=compact) if isinstance(x, BaseModel) else x


def _num(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _clip(s: str, size: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= size else s[: size // 2] + " … " + s[-size // 2:]


def _label(x: Any) -> str:
    d = _as_dict(x)
    if not isinstance(d, dict):
        return str(d)
    if "speaker" in d:  # a quote
        return f"«{_clip(d.get('text') or '')}» ({d.get('speaker')})"
    if d.get("name"):
        return d["name"] + (f" ({d['acronym']})" if d.get("acronym") else "")
    if "year" in d:  # a history entry
        return f"{d['year']} {d.get('kind')}"
    if isinstance(d.get("value"), (int, float)) and "unit" in d:  # a figure
        return f"{_num(d['value'])} {d.get('unit') or ''}".strip()
    return str(d.get("value", d.get("text", d)))


def _snippet(text: str, item: Any, margin: int = 60) -> str:
    """The article text around a predicted item's offsets, the item itself in brackets."""
    start, end = (item.get("start"), item.get("end")) if isinstance(item, dict) else (None, None)
    if not text or not isinstance(start, int) or not isinstance(end, int):
        return ""
    before, after = text[max(0, start - margin):start], text[end:end + margin]
    return " | …" + _clip(f"{before}[{_clip(text[start:end], 160)}]{after}", 400) + "…"


def _json(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False, default=str)


def _context(kind: str, item: Any, text: str) -> str:
    return _json(_as_dict(item, compact=True)) + (_snippet(text, item) if kind == FALSE_POSITIVE else "")


# ---------------------------------------------------------------------------------------------
# Matching


@dataclass
class _Article:
    """One article being scored: its id, text (for snippets) and where counts and errors go."""

    id: str
    text: str
    report: Report

    def match(self, category: str, golds: list[Item], preds: list[Any], sim: Sim,
              prefix: str = "") -> dict[int, int]:
        """One-to-one matching, best pair first; counts it and returns {gold index: pred index}."""
        candidates = [(s, g.optional, gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)
                      if (s := sim(g, p)) is not None]
        # Best score first; on a tie a required gold item before an optional one, then in order.
        candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3]))
        pairs: dict[int, int] = {}  # gold index -> pred index
        taken: dict[int, int] = {}  # pred index -> gold index
        for _, _, gi, pi in candidates:
            if gi not in pairs and pi not in taken:
                pairs[gi], taken[pi] = pi, gi
        counts = self.report.categories[category]
        # Optional gold items, and the predictions matching them, are left out of both counts.
        counts.gold += sum(not g.optional for g in golds)
        counts.tp += sum(not golds[gi].optional for gi in pairs)
        counts.predicted += sum(pi not in taken or not golds[taken[pi]].optional for pi in range(len(preds)))
        misses = [g for gi, g in enumerate(golds) if gi not in pairs and not g.optional]
        spurious = [p for pi, p in enumerate(preds) if pi not in taken]
        for kind, items in ((MISS, misses), (FALSE_POSITIVE, spurious)):
            self.report.errors += [Error(kind, category, self.id, prefix + _label(x), _context(kind, x, self.text))
                                   for x in items]
        return pairs


def _listed(x: Any) -> list:
    """A single-valued slot as a list of zero or one value."""
    return [] if x is None else [x]


# name -> (gold items of a gold cluster, predicted items of a predicted cluster, similarity)
_SLOTS: dict[str, tuple[Callable, Callable, Sim]] = {
    "founded": (lambda g: _listed(g.founded), lambda p: _listed(p.get("founded")), _year_sim),
    "members": (lambda g: _listed(g.members), lambda p: _listed(p.get("members")), _count_sim),
    "employees": (lambda g: _listed(g.employees), lambda p: _listed(p.get("employees")), _count_sim),
    "kinds": (lambda g: g.kinds, lambda p: p.get("kinds") or [], _text_sim),
    "regions": (lambda g: g.regions, lambda p: p.get("regions") or [], _text_sim),
    "places": (lambda g: g.places, lambda p: p.get("places") or [], _loose_text_sim),
    "sectors": (lambda g: g.sectors, lambda p: p.get("sectors") or [], _loose_text_sim),
    "supporters": (lambda g: g.supporters, lambda p: p.get("supporters") or [], _loose_text_sim),
    "people": (lambda g: g.people, lambda p: p.get("people") or [], _name_sim),
    "history": (lambda g: g.history, lambda p: p.get("history") or [], _history_sim),
    "figures": (lambda g: g.figures, lambda p: p.get("figures") or [], _figure_sim),
}

# category -> (gold items, predicted items, similarity); clusters are matched apart, for their slots
_CATEGORIES: dict[str, tuple[Callable, Callable, Sim]] = {
    "quotes": (lambda g: g.quotes, lambda r: r.get("quotes") or [], _quote_sim),
    "quotes + speaker": (lambda g: g.quotes, lambda r: r.get("quotes") or [], _quote_speaker_sim),
    "people": (lambda g: g.people, lambda r: r.get("people") or [], _name_sim),
    "organisations": (lambda g: g.organisations, lambda r: r.get("organisations") or [], _organisation_sim),
    "places": (lambda g: g.places, lambda r: r.get("places") or [], _name_sim),
    "dates": (lambda g: g.dates, lambda r: r.get("dates") or [], _date_sim),
    "figures": (lambda g: g.figures, lambda r: r.get("figures") or [], _figure_sim),
}


def _score_slots(article: _Article, gold, pred: Optional[dict]) -> None:
    """Slots of a cluster pair; a missing side (None) makes every slot value of the other an error."""
    name = (gold.name if gold else pred.get("name")) or "?"
    for slot, (gold_items, pred_items, sim) in _SLOTS.items():
        article.match("cluster slots", gold_items(gold) if gold else [], pred_items(pred) if pred else [],
                      sim, prefix=f"{name}.{slot}: ")


def _score_clusters(article: _Article, gold: Gold, record: dict) -> None:
    preds = record.get("clusters") or []
    pairs = article.match("clusters", gold.clusters, preds, _cluster_sim)
    for gi, g in enumerate(gold.clusters):
        if not g.optional:  # an optional gold cluster's slots are left out, found or not
            _score_slots(article, g, preds[pairs[gi]] if gi in pairs else None)
    matched = set(pairs.values())
    for p in (p for pi, p in enumerate(preds) if pi not in matched):
        _score_slots(article, None, p)


def _score_metadata(article: _Article, gold: Gold, record: dict) -> None:
    meta = gold.article
    fields = [(f, getattr(meta, f), record.get(f)) for f in ("title", "section", "published")
              if getattr(meta, f) is not None]
    # Authors are compared as sets; optional authors may be there or not, aliases stand for their author.
    canonical = {norm(n): norm(a.text) for a in meta.authors if not a.optional for n in a.names()}
    optional = {norm(n) for a in meta.authors if a.optional for n in a.names()}
    wanted = {norm(a.text) for a in meta.authors if not a.optional}
    given = {canonical.get(norm(a), norm(a)) for a in record.get("authors") or []} - optional
    results = [(f, norm(str(g)) == norm(str(p or "")), g, p) for f, g, p in fields]
    results.append(("authors", given == wanted, [a.text for a in meta.authors], record.get("authors")))
    for f, right, g, p in results:
        article.report.metadata.right += right
        article.report.metadata.total += 1
        if not right:
            context = f"gold {_json(g)}, predicted {_json(p)}"
            article.report.errors.append(Error(MISS, "metadata", article.id, f, context))


def _record_id(record: Any) -> str:
    return str(_as_dict(record).get("id"))


def score(pairs: Iterable[tuple[Any, Gold]]) -> Report:
    """Score (record, gold) pairs; a record may be an ArticleRecord, its JSON dict, or None (no record)."""
    report = Report()
    for record, gold in pairs:
        if record is None:
            report.missing_records.append(gold.id)
        data = _as_dict(record) or {}
        article = _Article(str(data.get("id") or gold.id), data.get("text") or "", report)
        report.articles += 1
        _score_metadata(article, gold, data)
        _score_clusters(article, gold, data)
        for category, (gold_items, pred_items, sim) in _CATEGORIES.items():
            article.match(category, gold_items(gold), pred_items(data), sim)
    return report


# ---------------------------------------------------------------------------------------------
# Pairing records with gold files


@dataclass
class Pairing:
    """(record, gold) pairs by record id; a gold file without a record is paired with None."""

    pairs: list[tuple[Any, Gold]]
    no_record: list[str]  # gold ids with no record: all their items count as misses
    no_gold: list[str]  # record ids with no gold file: skipped

    def __iter__(self) -> Iterator[tuple[Any, Gold]]:
        return iter(self.pairs)


def pair_records_with_gold(records: Iterable[Any], gold_by_id: Mapping[str, Gold]) -> Pairing:
    by_id: dict[str, Any] = {}
    for record in records:
        rid = _record_id(record)
        if rid in by_id:
            log.warning("record %s appears twice: the first one is scored", rid)
        by_id.setdefault(rid, record)
    no_gold = [rid for rid in by_id if rid not in gold_by_id]
    for rid in no_gold:
        log.warning("record %s has no gold file: skipped", rid)
    no_record = [gid for gid in sorted(gold_by_id) if gid not in by_id]
    for gid in no_record:
        log.warning("gold %s has no record: all its items count as misses", gid)
    return Pairing([(by_id.get(gid), gold_by_id[gid]) for gid in sorted(gold_by_id)], no_record, no_gold)


# ---------------------------------------------------------------------------------------------
# Draft gold from a record (extractor extract --as-gold)


def _pick(d: dict, *keys: str) -> dict:
    return {k: d.get(k) for k in keys}


def _figure_to_gold(f: Optional[dict]) -> Optional[dict]:
    """A figure as the seed gold writes it: exact qualifier and empty `about` left out."""
    if f is None:
        return None
    value = f["value"]
    out = {"value": int(value) if float(value).is_integer() else value, "unit": f.get("unit")}
    if f.get("qualifier", "exact") != "exact":
        out["qualifier"] = f["qualifier"]
    if f.get("about"):
        out["about"] = f["about"]
    return out


def _cluster_to_gold(c: dict) -> dict:
    return {
        **_pick(c, "name", "aliases", "kinds", "founded"),
        "history": [_pick(h, "year", "kind") for h in c.get("history") or []],
        **_pick(c, "places", "regions", "sectors"),
        "members": _figure_to_gold(c.get("members")),
        "employees": _figure_to_gold(c.get("employees")),
        "supporters": c.get("supporters") or [],
        "people": [_pick(p, "name", "role") for p in c.get("people") or []],
        "figures": [_figure_to_gold(f) for f in c.get("figures") or []],
    }


def records_to_gold(record: Any, document: str) -> dict:
    """A draft gold file (format cluster-facts-gold/1) from a record, for an annotator to correct."""
    r = _as_dict(record)
    return {
        "format": FORMAT,
        "document": document,
        "article": {**_pick(r, "title", "section", "authors"),
                    "published": str(r["published"]) if r.get("published") else None},
        "clusters": [_cluster_to_gold(c) for c in r.get("clusters") or []],
        "quotes": [_pick(q, "text", "speaker") for q in r.get("quotes") or []],
        "not_quotes": [],
        "people": [{"name": p["name"], "roles": [_pick(x, "title", "organisation") for x in p.get("roles") or []]}
                   for p in r.get("people") or []],
        "organisations": [_pick(o, "name", *(["acronym"] if o.get("acronym") else []))
                          for o in r.get("organisations") or []],
        "places": [_pick(p, "name", "kind", *(["region"] if p.get("region") else []), "country")
                   for p in r.get("places") or []],
        "dates": [_pick(d, "value") for d in r.get("dates") or []],
        "figures": [_figure_to_gold(f) for f in r.get("figures") or []],
    }

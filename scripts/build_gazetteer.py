"""Regenerate the gazetteer's derived data files in src/extractor/resources/gazetteer/.

Sources (see SOURCES.md there):
- the npm package `@etalab/decoupage-administratif` (INSEE Code officiel géographique, Licence
  Ouverte): regions, departments, communes with their population;
- pycountry's ISO 3166-1 and 3166-2 data and their French gettext catalogues: countries, and the
  first-level subdivisions of neighbouring and large countries (Bavière, Aragon, Californie).

Usage:
    cd /tmp && npm pack @etalab/decoupage-administratif
    python scripts/build_gazetteer.py /tmp/etalab-decoupage-administratif-<version>.tgz

`places.tsv` (former regions, region variants, areas, foreign cities) is written by hand and not
touched here.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import json
import tarfile
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "src" / "extractor" / "resources" / "gazetteer"

# Communes that are current communes, or former communes still named as such (merged ones).
COMMUNE_TYPES = ("commune-actuelle", "commune-deleguee", "commune-associee")
# Overseas collectivities (975, 977...) belong to no region: left out.
ZONES = ("metro", "drom")
# French overseas regions are regions here, not countries.
FRENCH_REGION_CODES = {"GP", "MQ", "GF", "RE", "YT"}
# Countries whose first-level subdivisions (Länder, cantons, states...) the French press names.
SUBDIVISION_COUNTRIES = ("DE", "AT", "BE", "CH", "ES", "IT", "NL", "PT", "US", "CA")

# The usual French name of a country where pycountry's catalogue gives a listing form
# ("Corée, République de") or not the one the press writes, and aliases the press uses.
COUNTRY_NAMES: dict[str, tuple[str, list[str]]] = {
    "US": ("États-Unis", ["USA"]),
    "GB": ("Royaume-Uni", ["UK", "Grande-Bretagne", "Angleterre"]),
    "CZ": ("République tchèque", ["Tchéquie"]),
    "KR": ("Corée du Sud", []),
    "KP": ("Corée du Nord", []),
    "RU": ("Russie", []),
    "IR": ("Iran", []),
    "SY": ("Syrie", []),
    "VN": ("Vietnam", ["Viêt Nam", "Viet Nam"]),
    "TW": ("Taïwan", []),
    "TZ": ("Tanzanie", []),
    "MD": ("Moldavie", []),
    "LA": ("Laos", []),
    "VA": ("Vatican", []),
    "VE": ("Venezuela", ["Vénézuela"]),
    "BO": ("Bolivie", []),
    "PS": ("Palestine", []),
    "FM": ("Micronésie", []),
    "BN": ("Brunei", []),
    "MO": ("Macao", []),
    "CD": ("République démocratique du Congo", ["RDC", "RD Congo"]),
    "CG": ("Congo", ["Congo-Brazzaville"]),
    "NL": ("Pays-Bas", ["Hollande"]),
    "AE": ("Émirats arabes unis", []),
    "CV": ("Cap-Vert", []),
    "MK": ("Macédoine du Nord", ["Macédoine"]),
    "MF": ("Saint-Martin", []),
    "SX": ("Sint Maarten", []),
}


def read_package(path: Path) -> dict[str, list[dict]]:
    """The JSON data files of the npm tarball (or of its unpacked `package/` folder)."""
    names = ("regions", "departements", "communes")
    if path.is_dir():
        return {n: json.loads((path / "data" / f"{n}.json").read_text("utf-8")) for n in names}
    with tarfile.open(path) as tar:
        return {n: json.load(tar.extractfile(f"package/data/{n}.json")) for n in names}


def write_tsv(name: str, header: list[str], rows: list[list]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (OUT / name).write_text(buffer.getvalue(), encoding="utf-8")
    print(f"{name}: {len(rows)} rows, {len(buffer.getvalue().encode()) // 1024} KiB")


def build_regions(data: dict) -> None:
    rows = [[r["code"], r["nom"]] for r in data["regions"] if r["zone"] in ZONES]
    write_tsv("regions.tsv", ["code", "name"], rows)


def build_departments(data: dict) -> None:
    chef_lieu = {c["code"]: c["nom"] for c in data["communes"] if c["type"] == "commune-actuelle"}
    rows = [[d["code"], d["nom"], d["region"], chef_lieu.get(d["chefLieu"], "")]
            for d in data["departements"] if d["zone"] in ZONES]
    write_tsv("departments.tsv", ["code", "name", "region", "chef_lieu"], rows)


def build_communes(data: dict) -> None:
    seen: set[tuple[str, str]] = set()
    rows = []
    # Current communes first, so that a former commune of the same name and department is dropped.
    for commune in sorted(data["communes"], key=lambda c: COMMUNE_TYPES.index(c["type"])
                          if c["type"] in COMMUNE_TYPES else 9):
        if commune["type"] not in COMMUNE_TYPES or commune["zone"] not in ZONES:
            continue
        key = (commune["nom"], commune["departement"])
        if key in seen:
            continue
        seen.add(key)
        rows.append([commune["nom"], commune["code"], commune["departement"], commune.get("population", "")])
    rows.sort(key=lambda r: r[1])
    write_tsv("communes.tsv", ["name", "insee", "department", "population"], rows)


def build_subdivisions() -> None:
    """First-level subdivisions of neighbouring and large countries, under their French name."""
    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    rows = []
    for code in SUBDIVISION_COUNTRIES:
        for subdivision in pycountry.subdivisions.get(country_code=code):
            name = french.gettext(subdivision.name)
            # Skip listing forms ("Flamande, Région") and bilingual ones ("Catalunya [Cataluña]").
            if subdivision.parent_code is None and not set(name) & set(",[("):
                rows.append([code, name])
    write_tsv("subdivisions.tsv", ["country", "name"], sorted(rows))


def build_countries() -> None:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in FRENCH_REGION_CODES:
            continue
        forms = [french.gettext(f) for f in (getattr(country, "common_name", None), country.name,
                                              getattr(country, "official_name", None)) if f]
        name, aliases = COUNTRY_NAMES.get(code, (forms[0], []))
        names = [name, *aliases, *(f for f in forms if ", " not in f)]
        rows.append([code, "|".join(dict.fromkeys(names))])
    write_tsv("countries.tsv", ["code", "names"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package", type=Path, help="the npm pack tarball of @etalab/decoupage-administratif")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = read_package(args.package)
    build_regions(data)
    build_departments(data)
    build_communes(data)
    build_countries()
    build_subdivisions()


if __name__ == "__main__":
    main()

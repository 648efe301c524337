"""Write ontologies/gazetteer/country_codes.tsv: the identifiers of every country kgraph knows.

Run from the repository root: ``python scripts/make_country_codes.py [--csv COUNTRY-CODES.CSV]
[--out DIR]`` (needs ``country_converter``: ``pip install -e '.[build]'``). Sources, never typed
by hand:

- ISO 3166-1 alpha-2 / alpha-3, UN M49 and the Wikidata item: ``country-codes.csv`` of the
  datasets/country-codes repository (PDDL; default ``../shared/data/country-codes/``, see its
  SOURCE.txt);
- the Gleditsch–Ward number: the ``GWcode`` column of country_converter's own data table.

The rows are the countries of ``countries.tsv``; a country a source does not know keeps the
cell empty (Kosovo has no ISO code, M49 or GW entry in these sources; its Wikidata item is left
empty too rather than typed by hand).
"""
from __future__ import annotations

import argparse
import csv
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "ontologies" / "gazetteer"
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "country-codes" / "country-codes.csv"
COLUMNS = ("iso3", "iso2", "m49", "gw", "wikidata")


def _gw_codes() -> dict[str, str]:
    """ISO3 → Gleditsch–Ward number, from country_converter's data table (read as text: its own
    loader turns Namibia's ISO2 "NA" into a missing value under recent pandas)."""
    table = resources.files("country_converter").joinpath("country_data.tsv")
    with table.open(encoding="utf-8") as fh:
        return {r["ISO3"]: r["GWcode"].split(".")[0] for r in csv.DictReader(fh, delimiter="\t")
                if r["ISO3"] and r["GWcode"]}


def main(csv_path: Path, out_dir: Path) -> None:
    with open(csv_path, encoding="utf-8", newline="") as fh:
        by_iso3 = {r["ISO3166-1-Alpha-3"]: r for r in csv.DictReader(fh) if r["ISO3166-1-Alpha-3"]}
    gw = _gw_codes()
    with open(GAZETTEER / "countries.tsv", encoding="utf-8", newline="") as fh:
        countries = sorted(r["iso3"] for r in csv.DictReader(fh, delimiter="\t"))
    out = out_dir / "country_codes.tsv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for iso3 in countries:
            row = by_iso3.get(iso3, {})
            wikidata = row.get("wikidata_id", "").rsplit("/", 1)[-1]
            writer.writerow((iso3, row.get("ISO3166-1-Alpha-2", ""), row.get("M49", "").zfill(3) if row.get("M49")
                             else "", gw.get(iso3, ""), wikidata if wikidata.startswith("Q") else ""))
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="country-codes.csv of datasets/country-codes")
    parser.add_argument("--out", type=Path, default=GAZETTEER, help="folder to write country_codes.tsv to")
    args = parser.parse_args()
    main(args.csv, args.out)

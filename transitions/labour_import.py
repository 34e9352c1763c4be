"""Load the labour-market extract (content/data/labour/) into the occupation tables, in one transaction.

Occupations, areas and work activities are matched by their codes, so roles keep pointing at the
same rows; wages, activity weights and similarities are replaced whole. Loading twice gives the
same rows, and a file that is damaged or malformed fails before anything changes.
"""

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from transitions import versioning
from transitions.labour import (
    NATIONAL,
    WAGE_COLUMNS,
    ExtractError,
    nearest_occupations,
    parse_figure,
    percentiles,
    read_extract,
)
from transitions.models import Area, Occupation, OccupationActivity, Role, Similarity, Wage, WorkActivity

EXTRACT_DIR = Path(settings.BASE_DIR) / "content" / "data" / "labour"
SOC = re.compile(r"^\d{2}-\d{4}$")
BATCH = 2000
OCCUPATION_FIELDS = [
    "title", "slug", "major_group", "major_group_title", "median_wage", "median_wage_top_coded", "ai_score",
    "ai_percentile",
]  # fmt: skip


def load(directory=EXTRACT_DIR):
    """Import the extract; return how many rows of each kind are now loaded."""
    tables = read_extract(directory)
    parsed = _parse(tables)
    with transaction.atomic():
        areas = _upsert(Area, "code", parsed["areas"], ["name"])
        activities = _upsert(WorkActivity, "code", parsed["activities"], ["title", "applicability"])
        occupations = _upsert(
            Occupation,
            "soc",
            parsed["occupations"],
            OCCUPATION_FIELDS,
        )
        gone = Occupation.objects.exclude(soc__in=occupations)
        used = Role.objects.filter(occupation__in=gone).values_list("name", "occupation__soc").first()
        if used:
            raise ExtractError(f"role {used[0]!r} points at {used[1]}, which the extract no longer has")
        gone.delete()

        for model in (Similarity, OccupationActivity, Wage):
            model.objects.all().delete()
        Wage.objects.bulk_create(
            [
                Wage(occupation_id=occupations[soc], area_id=areas[area], **fields)
                for soc, area, fields in parsed["wages"]
            ],
            batch_size=BATCH,
        )
        OccupationActivity.objects.bulk_create(
            [
                OccupationActivity(occupation_id=occupations[soc], activity_id=activities[code], weight=weight)
                for soc, code, weight in parsed["weights"]
            ],
            batch_size=BATCH,
        )
        Similarity.objects.bulk_create(
            [
                Similarity(
                    occupation_id=occupations[soc],
                    other_id=occupations[neighbour.soc],
                    rank=rank,
                    score=min(neighbour.score, 1.0),
                    shared_activities=list(neighbour.shared),
                )
                for soc, neighbours in parsed["similar"].items()
                for rank, neighbour in enumerate(neighbours, start=1)
            ],
            batch_size=BATCH,
        )
        # Wages, weights and similarities are plain tables written in bulk: the pages they feed change.
        versioning.bump()
    return {
        "occupations": len(occupations),
        "areas": len(areas),
        "wages": len(parsed["wages"]),
        "activities": len(activities),
        "activity weights": len(parsed["weights"]),
        "similarities": sum(len(n) for n in parsed["similar"].values()),
    }


def _upsert(model, key, rows, fields):
    """Create or update rows matched by `key`; return {key: pk}."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    new, changed = [], []
    for values in rows:
        obj = existing.get(values[key])
        if obj is None:
            new.append(model(**values))
        elif any(getattr(obj, name) != values[name] for name in fields):
            for name in fields:
                setattr(obj, name, values[name])
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=BATCH)
    model.objects.bulk_update(changed, fields, batch_size=BATCH)
    return dict(model.objects.filter(**{f"{key}__in": [r[key] for r in rows]}).values_list(key, "pk"))


class _Rows:
    """Reads fields of one extract file, naming the file and line in every error."""

    def __init__(self, name):
        self.name = name

    def fail(self, line, message):
        raise ExtractError(f"{self.name}.csv.gz: line {line}: {message}")

    def number(self, line, text, field, kind=float, low=0.0, high=1.0):
        try:
            value = kind(text)
        except (ValueError, InvalidOperation):
            self.fail(line, f"{field} {text!r} is not a number")
        if not low <= value <= high:
            self.fail(line, f"{field} {text!r} is outside {low}-{high}")
        return value


def _parse(tables):
    rows = _Rows("areas")
    areas = []
    for line, row in enumerate(tables["areas"], start=2):
        if not re.fullmatch(r"[A-Z]{2}", row["code"]) or not row["name"]:
            rows.fail(line, f"area code {row['code']!r} must be two capital letters, with a name")
        areas.append({"code": row["code"], "name": row["name"]})
    area_codes = {area["code"] for area in areas}
    if NATIONAL not in area_codes:
        rows.fail(1, f"the national area {NATIONAL!r} is missing")

    rows = _Rows("activities")
    activities = []
    for line, row in enumerate(tables["activities"], start=2):
        if not row["code"] or not row["title"]:
            rows.fail(line, "every activity needs a code and a title")
        activities.append(
            {
                "code": row["code"],
                "title": row["title"],
                "applicability": rows.number(line, row["applicability"], "applicability"),
            }
        )
    activity_codes = {activity["code"] for activity in activities}

    rows = _Rows("occupations")
    occupations = {}
    for line, row in enumerate(tables["occupations"], start=2):
        soc = row["soc"]
        if not SOC.match(soc) or not row["title"]:
            rows.fail(line, f"SOC code {soc!r} must look like 13-2041, with a title")
        if soc in occupations:
            rows.fail(line, f"SOC code {soc} appears twice")
        occupations[soc] = {
            "soc": soc,
            "title": row["title"],
            "slug": slugify(row["title"])[:200],
            "major_group": row["major_group"],
            "major_group_title": row["major_group_title"],
            "median_wage": None,
            "median_wage_top_coded": False,
            "ai_score": rows.number(line, row["ai_score"], "ai_score") if row["ai_score"] else None,
            "ai_percentile": None,
        }
    scored = {soc: o["ai_score"] for soc, o in occupations.items() if o["ai_score"] is not None}
    for soc, percentile in percentiles(scored).items():
        occupations[soc]["ai_percentile"] = percentile

    rows = _Rows("wages")
    wages, seen = [], set()
    for line, row in enumerate(tables["wages"], start=2):
        soc, area = row["soc"], row["area"]
        if soc not in occupations or area not in area_codes:
            rows.fail(line, f"unknown occupation {soc!r} or area {area!r}")
        if (soc, area) in seen:
            rows.fail(line, f"{soc} in {area} appears twice")
        seen.add((soc, area))
        fields, top, withheld = {}, [], []
        for column in WAGE_COLUMNS:
            kind = Decimal if column.startswith("hourly") else int
            try:
                value, marker = parse_figure(row[column], kind=kind)
            except (ValueError, InvalidOperation):
                rows.fail(line, f"{column} {row[column]!r} is not a number, '#' (top-coded), '*' (withheld) or empty")
            fields[column] = value
            if marker == "#":
                top.append(column)
            elif marker == "*":
                withheld.append(column)
        fields["top_coded"], fields["withheld"] = " ".join(top), " ".join(withheld)
        p10, p90 = fields["annual_p10"], fields["annual_p90"]
        if p10 is not None and p90 is not None and p10 > p90:
            rows.fail(line, "the 10th percentile is above the 90th")
        wages.append((soc, area, fields))
        if area == NATIONAL:
            occupations[soc]["median_wage"] = fields["annual_median"]
            if "annual_median" in top:
                occupations[soc]["median_wage_top_coded"] = True
                occupations[soc]["median_wage"] = 239_200

    rows = _Rows("occupation_activities")
    weights, vectors = [], {}
    for line, row in enumerate(tables["occupation_activities"], start=2):
        soc, code = row["soc"], row["activity"]
        if soc not in occupations or code not in activity_codes:
            rows.fail(line, f"unknown occupation {soc!r} or activity {code!r}")
        weight = rows.number(line, row["weight"], "weight", high=1e9)
        if weight <= 0:
            rows.fail(line, "weights must be above zero")
        if code in vectors.setdefault(soc, {}):
            rows.fail(line, f"activity {code} appears twice for {soc}")
        vectors[soc][code] = weight
        weights.append((soc, code, weight))

    return {
        "areas": areas,
        "activities": activities,
        "occupations": list(occupations.values()),
        "wages": wages,
        "weights": weights,
        "similar": nearest_occupations(vectors),
    }

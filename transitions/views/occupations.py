"""Official occupation pages (the index by major group, one occupation, about the data), and the official
wage bands that guide and role pages show beside their own figures."""

import json
from functools import cache

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from transitions import versioning
from transitions.labour import NATIONAL, band_positions, nice_scale
from transitions.labour_import import EXTRACT_DIR
from transitions.models import Area, Occupation, Transition, Wage, WorkActivity
from transitions.views import guides

RELEASE = "May 2025"
SOURCE_NAME = "BLS Occupational Employment and Wage Statistics"
OCCUPATIONS_PER_SEARCH = 100
POINTS = ["p10", "p25", "median", "p75", "p90"]


# --- The area a visitor asked for ---------------------------------------------------------------


def pick_area(request):
    """(areas, chosen area, error): ?state=CA, else the learner's remembered state, else the US.

    A signed-in learner's choice is remembered on their account; an unknown code is an error for a 400.
    """
    areas = versioning.cached("areas", lambda: list(Area.objects.all()))
    by_code = {area.code: area for area in areas}
    national = by_code.get(NATIONAL)
    asked = (request.GET.get("state") or "").strip().upper()
    if asked:
        if asked not in by_code:
            return areas, national, f"Unknown state {asked[:10]!r}: choose one from the list."
        user = request.user
        if user.is_authenticated and user.wage_area != asked:
            get_user_model().objects.filter(pk=user.pk).update(wage_area=asked)
            user.wage_area = asked
        return areas, by_code[asked], None
    remembered = getattr(request.user, "wage_area", "")
    return areas, by_code.get(remembered, national), None


def source_url(area):
    """The BLS page with the May 2025 tables for the nation or for one state."""
    if area is None or area.is_national:
        return "https://www.bls.gov/oes/current/oes_nat.htm"
    return f"https://www.bls.gov/oes/current/oes_{area.code.lower()}.htm"


def wages_for(occupations, area):
    """{(occupation id, area code): Wage} for the nation and `area`: one query, or none once cached."""
    ids = sorted({o.pk for o in occupations if o is not None})
    if not ids:
        return {}
    codes = sorted({NATIONAL, area.code if area else NATIONAL})

    def load():
        wages = Wage.objects.filter(occupation_id__in=ids, area__code__in=codes).select_related("area")
        return {(wage.occupation_id, wage.area.code): wage for wage in wages}

    return versioning.cached(f"wages:{','.join(map(str, ids))}:{','.join(codes)}", load)


def band_rows(entries, wages, *, linked=True):
    """The band chart for entries of (label, occupation, area), on one shared scale.

    Where an area has no estimate for an occupation the national row stands in, flagged so the
    page says so.
    """
    rows = []
    for label, occupation, area in entries:
        if occupation is None:
            rows.append({"label": label, "occupation": None})
            continue
        wage = wages.get((occupation.pk, area.code)) if area else None  # no areas: the wages are not loaded
        fallback = wage is None and area is not None and not area.is_national
        wage = wage or wages.get((occupation.pk, NATIONAL))
        note = getattr(label, "occupation_note", "")  # a role says when its occupation is only the closest match
        rows.append(
            {
                "label": label,
                "occupation": occupation,
                "wage": wage,
                "area": area,
                "is_fallback": fallback,
                "note": note,
            }
        )
    drawn = [row for row in rows if row.get("wage")]
    bases = {row["wage"].basis for row in drawn}
    step = 1 if bases == {"hourly"} else 10_000
    low, high = nice_scale([f.value for row in drawn for f in row["wage"].band() if f.is_known], step=step)
    for row in drawn:
        figures = row["wage"].band()
        at = band_positions([f.value if f.is_known else None for f in figures], low, high)
        row["figures"] = dict(zip(POINTS, figures, strict=True))
        row["median_at"] = at[2]
        row["drawable"] = None not in (at[1], at[3]) and len(bases) == 1
        if row["drawable"]:
            outer_from = at[0] if at[0] is not None else at[1]
            outer_to = at[4] if at[4] is not None else at[3]
            row["outer"] = {"x": outer_from, "width": max(round(outer_to - outer_from, 2), 0.5)}
            row["inner"] = {"x": at[1], "width": max(round(at[3] - at[1], 2), 0.5)}
    basis = bases.pop() if len(bases) == 1 else "annual"
    return {"rows": rows, "low": low, "high": high, "basis": basis, "linked": linked}


def median_difference(first, second):
    """Difference of two wage rows' annual medians ($ and %), or None when either is missing or top-coded."""
    if first is None or second is None:
        return None
    a, b = first.figure("annual_median"), second.figure("annual_median")
    if a.value is None or b.value is None or a.marker or b.marker:
        return None
    difference = b.value - a.value
    return {"amount": difference, "percent": round(difference * 100 / a.value)}


def official_comparison(transition, areas, area):
    """The official picture for a guide's two roles in `area`, one of `areas` (see pick_area)."""
    from_role, to_role = transition.from_role, transition.to_role
    wages = wages_for([from_role.occupation, to_role.occupation], area)
    chart = band_rows([(from_role, from_role.occupation, area), (to_role, to_role.occupation, area)], wages)
    rows = chart["rows"]
    return {
        "areas": areas,
        "area": area,
        "chart": chart,
        "difference": median_difference(rows[0].get("wage"), rows[1].get("wage")),
        "source_url": source_url(area),
        "source_name": SOURCE_NAME,
        "release": RELEASE,
        "has_any": any(row.get("wage") for row in rows),
    }


# --- Pages --------------------------------------------------------------------------------------


@versioning.for_visitors("q", "group")
def occupation_index(request):
    groups = list(
        Occupation.objects.values("major_group", "major_group_title")
        .annotate(count=Count("pk"))
        .order_by("major_group")
    )
    query = guides.clean_query(request.GET.get("q"))
    group_code = request.GET.get("group")
    group = next((g for g in groups if g["major_group"] == group_code), None)
    if group_code and group is None:
        return HttpResponseBadRequest("Unknown major group: choose one from the list.")
    occupations = None
    if query:
        occupations = list(Occupation.objects.search(query)[:OCCUPATIONS_PER_SEARCH])
    elif group:
        occupations = list(Occupation.objects.filter(major_group=group["major_group"]))
    return render(
        request,
        "transitions/occupations/index.html",
        {"groups": groups, "group": group, "query": query, "occupations": occupations, "release": RELEASE},
    )


@versioning.for_visitors("state")
def occupation(request, soc, slug):
    occupation = get_object_or_404(Occupation, soc=soc)
    if slug != occupation.slug:
        return redirect(occupation, permanent=True)
    areas, area, error = pick_area(request)
    if error:
        return HttpResponseBadRequest(error)
    wages = wages_for([occupation], area)
    national = wages.get((occupation.pk, NATIONAL))
    nation = next(a for a in areas if a.is_national)
    entries = [("United States", occupation, nation)]
    if not area.is_national and (occupation.pk, area.code) in wages:
        entries.append((area.name, occupation, area))
    chart = band_rows(entries, wages, linked=False)
    shown = wages.get((occupation.pk, area.code)) or national
    state_wage = wages.get((occupation.pk, area.code)) if not area.is_national else None
    similar = list(occupation.similarities.select_related("other"))
    shared_codes = {code for link in similar for code in link.shared_activities}
    titles = {
        code: title.rstrip(".")
        for code, title in WorkActivity.objects.filter(code__in=shared_codes).values_list("code", "title")
    }
    transitions = (
        Transition.objects.published()
        .with_roles()
        .filter(Q(from_role__occupation=occupation) | Q(to_role__occupation=occupation))
    )
    return render(
        request,
        "transitions/occupations/detail.html",
        {
            "occupation": occupation,
            "areas": areas,
            "area": area,
            "wage": shown,
            "table": wage_table(national, state_wage),
            "national": national,
            "state_missing": not area.is_national and (occupation.pk, area.code) not in wages,
            "chart": chart,
            "source_url": source_url(area if (occupation.pk, area.code) in wages else None),
            "source_name": SOURCE_NAME,
            "release": RELEASE,
            "most": list(occupation.most_ai_applicable_activities()),
            "least": list(occupation.least_ai_applicable_activities()),
            "similar": [
                {
                    "link": link,
                    "shared": [titles[code] for code in link.shared_activities if code in titles],
                    "change": _median_change(occupation, link.other),
                }
                for link in similar
            ],
            "transitions": transitions,
        },
    )


def wage_table(national, state):
    """The wage table: national yearly and hourly figures, and the state's beside them when chosen."""
    if national is None:
        return None
    wages = [national] + ([state] if state else [])
    columns = [f"{wage.area.name}, {basis}" for wage in wages for basis in ("yearly", "hourly")]
    rows = []
    for index, (label, _, _) in enumerate(national.table):
        cells = [figure for wage in wages for figure in wage.table[index][1:]]
        rows.append({"label": label, "cells": cells})
    employment = [(wage.area.name, wage.employment_figure) for wage in wages]
    return {"columns": columns, "rows": rows, "employment": employment}


def _median_change(occupation, other):
    return occupation.median_change_to(other)


@cache
def _manifest():
    try:
        return json.loads((EXTRACT_DIR / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Http404("The data manifest is missing.") from error


def about_data(request):
    manifest = _manifest()
    return render(
        request,
        "transitions/about_data.html",
        {
            "manifest": manifest,
            "oews_sources": sorted(manifest.get("oews", {}).get("sources", {}).items()),
            "ai_files": sorted(manifest.get("working_with_ai", {}).get("files", {}).items()),
            "extract_files": sorted(manifest.get("files", {}).items()),
            "release": RELEASE,
            "occupation_count": Occupation.objects.count(),
            "scored_count": Occupation.objects.scored().count(),
        },
    )

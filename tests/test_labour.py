"""The labour-market extract: the pure logic (BLS markers, similarity, percentiles), the import of the
real extract (fast, idempotent, all-or-nothing) and the figures it gives known occupations."""

import gzip
import hashlib
import json
import shutil
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from transitions.labour import (
    ExtractError,
    band_positions,
    bls_value,
    cosine,
    nearest_occupations,
    nice_scale,
    parse_figure,
    percentiles,
    read_extract,
)
from transitions.labour_import import EXTRACT_DIR
from transitions.models import Area, Occupation, OccupationActivity, Similarity, Wage, WorkActivity


@pytest.mark.parametrize(
    ("value", "footnote", "expected"),
    [
        ("83510", None, "83510"),
        ("48.49", "", "48.49"),
        ("-", "5", "#"),  # at or above $239,200 a year
        ("-", "8", "*"),  # not released
        ("-", "4", ""),  # paid only hourly (or only yearly): the figure does not exist
        ("-", None, ""),
        (None, None, ""),
    ],
)
def test_bls_values_keep_their_footnote_markers(value, footnote, expected):
    assert bls_value(value, footnote) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("83510", int, (83510, "")),
        ("48.49", Decimal, (Decimal("48.49"), "")),
        ("#", int, (None, "#")),
        ("*", int, (None, "*")),
        ("", int, (None, "")),
    ],
)
def test_extract_figures_parse(text, kind, expected):
    assert parse_figure(text, kind=kind) == expected


@pytest.mark.parametrize("text", ["0x10", "12,000", "-5", "lots", "$100"])
def test_extract_figures_reject_anything_else(text):
    with pytest.raises(ValueError):  # noqa: PT011 (int() and our own check both say ValueError)
        parse_figure(text)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ({"a": 1.0}, {"a": 3.0}, 1.0),
        ({"a": 1.0}, {"b": 1.0}, 0.0),
        ({"a": 1.0, "b": 1.0}, {"a": 1.0}, 0.7071),
        ({"a": 0.0}, {"a": 1.0}, 0.0),
        ({}, {}, 0.0),
    ],
)
def test_cosine_similarity(first, second, expected):
    assert cosine(first, second) == pytest.approx(expected, abs=1e-4)


def test_nearest_occupations_rank_by_cosine_and_never_list_themselves():
    weights = {
        "A": {"x": 3.0, "y": 1.0},
        "B": {"x": 3.0, "y": 1.1},  # almost the same work as A
        "C": {"y": 1.0, "z": 2.0},
        "D": {"z": 5.0},
        "E": {"q": 1.0},  # shares nothing
    }
    nearest = nearest_occupations(weights, k=3, shared=2)
    assert [n.soc for n in nearest["A"]] == ["B", "C"]
    assert nearest["A"][0].score == pytest.approx(cosine(weights["A"], weights["B"]), abs=1e-6)
    assert nearest["A"][0].shared == ("x", "y")  # x weighs most in both
    assert nearest["E"] == []
    for soc, neighbours in nearest.items():
        assert soc not in [n.soc for n in neighbours]


def test_nearest_occupations_break_ties_by_code():
    weights = {"A": {"x": 1.0}, "C": {"x": 1.0}, "B": {"x": 1.0}}
    assert [n.soc for n in nearest_occupations(weights)["A"]] == ["B", "C"]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"a": 0.1, "b": 0.2, "c": 0.3}, {"a": 0.0, "b": 50.0, "c": 100.0}),
        ({"a": 0.1, "b": 0.1, "c": 0.3}, {"a": 0.0, "b": 0.0, "c": 100.0}),
        ({"a": 0.4}, {"a": 100.0}),
        ({}, {}),
    ],
)
def test_percentiles(scores, expected):
    assert percentiles(scores) == expected


# --- The real extract ---------------------------------------------------------------------------


def snapshot():
    return {
        "occupations": list(Occupation.objects.values_list("pk", "soc", "title", "median_wage", "ai_percentile")),
        "areas": list(Area.objects.values_list("pk", "code", "name")),
        "wages": sorted(Wage.objects.values_list("occupation__soc", "area__code", "annual_median", "top_coded")),
        "activities": sorted(OccupationActivity.objects.values_list("occupation__soc", "activity__code", "weight")),
        "similar": sorted(Similarity.objects.values_list("occupation__soc", "rank", "other__soc", "score")),
    }


@pytest.mark.django_db(transaction=True)
def test_the_whole_extract_loads_in_under_a_minute_and_twice_gives_the_same_rows(capsys):
    # CPU time, not wall time: the machine is shared, and others' load must not fail this test. Alone,
    # the import takes about 6 s of wall time on SQLite and 12 s on PostgreSQL here.
    started = time.process_time()
    call_command("import_labour_data")
    elapsed = time.process_time() - started
    assert elapsed < 60, elapsed
    assert "Loaded 832 occupations, 55 areas, 36998 wages" in capsys.readouterr().out
    first = snapshot()
    assert len(first["occupations"]) == 832
    assert WorkActivity.objects.count() == 332
    assert Occupation.objects.filter(ai_score__isnull=False).count() == 785
    assert len(first["similar"]) == 785 * 10
    call_command("import_labour_data")
    assert snapshot() == first


def test_if_empty_leaves_loaded_data_alone(labour_data, capsys):
    Occupation.objects.filter(soc="15-1252").update(title="Edited")
    call_command("import_labour_data", "--if-empty")
    assert "already loaded" in capsys.readouterr().out
    assert Occupation.objects.get(soc="15-1252").title == "Edited"


def test_known_figures_match_the_extract(labour_data):
    developers = Occupation.objects.get(soc="15-1252")
    assert developers.title == "Software Developers"
    assert developers.major_group == "15-0000"
    assert developers.major_group_title == "Computer and Mathematical Occupations"
    assert developers.median_wage == 135_980
    national = developers.wages.get(area__code="US")
    assert (national.annual_p10, national.annual_p25, national.annual_median) == (82_460, 105_210, 135_980)
    assert (national.annual_p75, national.annual_p90, national.employment) == (171_980, 214_670, 1_687_890)
    credit = Wage.objects.get(occupation__soc="13-2041", area__code="NY")
    assert credit.annual_median > credit.annual_p25 > credit.annual_p10


def test_top_coded_and_withheld_figures_are_never_numbers_or_zero(labour_data):
    alaska = Wage.objects.get(occupation__soc="29-1022", area__code="AK")  # oral surgeons in Alaska
    assert alaska.annual_median is None
    assert str(alaska.figure("annual_median")) == "$239,200 or more"
    assert str(alaska.figure("hourly_median")) == "$115.00 or more"
    assert alaska.figure("annual_median").is_top_coded
    massachusetts = Wage.objects.get(occupation__soc="11-1011", area__code="MA")  # chief executives
    assert str(massachusetts.figure("annual_median")) == "not published"
    colorado = Wage.objects.get(occupation__soc="11-1011", area__code="CO")
    assert str(colorado.figure("employment")) == "not published"
    assert str(colorado.figure("annual_median")) == "$213,370"


def test_hourly_only_occupations_show_hourly_figures(labour_data):
    actors = Wage.objects.get(occupation__soc="27-2011", area__code="US")
    assert actors.is_hourly_only
    assert str(actors.median_figure) == "$29.05"
    assert str(actors.figure("annual_median")) == "—"
    assert [str(f) for f in actors.band()] == ["$16.50", "$20.34", "$29.05", "$97.95", "$143.68"]


def test_occupations_without_wage_estimates_are_still_listed(labour_data):
    legislators = Occupation.objects.get(soc="11-1031")
    assert legislators.median_wage is None
    assert legislators.ai_score is not None
    assert not legislators.wages.exists()


def test_similar_occupations_rank_a_known_pair_high_and_never_themselves(labour_data):
    credit = Occupation.objects.get(soc="13-2041")
    others = list(credit.similarities.values_list("other__soc", flat=True))
    assert "13-2051" in others[:3]  # financial and investment analysts
    assert "13-2041" not in others
    assert not Similarity.objects.filter(occupation=F("other")).exists()


def test_top_and_bottom_activities_by_ai_applicability(labour_data):
    developers = Occupation.objects.get(soc="15-1252")
    most = list(developers.most_ai_applicable_activities())
    least = list(developers.least_ai_applicable_activities())
    assert len(most) == len(least) == 5
    scores = [link.activity.applicability for link in most]
    assert scores == sorted(scores, reverse=True)
    assert max(link.activity.applicability for link in least) <= min(scores)
    assert all(link.weight > 0 for link in most + least)
    assert 0 <= developers.ai_percentile <= 100


# --- Damaged or malformed files change nothing ----------------------------------------------------


@pytest.fixture
def extract_copy(tmp_path):
    target = tmp_path / "labour"
    shutil.copytree(EXTRACT_DIR, target)
    return target


def rewrite(directory, name, edit):
    """Change one file and record its new checksum, so only the content check can catch it."""
    path = directory / name
    text = edit(gzip.decompress(path.read_bytes()).decode())
    data = gzip.compress(text.encode())
    path.write_bytes(data)
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"][name]["sha256"] = hashlib.sha256(data).hexdigest()
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_a_truncated_file_fails_clearly_and_changes_nothing(labour_data, extract_copy):
    before = snapshot()
    wages = extract_copy / "wages.csv.gz"
    wages.write_bytes(wages.read_bytes()[:50_000])
    with pytest.raises(CommandError, match=r"wages.csv.gz: checksum does not match the manifest.*Nothing was changed"):
        call_command("import_labour_data", str(extract_copy))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        (
            "wages.csv.gz",
            lambda text: text.replace("15-1252,US,1687890,148100", "15-1252,US,1687890,lots"),
            r"wages.csv.gz: line \d+: annual_mean 'lots' is not a number",
        ),
        (
            "wages.csv.gz",
            lambda text: text.replace("15-1252,US,", "15-1252,ZZ,", 1),
            r"unknown occupation .* or area 'ZZ'",
        ),
        ("occupations.csv.gz", lambda text: text.replace("15-1252,", "151252,"), r"SOC code '151252' must look like"),
        ("occupations.csv.gz", lambda text: text.replace("0.283869", "7"), r"ai_score '7' is outside"),
        ("wages.csv.gz", lambda text: text.replace("\n", "\n,", 1), r"line 2 has \d+ fields"),
    ],
)
def test_a_malformed_file_fails_with_file_and_line_and_changes_nothing(labour_data, extract_copy, name, edit, message):
    before = snapshot()
    rewrite(extract_copy, name, edit)
    with pytest.raises(CommandError, match=message):
        call_command("import_labour_data", str(extract_copy))
    assert snapshot() == before


def test_a_missing_manifest_or_file_fails_clearly(tmp_path, extract_copy):
    with pytest.raises(ExtractError, match="cannot read the manifest"):
        read_extract(tmp_path)
    (extract_copy / "areas.csv.gz").unlink()
    with pytest.raises(ExtractError, match=r"areas\.csv\.gz"):
        read_extract(extract_copy)


@pytest.mark.parametrize(
    ("points", "low", "high", "expected"),
    [
        ([50_000, 60_000, 70_000, 80_000, 90_000], 50_000, 100_000, [0.0, 20.0, 40.0, 60.0, 80.0]),
        ([None, 60_000, 70_000, 80_000, None], 50_000, 100_000, [None, 20.0, 40.0, 60.0, None]),
        ([40_000, 120_000], 50_000, 100_000, [0.0, 100.0]),  # clamped to the chart
        ([10, 20], 5, 5, [50.0, 50.0]),
    ],
)
def test_band_positions(points, low, high, expected):
    assert band_positions(points, low, high) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([56_250, 169_230], (50_000, 170_000)),
        ([None, 82_460, 214_670], (80_000, 220_000)),
        ([], (0, 10_000)),
        ([60_000], (60_000, 70_000)),
    ],
)
def test_nice_scale(values, expected):
    assert nice_scale(values) == expected

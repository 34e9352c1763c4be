"""The learner's pace and projected finish (accounts.pace): pure date arithmetic, table-tested."""

from datetime import date

import pytest

from accounts.pace import add_months, months_between, project

START = date(2027, 1, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 15), 6, date(2027, 7, 15)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 12, 1), 12, date(2028, 12, 1)),
        (date(2027, 3, 31), 0, date(2027, 3, 31)),
    ],
)
def test_months_are_added_on_the_calendar(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (date(2027, 1, 1), date(2027, 1, 2), 1),  # a gap is at least a month
        (date(2027, 1, 1), date(2027, 3, 1), 2),
        (date(2027, 1, 1), date(2027, 2, 14), 1),
        (date(2027, 1, 1), date(2027, 2, 16), 2),
        (date(2027, 1, 1), date(2028, 1, 1), 12),
    ],
)
def test_months_between_round_to_the_nearest_month(earlier, later, months):
    assert months_between(earlier, later) == months


@pytest.mark.parametrize(
    ("today", "finished", "total", "state", "finish_date"),
    [
        (date(2027, 3, 1), 0, 0, "no_steps", None),
        (date(2027, 3, 1), 5, 5, "complete", None),
        (date(2027, 3, 1), 6, 5, "complete", None),
        (date(2027, 3, 1), 0, 5, "too_few_steps", None),
        (date(2027, 3, 1), 1, 5, "too_few_steps", None),
        (date(2027, 1, 7), 3, 5, "too_early", None),  # six days
        (date(2026, 12, 1), 3, 5, "too_early", None),  # a start in the future (a changed clock)
        # 2 steps in 14 days: 1 a week; 3 left take 21 days.
        (date(2027, 1, 15), 2, 5, "projected", date(2027, 2, 5)),
        # 3 steps in 7 days; 1 left takes 7 / 3 days, rounded up to 3.
        (date(2027, 1, 8), 3, 4, "projected", date(2027, 1, 11)),
        # 2 steps in 10 years: 38 left would take 190 years.
        (date(2037, 1, 1), 2, 40, "too_slow", None),
    ],
)
def test_the_projection_needs_enough_to_go_on(today, finished, total, state, finish_date):
    projection = project(started=START, today=today, finished=finished, total=total)
    assert projection.state == state
    assert projection.finish_date == finish_date
    assert projection.is_projected == (state == "projected")


def test_the_pace_is_finished_steps_per_week_since_the_start():
    projection = project(started=START, today=date(2027, 1, 29), finished=6, total=10)
    assert projection.steps_per_week == 1.5
    assert projection.finish_date == date(2027, 2, 17)  # 4 steps at 1.5 a week: 18.67 days, rounded up to 19


@pytest.mark.parametrize(
    ("target_date", "on_track", "months_behind"),
    [
        (None, None, 0),
        (date(2027, 3, 1), True, 0),
        (date(2027, 2, 5), True, 0),  # finishing on the target date is on track
        (date(2027, 2, 4), False, 1),
        (date(2026, 12, 5), False, 2),
    ],
)
def test_the_projection_is_compared_with_the_target_date(target_date, on_track, months_behind):
    projection = project(started=START, today=date(2027, 1, 15), finished=2, total=5, target_date=target_date)
    assert projection.finish_date == date(2027, 2, 5)
    assert projection.is_on_track is on_track
    assert projection.months_behind_target == months_behind


@pytest.mark.parametrize(
    ("timeline_months", "position", "months_beyond"),
    [
        ((2, 6), "sooner", 0),
        ((1, 2), "within", 0),
        ((1, 1), "later", 1),  # 5 Feb is 4 days after 1 Feb: still "about 1 month"
    ],
)
def test_the_projection_is_compared_with_the_guides_timeline(timeline_months, position, months_beyond):
    projection = project(started=START, today=date(2027, 1, 15), finished=2, total=5, timeline_months=timeline_months)
    assert projection.timeline_start == add_months(START, timeline_months[0])
    assert projection.timeline_end == add_months(START, timeline_months[1])
    assert projection.timeline_position == position
    assert projection.months_beyond_timeline == months_beyond


def test_without_a_projection_there_is_no_verdict_but_the_dates_are_kept():
    dates = {"target_date": date(2027, 6, 1), "timeline_months": (3, 6)}
    projection = project(started=START, today=date(2027, 1, 15), finished=1, total=5, **dates)
    assert projection.is_on_track is None
    assert projection.timeline_position is None
    assert projection.months_behind_target == projection.months_beyond_timeline == 0
    assert (projection.target_date, projection.timeline_start, projection.timeline_end) == (
        date(2027, 6, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
    )

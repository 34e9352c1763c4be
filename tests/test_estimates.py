"""Reading the steps' estimates and adding them up beside a guide's timeline (plain Python, no database)."""

import pytest

from transitions.estimates import WEEKS_PER_MONTH, add_up, read

MONTH = WEEKS_PER_MONTH


@pytest.mark.parametrize(
    ("text", "low", "high", "alongside", "optional"),
    [
        ("4-6 weeks", 4, 6, False, False),
        ("4\N{EN DASH}6 weeks", 4, 6, False, False),
        ("1 week", 1, 1, False, False),
        ("2-3 months", 2 * MONTH, 3 * MONTH, False, False),
        ("2-4 months of applications", 2 * MONTH, 4 * MONTH, False, False),
        ("1-2 years part-time, if you enroll", 52.18, 104.36, False, True),
        ("3-4 weeks, alongside step 2", 3, 4, True, False),
        ("2-4 months, overlapping step 4", 2 * MONTH, 4 * MONTH, True, False),
        ("2-4 weeks, then alongside step 2", 2, 4, False, False),
        ("4-8 weeks, then 2-8 months applying", 4 + 2 * MONTH, 8 + 8 * MONTH, False, False),
        ("1-2 weeks to decide, then ongoing", 1, 2, False, False),
        ("3-6 months at 8-10 hours a week", 3 * MONTH, 6 * MONTH, False, False),
        ("several months, alongside steps 3 to 5", None, None, True, False),
        ("a few hours a month, ongoing", None, None, False, False),
        ("ongoing", None, None, False, False),
        ("one school year, alongside steps 1 to 5", None, None, True, False),
        ("", None, None, False, False),
    ],
)
def test_an_estimate_reads_as_weeks(text, low, high, alongside, optional):
    estimate = read(text)

    assert estimate.low == (pytest.approx(low, abs=0.01) if low is not None else None)
    assert estimate.high == (pytest.approx(high, abs=0.01) if high is not None else None)
    if low is not None:
        assert estimate.alongside is alongside
        assert estimate.optional is optional
    assert estimate.is_counted is (low is not None and not alongside and not optional)


def test_a_month_is_about_four_and_a_third_weeks():
    estimate = read("2-3 months")

    assert (round(estimate.low, 1), round(estimate.high, 1)) == (8.7, 13.0)


def test_sequential_steps_add_up_and_parallel_unknown_and_optional_ones_do_not():
    steps = [
        (1, "6-8 weeks"),
        (2, "2-3 months"),
        (3, "3-4 weeks, alongside step 2"),
        (4, "several months"),
        (5, "6-12 months part-time, if you enroll"),
        (6, "2-4 months of applications"),
    ]

    step_time = add_up(steps, (6, 12))

    assert step_time.counted == [1, 2, 6]
    assert step_time.low_weeks == pytest.approx(6 + 4 * MONTH)
    assert step_time.high_weeks == pytest.approx(8 + 7 * MONTH)
    assert step_time.months == (5, 9)
    assert step_time.months_text == "5-9 months"
    assert step_time.left_out == [
        "step 3 runs alongside others",
        "step 5 is only for some learners",
        "step 4 has no fixed length",
    ]


@pytest.mark.parametrize(
    ("steps", "timeline", "agrees"),
    [
        # The seed guide: 6-8 weeks, 2-3 months twice, 4-6 weeks, 4-8 weeks, 2-4 months: about 9-15 months.
        (["6-8 weeks", "2-3 months", "2-3 months", "4-6 weeks", "4-8 weeks", "2-4 months"], (9, 15), True),
        (["2-3 months", "2-3 months"], (4, 6), True),
        (["2-3 months", "2-3 months"], (5, 7), True),  # within a month at each end
        (["2-3 months", "2-3 months"], (6, 12), False),
        (["1-2 weeks"], (3, 9), False),
        (["8-12 months", "8-12 months"], (18, 24), True),  # within a fifth at each end
        (["8-12 months", "8-12 months"], (12, 30), False),
        (["ongoing", "several months"], (3, 9), False),  # nothing to add up: nothing to compare
    ],
)
def test_the_sum_agrees_with_the_timeline_when_both_ends_are_close(steps, timeline, agrees):
    step_time = add_up(list(enumerate(steps, start=1)), timeline)

    assert step_time.agrees is agrees


@pytest.mark.parametrize(
    ("steps", "text"),
    [
        (["2-3 weeks", "1 week"], "3-4 weeks"),
        (["1 week"], "1 week"),
        (["2-3 months", "1-2 months"], "3-5 months"),
        (["3 months"], "3 months"),
        (["1 week", "2-3 months"], "2-3 months"),
        (["1 week", "1-6 months"], "1-6 months"),
        (["1-14 weeks"], "a few weeks to 3 months"),
    ],
)
def test_the_sum_is_said_in_weeks_under_three_months_and_in_months_above(steps, text):
    assert add_up(list(enumerate(steps, start=1)), (1, 12)).months_text == text


def test_steps_are_named_in_order_with_and():
    step_time = add_up([(1, "1 week, alongside step 2"), (2, "1 week, alongside step 1"), (4, "ongoing")], (1, 2))

    assert step_time.left_out == ["steps 1 and 2 run alongside others", "step 4 has no fixed length"]
    assert add_up([(n, "ongoing") for n in (1, 2, 3)], (1, 2)).left_out == ["steps 1, 2 and 3 have no fixed length"]
    assert not add_up([(1, "ongoing")], (1, 2)).is_known

"""A learner's pace through a guide and the finish date it leads to: plain date arithmetic, no database.

Pace is finished steps (done or "I already have this") per week since the journey started. Too little to go on
(fewer than MIN_FINISHED steps, or less than MIN_DAYS since the start) gives no date, and says why.
"""

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta

MIN_FINISHED = 2
MIN_DAYS = 7
DAYS_PER_MONTH = 365.25 / 12
# A projection further out than this says "not within 50 years" rather than print a date nobody can plan for.
MAX_DAYS = 50 * 365


def add_months(start, months):
    """The same day `months` calendar months later, or the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def months_between(earlier, later):
    """Whole months from one date to a later one, rounded to the nearest, at least 1 (a gap is never "0 months")."""
    return max(1, round((later - earlier).days / DAYS_PER_MONTH))


@dataclass(frozen=True)
class Projection:
    """Where a journey stands in time. `state` is one of the STATES; `finish_date` is set only when "projected"."""

    STATES = ("no_steps", "complete", "too_few_steps", "too_early", "too_slow", "projected")

    MIN_FINISHED = MIN_FINISHED
    MIN_DAYS = MIN_DAYS

    state: str
    steps_per_week: float | None = None
    finish_date: date | None = None
    target_date: date | None = None
    timeline_start: date | None = None
    timeline_end: date | None = None

    @property
    def is_projected(self):
        return self.state == "projected"

    @property
    def is_on_track(self):
        """True or False against the target date; None without a target or a projection."""
        if not self.is_projected or self.target_date is None:
            return None
        return self.finish_date <= self.target_date

    @property
    def months_behind_target(self):
        return months_between(self.target_date, self.finish_date) if self.is_on_track is False else 0

    @property
    def timeline_position(self):
        """ "sooner", "within" or "later" than the guide's timeline; None without a projection."""
        if not self.is_projected or self.timeline_start is None:
            return None
        if self.finish_date < self.timeline_start:
            return "sooner"
        if self.finish_date > self.timeline_end:
            return "later"
        return "within"

    @property
    def months_beyond_timeline(self):
        return months_between(self.timeline_end, self.finish_date) if self.timeline_position == "later" else 0


def project(*, started, today, finished, total, target_date=None, timeline_months=None):
    """The projection for a journey started on `started` with `finished` of `total` steps finished by `today`.

    `timeline_months` is the guide's (min, max) months from the start.
    """
    timeline = {}
    if timeline_months is not None:
        shortest, longest = timeline_months
        timeline = {"timeline_start": add_months(started, shortest), "timeline_end": add_months(started, longest)}
    dates = {"target_date": target_date, **timeline}
    if total <= 0:
        return Projection("no_steps", **dates)
    if finished >= total:
        return Projection("complete", **dates)
    if finished < MIN_FINISHED:
        return Projection("too_few_steps", **dates)
    days = (today - started).days
    if days < MIN_DAYS:
        return Projection("too_early", **dates)
    steps_per_week = finished * 7 / days
    days_needed = math.ceil((total - finished) * days / finished)
    if days_needed > MAX_DAYS:
        return Projection("too_slow", steps_per_week=steps_per_week, **dates)
    return Projection(
        "projected",
        steps_per_week=steps_per_week,
        finish_date=today + timedelta(days=days_needed),
        **dates,
    )

"""How long a guide's steps take, read from the editors' free-text estimates ("4-6 weeks", "2-3 months,
alongside step 2"), and whether their sum agrees with the guide's timeline.

Plain Python, no Django: the guide page and the admin call it with the steps' estimates.

How an estimate is read:
- it must start with a length: "4-6 weeks", "1 week", "2-3 months", "1-2 years" (a month is 365.25 / 12 days,
  about 4.35 weeks); anything else ("several months", "a few hours a week", "ongoing") is unknown, not counted;
- "then 2-8 months applying" adds a second length; "then ongoing" adds nothing;
- "alongside step 3" or "overlapping step 4" means the step runs in parallel with others: it does not add
  ("then alongside step 2" does add the length before it);
- "if you enroll" makes the step optional for some learners: not counted.
"""

import re
from dataclasses import dataclass, field

WEEKS_PER_MONTH = 365.25 / 12 / 7  # about 4.35
WEEKS_PER = {"week": 1, "month": WEEKS_PER_MONTH, "year": 365.25 / 7}
# Two lengths agree when they differ by no more than this many months, or this share of the larger.
TOLERANCE_MONTHS = 1
TOLERANCE_SHARE = 0.2

LENGTH = r"(\d+)(?:\s*-\s*(\d+))?\s+(week|month|year)s?\b"


@dataclass(frozen=True)
class Estimate:
    """One step's estimate in weeks: low and high are None when the text gives no length to count."""

    text: str
    low: float | None = None
    high: float | None = None
    alongside: bool = False
    optional: bool = False

    @property
    def is_counted(self):
        return self.low is not None and not self.alongside and not self.optional


def read(text):
    """The Estimate an editor's text stands for (see the module's docstring)."""
    clean = re.sub(r"\s+", " ", text.replace("\N{EN DASH}", "-").replace("\N{EM DASH}", "-")).strip().lower()
    first = re.match(LENGTH, clean)
    if first is None:
        return Estimate(text)
    lengths = [first, *re.finditer(r"\bthen " + LENGTH, clean)]
    low = sum(_weeks(length.group(1), length.group(3)) for length in lengths)
    high = sum(_weeks(length.group(2) or length.group(1), length.group(3)) for length in lengths)
    alongside = re.search(r"(?<!then )\b(alongside|overlapping)\b", clean) is not None
    optional = re.search(r"\bif you\b", clean) is not None
    return Estimate(text, low, high, alongside=alongside, optional=optional)


def _weeks(number, unit):
    return int(number) * WEEKS_PER[unit]


@dataclass(frozen=True)
class StepTime:
    """What a guide's steps add up to, one after another, beside its timeline (in months)."""

    low_weeks: float
    high_weeks: float
    counted: list[int] = field(default_factory=list)  # positions of the steps added up
    alongside: list[int] = field(default_factory=list)
    optional: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    timeline: tuple[int, int] = (0, 0)

    @property
    def months(self):
        """The sum in whole months, (low, high)."""
        return round(self.low_weeks / WEEKS_PER_MONTH), round(self.high_weeks / WEEKS_PER_MONTH)

    @property
    def months_text(self):
        """The sum as the page says it: "9-15 months", "6 months", "3-10 weeks" (under three months)."""
        if self.high_weeks < 3 * WEEKS_PER_MONTH:
            low, high = round(self.low_weeks), round(self.high_weeks)
            unit = "week" if high == 1 else "weeks"
        else:
            (low, high), unit = self.months, "months"
            if low == 0:
                return f"a few weeks to {high} months"
        return f"{high} {unit}" if low == high else f"{low}-{high} {unit}"

    @property
    def left_out(self):
        """Why some steps are not in the sum, one phrase per reason: ["step 4 runs alongside others", …]."""
        reasons = [
            (self.alongside, "runs alongside others", "run alongside others"),
            (self.optional, "is only for some learners", "are only for some learners"),
            (self.unknown, "has no fixed length", "have no fixed length"),
        ]
        return [
            f"{_steps(positions)} {one if len(positions) == 1 else many}"
            for positions, one, many in reasons
            if positions
        ]

    @property
    def is_known(self):
        return bool(self.counted)

    @property
    def agrees(self):
        """Each end of the sum is close to the same end of the timeline (see TOLERANCE_*)."""
        if not self.counted:
            return False
        low, high = self.low_weeks / WEEKS_PER_MONTH, self.high_weeks / WEEKS_PER_MONTH
        return all(
            abs(value - target) <= max(TOLERANCE_MONTHS, TOLERANCE_SHARE * max(value, target))
            for value, target in zip((low, high), self.timeline, strict=True)
        )


def _steps(positions):
    """ "step 4", "steps 2 and 5", "steps 1, 2 and 3"."""
    if len(positions) == 1:
        return f"step {positions[0]}"
    return f"steps {', '.join(map(str, positions[:-1]))} and {positions[-1]}"


def add_up(steps, timeline):
    """StepTime of `steps`, (position, estimate text) pairs in order, beside `timeline`, (min, max) months."""
    estimates = [(position, read(text)) for position, text in steps]
    counted = [(position, estimate) for position, estimate in estimates if estimate.is_counted]
    known = [(position, estimate) for position, estimate in estimates if estimate.low is not None]
    return StepTime(
        low_weeks=sum(estimate.low for _, estimate in counted),
        high_weeks=sum(estimate.high for _, estimate in counted),
        counted=[position for position, _ in counted],
        alongside=[position for position, estimate in known if estimate.alongside],
        optional=[position for position, estimate in known if estimate.optional and not estimate.alongside],
        unknown=[position for position, estimate in estimates if estimate.low is None],
        timeline=tuple(timeline),
    )

"""Where can I go from my job: how destinations are ranked. Plain Python, no Django.

The rule, in one place:

    score = ACTIVITY_WEIGHT * activity similarity + SKILL_WEIGHT * skill share

- activity similarity (0-1) is how alike the two jobs' official work activities are; when we do not
  know it, the skill share counts alone (its weight becomes 1).
- skill share (0-1) is the part of *your* skills that the destination uses: 4 of your 6 → 0.67. Your
  skills are the ones you ticked or, if you ticked none, the skills your current job is known for.

Ties go to destinations with a published guide, then to the bigger pay rise, then by name.
"""

from dataclasses import dataclass, field

ACTIVITY_WEIGHT = 0.5
SKILL_WEIGHT = 0.5


@dataclass
class Destination:
    key: str
    name: str
    skills: frozenset = frozenset()
    similarity: float | None = None
    salary_change: int = 0
    has_guide: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class Ranked:
    destination: Destination
    score: float
    transferring: int
    of: int


def skill_share(mine, theirs):
    return len(mine & theirs) / len(mine) if mine else 0.0


def score(destination, mine):
    share = skill_share(mine, destination.skills)
    if destination.similarity is None:
        return share
    return ACTIVITY_WEIGHT * destination.similarity + SKILL_WEIGHT * share


def rank(destinations, mine, *, limit=None):
    """Destinations best first, each with its score and "n of your m skills transfer"."""
    mine = frozenset(mine)
    ranked = [
        Ranked(d, round(score(d, mine), 4), len(mine & d.skills), len(mine))
        for d in destinations
        if d.similarity or mine & d.skills
    ]
    ranked.sort(key=lambda r: (-r.score, not r.destination.has_guide, -r.destination.salary_change, r.destination.name))
    return ranked[:limit] if limit else ranked

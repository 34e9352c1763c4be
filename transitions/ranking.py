"""Where can I go from my job: how destinations are ranked. Plain Python, no Django.

The rule, in one place (the explore page says the same in its "How we rank" note):

    score = ACTIVITY_WEIGHT * work similarity + SKILL_WEIGHT * skill share

- work similarity (0-1) is how alike the two jobs' official work activities are: the cosine similarity
  of their O*NET work-activity weights, the figure behind each occupation's "most similar work" list.
- skill share (0-1) is the part of *your* skills that the destination uses: 4 of your 6 → 0.67. Your
  skills are the ones you ticked or, if you ticked none, the skills your current job is known for.

A skill we cannot show carrying over counts as not carrying over: an occupation we list no skills
for scores on its work similarity alone times ACTIVITY_WEIGHT, below a career that shares both. When
we do not know *your* skills (an occupation we hold none for, nothing ticked), the skill half is left
out for every career and work similarity counts alone; a role linked to no official occupation ranks
by skill share alone. A destination scoring 0 is left out.

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
    # Whether we can say "n of your m skills transfer": we know your skills and the destination's.
    skills_counted: bool


def skill_share(mine, theirs):
    return len(mine & theirs) / len(mine) if mine else 0.0


def score(destination, mine):
    """The documented rule; None when neither half is known."""
    share = skill_share(mine, destination.skills) if mine else None
    if destination.similarity is None:
        return share
    if share is None:
        return destination.similarity
    return ACTIVITY_WEIGHT * destination.similarity + SKILL_WEIGHT * share


def rank(destinations, mine, *, limit=None):
    """Destinations best first, each with its score and "n of your m skills transfer"."""
    mine = frozenset(mine)
    scored = ((d, score(d, mine)) for d in destinations)
    ranked = [Ranked(d, round(s, 4), len(mine & d.skills), len(mine), bool(mine and d.skills)) for d, s in scored if s]
    ranked.sort(key=lambda r: (-r.score, not r.destination.has_guide, -r.destination.salary_change, r.destination.name))
    return ranked[:limit] if limit else ranked

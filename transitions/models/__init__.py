"""The content models: guides (roles, skills, certifications, transitions, steps), official occupations and
requests for new guides."""

from transitions.models.guides import (
    Certification,
    Industry,
    RelatedTransition,
    Role,
    Skill,
    Step,
    StepLink,
    Transition,
    TransitionCertification,
    TransitionSkill,
    count_of,
)
from transitions.models.occupations import (
    Area,
    Figure,
    Occupation,
    OccupationActivity,
    Similarity,
    Wage,
    WorkActivity,
)
from transitions.models.requests import GuideRequest, GuideRequestVote

__all__ = [
    "Area",
    "Certification",
    "Figure",
    "GuideRequest",
    "GuideRequestVote",
    "Industry",
    "Occupation",
    "OccupationActivity",
    "RelatedTransition",
    "Role",
    "Similarity",
    "Skill",
    "Step",
    "StepLink",
    "Transition",
    "TransitionCertification",
    "TransitionSkill",
    "Wage",
    "WorkActivity",
    "count_of",
]

"""The content models: guides (roles, skills, certifications, transitions, steps) and official occupations."""

from transitions.models.guides import (
    Certification,
    Industry,
    RelatedTransition,
    Role,
    Skill,
    Step,
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

__all__ = [
    "Area",
    "Certification",
    "Figure",
    "Industry",
    "Occupation",
    "OccupationActivity",
    "RelatedTransition",
    "Role",
    "Similarity",
    "Skill",
    "Step",
    "Transition",
    "TransitionCertification",
    "TransitionSkill",
    "Wage",
    "WorkActivity",
    "count_of",
]

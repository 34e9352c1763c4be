"""The content models: guides (roles, skills, certifications, transitions, steps)."""

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

__all__ = [
    "Certification",
    "Industry",
    "RelatedTransition",
    "Role",
    "Skill",
    "Step",
    "Transition",
    "TransitionCertification",
    "TransitionSkill",
    "count_of",
]

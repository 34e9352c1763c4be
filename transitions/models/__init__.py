"""The content models: guides (roles, skills, certifications, transitions, steps); requests for new guides."""

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
from transitions.models.requests import GuideRequest, GuideRequestVote

__all__ = [
    "Certification",
    "GuideRequest",
    "GuideRequestVote",
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

"""A new resume for a transition, started from what CareerHub knows: the guide and the learner's progress.

Nothing is invented: every line comes from the guide (roles, skills, certifications), from the learner's
account, or from steps they marked done, and every line is shown in the editor to change or remove.
"""

import re

from django.db.models import Prefetch

from accounts.models import Journey, Resume, StepProgress
from transitions.models import TransitionCertification, TransitionSkill

# Steps that produce something a recruiter can look at start with one of these verbs.
MAKING_VERBS = {"build", "create", "develop", "design", "publish", "deploy", "ship", "write", "launch", "contribute"}


def start_resume(user, transition=None):
    """A new resume for the user, aimed at the transition (pre-filled from it) or at nothing (nearly empty)."""
    basics = {"name": user.display_name, "email": user.email}
    basics = {key: value for key, value in basics.items() if value}
    if transition is None:
        return Resume.objects.create(user=user, title="My resume", basics=basics)

    links = transition.skill_links.select_related("skill").order_by("kind", "order", "pk")
    transferable = [link.skill for link in links if link.kind == TransitionSkill.Kind.TRANSFERABLE]
    to_build = [link.skill for link in links if link.kind == TransitionSkill.Kind.TO_BUILD]
    certifications = [
        link.certification
        for link in TransitionCertification.objects.filter(transition=transition).select_related("certification")
    ]
    journey = (
        Journey.objects.filter(user=user, transition=transition)
        .prefetch_related(Prefetch("step_progress", queryset=StepProgress.objects.select_related("step")))
        .first()
    )
    progress = list(journey.step_progress.all()) if journey else []
    finished_steps = [p.step for p in progress if p.is_finished]
    done = [p for p in progress if p.status == StepProgress.Status.DONE]

    from_role, to_role = transition.from_role.name, transition.to_role.name
    basics["label"] = f"{to_role}, bringing {from_role} experience"[:160]
    basics["summary"] = summary_draft(from_role, to_role, transferable)
    return Resume.objects.create(
        user=user,
        transition=transition,
        title=f"{to_role} resume",
        basics=basics,
        work=[{"position": from_role}],
        skills=skills_draft(transferable, to_build, finished_steps),
        certificates=[
            {"name": c.name, "issuer": c.provider, "status": "planned", **({"url": c.url} if c.url else {})}
            for c in certifications
        ],
        projects=projects_draft(done),
    )


def summary_draft(from_role, to_role, transferable):
    """One sentence naming the transferable skills as the guide names them (the target field's words)."""
    names = [lower_first(skill) for skill in transferable[:4]]
    summary = f"{from_role} moving into {to_role} work"
    if names:
        summary += f", bringing {join_words(names)} from my current role"
    return summary + "."


def lower_first(skill):
    """A skill name as it reads mid-sentence: "statistical modeling", but "Excel and SQL proficiency"."""
    first = skill.name.split(maxsplit=1)[0]
    if first.lower() != first and first[1:].islower() and first not in skill.keyword_list:
        return skill.name[0].lower() + skill.name[1:]
    return skill.name


def skills_draft(transferable, to_build, finished_steps):
    """Transferable skills as they are; skills to build as "Learning" unless a finished step shows them.

    A skill's keywords are what the resume check looks for, not tools this learner has used: they are
    left for the learner to add, so the draft claims nothing on their behalf.
    """
    step_text = " ".join(step.title.lower() for step in finished_steps)
    skills = [{"name": skill.name} for skill in transferable]
    for skill in to_build:
        entry = {"name": skill.name}
        if not mentions(step_text, [skill.name, *skill.keyword_list]):
            entry["level"] = "Learning"
        skills.append(entry)
    return skills


def projects_draft(done_progress):
    """Steps done that made something (they start with a making verb), with the learner's note as description."""
    projects = []
    for progress in done_progress:
        first_word = progress.step.title.split(maxsplit=1)[0].lower() if progress.step.title.strip() else ""
        if first_word in MAKING_VERBS:
            project = {"name": progress.step.title[:160]}
            if progress.note:
                project["description"] = progress.note[:2000]
            projects.append(project)
    return projects


def mentions(text, words):
    return any(re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text) for word in words if word.strip())


def join_words(words):
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]

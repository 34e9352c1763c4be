"""Two or three guides side by side, at a shareable address: /compare/?t=<slug>&t=<slug>."""

from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch
from django.shortcuts import render
from django.urls import reverse

from transitions.models import Step, Transition, TransitionCertification, TransitionSkill, count_of

MAX_COMPARED = 3
# Guides offered in the "add a guide" list.
MAX_CHOICES = 500


def compare(request):
    # NUL goes: PostgreSQL refuses it in any text.
    wanted = [slug.replace("\x00", "")[:200] for slug in request.GET.getlist("t")[:20]]
    wanted = list(dict.fromkeys(slug for slug in wanted if slug))
    notes, status = [], 200
    if len(wanted) > MAX_COMPARED:
        notes.append(f"We compare up to {MAX_COMPARED} guides at a time: these are the first {MAX_COMPARED}.")
        wanted, status = wanted[:MAX_COMPARED], 400

    found = {
        guide.slug: guide
        for guide in Transition.objects.published()
        .with_roles()
        .filter(slug__in=wanted)
        .annotate(step_count=count_of(Step.objects.active().filter(transition=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "skill_links",
                queryset=TransitionSkill.objects.filter(kind=TransitionSkill.Kind.TO_BUILD).select_related("skill"),
                to_attr="skills_to_build",
            ),
            Prefetch(
                "certification_links",
                queryset=TransitionCertification.objects.select_related("certification"),
                to_attr="certifications",
            ),
        )
    }
    guides = [found[slug] for slug in wanted if slug in found]
    if len(guides) < len(wanted):
        notes.append("Some of those guides do not exist or are not published, so they are left out.")
        status = 404

    slugs = [guide.slug for guide in guides]
    columns = [
        {
            "guide": guide,
            "skills": [
                {"skill": link.skill, "shared": shared_by_others(link.skill, guide, guides)}
                for link in guide.skills_to_build
            ],
            "remove_url": compare_url([slug for slug in slugs if slug != guide.slug]),
            "official": official_figures(guide),
        }
        for guide in guides
    ]
    choices = []
    if len(guides) < MAX_COMPARED:
        choices = Transition.objects.published().with_roles().exclude(slug__in=slugs)[:MAX_CHOICES]
    return render(
        request,
        "transitions/compare.html",
        {"columns": columns, "slugs": slugs, "choices": choices, "notes": notes, "max_compared": MAX_COMPARED},
        status=status,
    )


def official_figures(guide):
    """The two roles' official occupations, the change of national median and the destination's AI
    applicability percentile; None for what a missing occupation leaves unknown."""
    start, end = guide.from_role.occupation, guide.to_role.occupation
    return {
        "from": start,
        "to": end,
        "median_change": start.median_change_to(end) if start and end else None,
        "ai_percentile": end.ai_percentile if end else None,
    }


def shared_by_others(skill, guide, guides):
    """Whether another compared guide also asks to build this skill."""
    return any(skill in (link.skill for link in other.skills_to_build) for other in guides if other != guide)


def compare_url(slugs):
    return reverse("transitions:compare") + (f"?{urlencode([('t', slug) for slug in slugs])}" if slugs else "")

"""Where can I go from my job: destinations ranked by what carries over, and asking for a missing guide."""

import secrets
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from transitions import ranking
from transitions.forms import GuideRequestForm
from transitions.models import GuideRequest, Role, Skill, Transition, TransitionSkill
from transitions.views.search import GROUPS, clean_query, found_in, search_terms, vocabulary

MAX_CANDIDATES = 8
MAX_SKILLS = 100
MAX_DESTINATIONS = 12
# Asks from one address per hour: enough for a person exploring, too few to stuff the queue.
ASKS_PER_HOUR = 20


@require_POST
def ask_for_guide(request):
    form = GuideRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "transitions/ask_for_guide.html",
            {"problem": "We could not tell which guide you asked for. Please try again from its page."},
            status=400,
        )
    if asked_too_often(request):
        return render(
            request,
            "transitions/ask_for_guide.html",
            {"problem": "You have asked for many guides in a short time. Please try again in an hour."},
            status=429,
        )
    guide_request, _ = GuideRequest.objects.get_or_create(
        destination=form.cleaned_data["destination"], defaults={"title": form.destination_title}
    )
    person = {"user": request.user} if request.user.is_authenticated else {"visitor": visitor_token(request)}
    if guide_request.add_vote(**person, starting_point=form.cleaned_data["starting_point"]):
        messages.success(request, f"Thank you: we have counted your request for a guide to {guide_request.title}.")
    else:
        messages.info(
            request, f"You had already asked for a guide to {guide_request.title}: we count each person once."
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = form.destination_url
    return redirect(back)


def asked_too_often(request):
    key = f"ask-for-guide:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > ASKS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


def visitor_token(request):
    """A random name for an anonymous person, kept in their session, so that they are counted once."""
    return request.session.setdefault("guide_request_visitor", secrets.token_hex(16))


def explore(request):
    """Pick your job (typed, then chosen), tick the skills you have, see where they carry over."""
    roles = list(Role.objects.select_related("industry").order_by("name"))
    typed = clean_query(request.GET.get("job"))
    role = next((r for r in roles if r.slug == request.GET.get("role")), None)
    if role is None and typed:
        role = next((r for r in roles if r.name.lower() == typed.lower()), None)
    candidates = []
    if role is None and typed:
        candidates = job_candidates(typed)

    context = {"roles": roles, "typed": typed, "role": role, "candidates": candidates}
    if role:
        ticked = request.GET.getlist("skill")[:MAX_SKILLS]
        saved = []
        if request.user.is_authenticated:
            saved = list(request.user.skills.values_list("slug", flat=True))
        # Ticks in the address win; without any, a signed-in learner's saved skills rank the careers.
        context.update(destinations_from(role, roles, ticked or saved))
        context["saved"] = set(saved)
        context["from_profile"] = bool(saved) and not ticked
    return render(request, "transitions/explore.html", context)


@login_required
@require_POST
def save_skills(request):
    """Keep the ticked skills in the learner's profile (replacing what was there), then show the results."""
    slugs = [slug[:160] for slug in request.POST.getlist("skill")[:MAX_SKILLS]]
    skills = list(Skill.objects.filter(slug__in=slugs))
    request.user.skills.set(skills)
    messages.success(request, f"Saved {len(skills)} skill{'s' if len(skills) != 1 else ''} to your profile.")
    role = Role.objects.filter(slug=request.POST.get("role", "")[:120]).first()
    query = urlencode([("role", role.slug)] if role else [])
    return redirect(f"{reverse('transitions:explore')}?{query}" if query else reverse("transitions:explore"))


def job_candidates(typed):
    """Roles that look like what was typed, typos forgiven, best first (two queries)."""
    roles_group = next(group for group in GROUPS if group["key"] == "roles")
    return found_in(roles_group, typed, search_terms(typed, vocabulary()))["results"][:MAX_CANDIDATES]


def destinations_from(role, roles, ticked_slugs):
    """The guides out of a role and every destination ranked by how much carries over (three queries)."""
    links = TransitionSkill.objects.filter(transition__in=Transition.objects.published()).values_list(
        "transition__from_role", "transition__to_role", "skill", "kind"
    )
    has, uses = defaultdict(set), defaultdict(set)
    for from_role, to_role, skill, kind in links:
        uses[to_role].add(skill)
        if kind == TransitionSkill.Kind.TRANSFERABLE:
            has[from_role].add(skill)
            uses[from_role].add(skill)
    guides = list(Transition.objects.published().with_roles().filter(from_role=role))
    guide_to = {guide.to_role_id: guide for guide in guides}

    skills = {skill.pk: skill for skill in Skill.objects.filter(pk__in=has[role.pk] | uses_of(guides, uses))}
    offered = sorted((skills[pk] for pk in has[role.pk] if pk in skills), key=lambda s: s.name)
    more = sorted((s for pk, s in skills.items() if pk not in has[role.pk]), key=lambda s: s.name)
    ticked = {s.pk for s in skills.values() if s.slug in ticked_slugs}
    mine = ticked or has[role.pk]

    ranked = ranking.rank(
        [
            ranking.Destination(
                key=f"role:{other.slug}",
                name=other.name,
                skills=frozenset(uses[other.pk]),
                salary_change=other.salary - role.salary,
                has_guide=other.pk in guide_to,
                extra={"role": other, "guide": guide_to.get(other.pk)},
            )
            for other in roles
            if other != role
        ],
        mine,
        limit=MAX_DESTINATIONS,
    )
    return {
        "guides": guides,
        "offered_skills": offered,
        "more_skills": more,
        "ticked": ticked,
        "ticked_skills": sorted((skills[pk] for pk in ticked), key=lambda s: s.name),
        "skill_count": len(mine),
        "uses_ticked": bool(ticked),
        "destinations": [
            {
                **item.destination.extra,
                "transferring": item.transferring,
                "of": item.of,
                "salary_change": item.destination.salary_change,
                "salary_percent": round(item.destination.salary_change * 100 / role.salary),
                "ai_risk_change": ai_risk_change(role, item.destination.extra["role"]),
            }
            for item in ranked
        ],
    }


def uses_of(guides, uses):
    """The skills the destinations of these guides use: offered to tick after the role's own."""
    return set().union(*(uses[guide.to_role_id] for guide in guides)) if guides else set()


def ai_risk_change(from_role, to_role):
    if from_role.ai_risk_score is None or to_role.ai_risk_score is None:
        return None
    return to_role.ai_risk_score - from_role.ai_risk_score

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

from transitions import labour, ranking, spelling
from transitions.forms import GuideRequestForm
from transitions.models import (
    GuideRequest,
    Occupation,
    OccupationActivity,
    Role,
    Similarity,
    Skill,
    Transition,
    TransitionSkill,
)
from transitions.views.search import (
    GROUPS,
    MAX_QUERY_WORDS,
    STOP_WORDS,
    clean_query,
    found_in,
    search_terms,
    vocabulary,
)

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
    roles = list(Role.objects.select_related("industry", "occupation").order_by("name"))
    titles = dict(Occupation.objects.order_by("title").values_list("soc", "title"))
    typed = clean_query(request.GET.get("job"))
    role, occupation, choices = chosen_job(request, roles, titles, typed)

    context = {
        "roles": roles,
        "occupation_titles": sorted(set(titles.values()) - {r.name for r in roles}),
        "occupation_count": len(titles),
        "typed": typed,
        "role": role,
        "occupation": occupation,
        "job_name": role.name if role else occupation.title if occupation else "",
    }
    if choices:
        context.update(choosing=True, candidates=choices)
    elif not (role or occupation) and typed:
        context.update(
            choosing=True,
            candidates=job_candidates(typed),
            occupation_candidates=occupation_candidates(typed, titles),
        )
    if role or occupation:
        ticked = request.GET.getlist("skill")[:MAX_SKILLS]
        saved = []
        if request.user.is_authenticated:
            saved = list(request.user.skills.values_list("slug", flat=True))
        # Ticks in the address win; without any, a signed-in learner's saved skills rank the careers.
        context.update(destinations_from(role, occupation, roles, ticked or saved))
        context["saved"] = set(saved)
        context["from_profile"] = bool(saved) and not ticked
    return render(request, "transitions/explore.html", context)


def chosen_job(request, roles, titles, typed):
    """(role, occupation, roles to choose from) for ?role=, ?occupation= or an exact title.

    An occupation one of our roles names becomes that role, so that its guides come first; one that
    several roles name (Data Scientists: Data Analyst, Data Scientist, ...) asks which of them.
    """
    role = next((r for r in roles if r.slug == request.GET.get("role")), None)
    soc = request.GET.get("occupation", "")[:7]
    if role is None and typed:
        role = next((r for r in roles if typed.lower() in titles_of(r)), None)
        soc = next((code for code, title in titles.items() if title.lower() == typed.lower()), soc)
    if role:
        return role, role.occupation, []
    if soc not in titles:
        return None, None, []
    naming = [r for r in roles if r.occupation and r.occupation.soc == soc]
    if len(naming) == 1:
        return naming[0], naming[0].occupation, []
    if naming:
        return None, None, naming
    return None, Occupation.objects.filter(soc=soc).first(), []


def titles_of(role):
    """The lower-case names a person may type for a role: its name and the other titles editors add."""
    return {title.lower() for title in [role.name, *role.other_title_list]}


@login_required
@require_POST
def save_skills(request):
    """Keep the ticked skills in the learner's profile (replacing what was there), then show the results."""
    slugs = [slug[:160] for slug in request.POST.getlist("skill")[:MAX_SKILLS]]
    skills = list(Skill.objects.filter(slug__in=slugs))
    request.user.skills.set(skills)
    messages.success(request, f"Saved {len(skills)} skill{'s' if len(skills) != 1 else ''} to your profile.")
    role = Role.objects.filter(slug=request.POST.get("role", "")[:120]).first()
    occupation = Occupation.objects.filter(soc=request.POST.get("occupation", "")[:7]).first()
    query = urlencode([("role", role.slug)] if role else [("occupation", occupation.soc)] if occupation else [])
    return redirect(f"{reverse('transitions:explore')}?{query}" if query else reverse("transitions:explore"))


def job_candidates(typed):
    """Roles that look like what was typed, typos forgiven, best first (two queries)."""
    roles_group = next(group for group in GROUPS if group["key"] == "roles")
    return found_in(roles_group, typed, search_terms(typed, vocabulary()))["results"][:MAX_CANDIDATES]


def occupation_candidates(typed, titles):
    """Official occupations whose title has every typed word (typos forgiven), shortest title first.

    Matched in Python over the titles the page loads anyway for its autocomplete: no query.
    """
    query_words = [w for w in spelling.words(typed) if w not in STOP_WORDS][:MAX_QUERY_WORDS]
    widened = spelling.alternatives(query_words, spelling.vocabulary(titles.values()))
    terms = [[word, *widened.get(word, [])] for word in query_words]
    if not terms:
        return []
    found = [
        {"soc": soc, "title": title}
        for soc, title in titles.items()
        if all(any(word in title.lower() for word in term) for term in terms)
    ]
    return sorted(found, key=lambda o: (len(o["title"]), o["title"]))[:MAX_CANDIDATES]


def destinations_from(role, occupation, roles, ticked_slugs):
    """The guides out of the job and every destination ranked by what carries over (ranking.py's rule).

    Destinations are our other roles and the official occupations whose work is most like this job's.
    Queries: skill links, guides (from a role), skills, and with an occupation its similar occupations
    and the work-activity weights: a fixed number whatever the number of occupations.
    """
    links = TransitionSkill.objects.filter(transition__in=Transition.objects.published()).values_list(
        "transition__from_role", "transition__to_role", "skill", "kind"
    )
    has, uses = defaultdict(set), defaultdict(set)
    for from_role, to_role, skill, kind in links:
        uses[to_role].add(skill)
        if kind == TransitionSkill.Kind.TRANSFERABLE:
            has[from_role].add(skill)
            uses[from_role].add(skill)
    guides = list(Transition.objects.published().with_roles().filter(from_role=role)) if role else []
    guide_to = {guide.to_role_id: guide for guide in guides}
    own = has[role.pk] if role else set()

    candidates = [role_destination(role, occupation, other, uses, guide_to) for other in roles if other != role]
    if occupation:
        similar = list(Similarity.objects.filter(occupation=occupation).select_related("other"))
        named = {r.occupation_id for r in roles}
        candidates += [occupation_destination(occupation, link) for link in similar if link.other_id not in named]
        add_work_similarity(occupation, candidates)

    # An occupation we hold no skills for: offer the skills of the careers its work leads to.
    near = ranking.rank(candidates, own, limit=MAX_DESTINATIONS) if not guides else []
    offer = uses_of(guides, uses) | set().union(*(item.destination.skills for item in near))
    skills = {skill.pk: skill for skill in Skill.objects.filter(pk__in=own | offer)}
    offered = sorted((skills[pk] for pk in own if pk in skills), key=lambda s: s.name)
    more = sorted((s for pk, s in skills.items() if pk not in own), key=lambda s: s.name)
    ticked = {s.pk for s in skills.values() if s.slug in ticked_slugs}
    mine = ticked or own

    ranked = ranking.rank(candidates, mine, limit=MAX_DESTINATIONS)
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
                "skills_counted": item.skills_counted,
                "similarity": item.destination.similarity,
                "similarity_percent": None
                if item.destination.similarity is None
                else round(item.destination.similarity * 100),
            }
            for item in ranked
        ],
        "weights": {"work": round(ranking.ACTIVITY_WEIGHT * 100), "skills": round(ranking.SKILL_WEIGHT * 100)},
    }


def role_destination(role, occupation, other, uses, guide_to):
    official = other.occupation
    extra = {
        "name": other.name,
        "url": other.get_absolute_url(),
        "role": other,
        "occupation": official,
        "guide": guide_to.get(other.pk),
        "ask": f"role:{other.slug}",
        "median_change": occupation.median_change_to(official) if occupation and official else None,
        "ai_change": occupation.ai_percentile_change_to(official) if occupation and official else None,
    }
    if role and not extra["median_change"] and role.salary_currency == other.salary_currency:
        difference = other.salary - role.salary
        extra["salary_change"] = {"amount": difference, "percent": round(difference * 100 / role.salary)}
    if role and not extra["ai_change"]:
        extra["ai_risk_change"] = ai_risk_change(role, other)
    return ranking.Destination(
        key=f"role:{other.slug}",
        name=other.name,
        skills=frozenset(uses[other.pk]),
        salary_change=pay_change(extra),
        has_guide=extra["guide"] is not None,
        extra=extra,
    )


def occupation_destination(occupation, link):
    other = link.other
    extra = {
        "name": other.title,
        "url": other.get_absolute_url(),
        "role": None,
        "occupation": other,
        "guide": None,
        "ask": f"occupation:{other.soc}",
        "median_change": occupation.median_change_to(other),
        "ai_change": occupation.ai_percentile_change_to(other),
    }
    return ranking.Destination(
        key=f"occupation:{other.soc}",
        name=other.title,
        similarity=link.score,
        salary_change=pay_change(extra),
        extra=extra,
    )


def pay_change(extra):
    change = extra.get("median_change") or extra.get("salary_change")
    return change["amount"] if change else 0


def add_work_similarity(occupation, candidates):
    """Give each role destination the cosine similarity of its occupation's work activities to this job's
    (the measure the occupations' "most similar work" lists are computed with), in one query."""
    ids = {occupation.pk} | {c.extra["occupation"].pk for c in candidates if c.extra["role"] and c.extra["occupation"]}
    vectors = defaultdict(dict)
    for occupation_id, activity_id, weight in OccupationActivity.objects.filter(occupation__in=ids).values_list(
        "occupation_id", "activity_id", "weight"
    ):
        vectors[occupation_id][activity_id] = weight
    if not vectors[occupation.pk]:
        return
    for candidate in candidates:
        official = candidate.extra["occupation"]
        if candidate.extra["role"] and official and vectors[official.pk]:
            candidate.similarity = round(labour.cosine(vectors[occupation.pk], vectors[official.pk]), 6)


def uses_of(guides, uses):
    """The skills the destinations of these guides use: offered to tick after the role's own."""
    return set().union(*(uses[guide.to_role_id] for guide in guides)) if guides else set()


def ai_risk_change(from_role, to_role):
    if from_role.ai_risk_score is None or to_role.ai_risk_score is None:
        return None
    return to_role.ai_risk_score - from_role.ai_risk_score

"""Public pages: home, the transition index and pages, roles, skills, certifications and search."""

from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Q, When
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from accounts.models import Journey
from transitions import versioning
from transitions.models import (
    Certification,
    Industry,
    RelatedTransition,
    Role,
    Skill,
    Step,
    Transition,
    TransitionCertification,
    TransitionSkill,
)
from transitions.views import occupations

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
SEARCH_RESULTS_PER_GROUP = 20

SORTS = {
    "name": ("from_role__name", "to_role__name"),
    "salary": ("-salary_gain", "from_role__name", "to_role__name"),
    "timeline": ("timeline_min_months", "timeline_max_months", "from_role__name", "to_role__name"),
}
SORT_LABELS = {"name": "Name", "salary": "Biggest salary gain", "timeline": "Shortest timeline"}


def home(request):
    published = Transition.objects.published().with_roles()
    featured = list(published.filter(is_featured=True)[:6])
    return render(
        request,
        "transitions/home.html",
        {
            "featured": featured,
            "industries": Industry.objects.with_published_transitions(),
            "recent": published.exclude(pk__in=[t.pk for t in featured]).order_by("-published_at", "pk")[:6],
        },
    )


def index(request):
    industries = list(Industry.objects.with_published_transitions())
    transitions = Transition.objects.published().with_roles()

    industry = next((i for i in industries if i.slug == request.GET.get("industry")), None)
    if industry:
        transitions = transitions.filter(Q(from_role__industry=industry) | Q(to_role__industry=industry))
    query = clean_query(request.GET.get("q"))
    if query:
        transitions = transitions.filter(words_filter(query, "from_role__name", "to_role__name", "summary"))
    sort = request.GET.get("sort")
    if sort not in SORTS:
        sort = "name"
    transitions = transitions.annotate(salary_gain=salary_gain())

    page = Paginator(transitions.order_by(*SORTS[sort]), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "transitions/index.html",
        {
            "page": page,
            "industries": industries,
            "industry": industry,
            "query": query,
            "sort": sort,
            "sort_labels": SORT_LABELS,
        },
    )


def load_guide(slug):
    """A transition with everything its page shows, drafts and unpublished related guides included.

    The same for everyone, so it is cached by content version; who may see what (publication is a
    matter of time as well as of edits) is decided on each request.
    """
    return (
        Transition.objects.with_roles()
        .prefetch_related(
            Prefetch("skill_links", queryset=TransitionSkill.objects.select_related("skill")),
            Prefetch("certification_links", queryset=TransitionCertification.objects.select_related("certification")),
            Prefetch("steps", queryset=Step.objects.active()),
            Prefetch(
                "related_links",
                queryset=RelatedTransition.objects.select_related("to_transition__from_role", "to_transition__to_role"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def detail(request, slug):
    transition = versioning.cached(f"guide:{slug}", lambda: load_guide(slug))
    # Editors preview drafts and scheduled guides; everyone else only sees what is published.
    if transition is None or not (transition.is_published or request.user.is_staff):
        raise Http404("No such guide.")
    # The checklist (accounts app): the signed-in learner's journey with its step progress. None for
    # visitors (no query); otherwise at most 2 queries, reusing this transition's prefetched steps.
    journey = Journey.objects.for_page(request.user, transition)

    official, error = occupations.official_comparison(transition, request)
    if error:
        return HttpResponseBadRequest(error)
    skill_links = transition.skill_links.all()
    return render(
        request,
        "transitions/detail.html",
        {
            "transition": transition,
            "transferable": [link for link in skill_links if link.kind == TransitionSkill.Kind.TRANSFERABLE],
            "to_build": [link for link in skill_links if link.kind == TransitionSkill.Kind.TO_BUILD],
            "salary": salary_comparison(transition),
            "official": official,
            "certification_links": transition.certification_links.all(),
            "steps": transition.steps.all(),
            "journey": journey,
            "related_links": [link for link in transition.related_links.all() if link.to_transition.is_published],
            "tools": tool_links(transition),
        },
    )


def role(request, slug):
    role = get_object_or_404(Role.objects.select_related("industry", "occupation"), slug=slug)
    sources = [line.strip() for line in role.ai_risk_sources.splitlines() if line.strip()]
    areas, area, error = occupations.pick_area(request)
    if error:
        return HttpResponseBadRequest(error)
    wages = occupations.wages_for([role.occupation], area)
    chart = (
        occupations.band_rows([(role.name, role.occupation, area)], wages, linked=False) if role.occupation else None
    )
    return render(
        request,
        "transitions/role.html",
        {
            "role": role,
            "ai_risk_sources": [
                {"text": source, "is_url": source.startswith(("https://", "http://"))} for source in sources
            ],
            "chart": chart,
            "area": area,
            "areas": areas,
            "source_url": occupations.source_url(area),
            "release": occupations.RELEASE,
            "transitions_out": role.transitions_out.published().with_roles(),
            "transitions_in": role.transitions_in.published().with_roles(),
        },
    )


def skill(request, slug):
    skill = get_object_or_404(Skill, slug=slug)
    links = skill.transition_links.filter(transition__in=Transition.objects.published()).select_related(
        "transition__from_role__industry", "transition__to_role__industry"
    )
    links = links.order_by("transition__from_role__name", "transition__to_role__name")
    return render(
        request,
        "transitions/skill.html",
        {
            "skill": skill,
            "transferable": [link.transition for link in links if link.kind == TransitionSkill.Kind.TRANSFERABLE],
            "to_build": [link.transition for link in links if link.kind == TransitionSkill.Kind.TO_BUILD],
        },
    )


def certification(request, slug):
    certification = get_object_or_404(Certification, slug=slug)
    transitions = Transition.objects.published().with_roles().filter(certification_links__certification=certification)
    return render(
        request, "transitions/certification.html", {"certification": certification, "transitions": transitions}
    )


def search(request):
    query = clean_query(request.GET.get("q"))
    results = {}
    if query:
        limit = SEARCH_RESULTS_PER_GROUP
        results = {
            "transitions": Transition.objects.published()
            .with_roles()
            .filter(words_filter(query, "from_role__name", "to_role__name", "summary"))[:limit],
            "roles": Role.objects.filter(words_filter(query, "name", "summary"))[:limit],
            "skills": Skill.objects.filter(words_filter(query, "name", "keywords"))[:limit],
            "certifications": Certification.objects.filter(words_filter(query, "name", "provider"))[:limit],
        }
        results = {group: list(found) for group, found in results.items()}
    return render(
        request,
        "transitions/search.html",
        {"query": query, **results, "has_results": any(results.values())},
    )


# --- Helpers shared by the views above -----------------------------------------------------------


def clean_query(text):
    """The search text from a GET parameter: trimmed, at most MAX_QUERY_LENGTH characters.

    NUL characters go: PostgreSQL refuses them in any text, which would turn a search into an error.
    """
    return (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH].strip()


def words_filter(query, *fields):
    """Match rows where every word of the query appears in at least one of the fields."""
    condition = Q()
    for word in query.split()[:MAX_QUERY_WORDS]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def salary_gain():
    """What a move gains: the difference of the official national medians when both roles have one,
    else of the guides' typical salaries."""
    official = Q(from_role__occupation__median_wage__isnull=False, to_role__occupation__median_wage__isnull=False)
    return Case(
        When(official, then=F("to_role__occupation__median_wage") - F("from_role__occupation__median_wage")),
        default=F("to_role__salary") - F("from_role__salary"),
    )


def salary_comparison(transition):
    """The figures and bar widths (percent of the larger salary) for the salary chart."""
    from_role, to_role = transition.from_role, transition.to_role
    top = max(from_role.salary, to_role.salary)
    return {
        "same_currency": from_role.salary_currency == to_role.salary_currency,
        "difference": transition.salary_difference,
        "percent": transition.salary_difference_percent,
        "gap": abs(transition.salary_difference),
        "gap_percent": abs(transition.salary_difference_percent),
        "bars": [{"role": role, "width": max(round(role.salary * 100 / top, 1), 1)} for role in (from_role, to_role)],
    }


def tool_links(transition):
    """The seed's three tools, for those whose pages exist yet: never a dead link."""
    to_role = transition.to_role
    tools = [
        ("Optimize Your Resume for This Transition", url_or_none("transitions:resume_check", transition.slug)),
        (
            "Build a Career Change Resume",
            url_or_none("transitions:resume_builder", transition.slug) or url_or_none("transitions:resume_builder"),
        ),
        (f"Check AI Risk for {to_role}", url_or_none("transitions:ai_risk", to_role.slug)),
    ]
    return [{"label": label, "url": url} for label, url in tools if url]


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None

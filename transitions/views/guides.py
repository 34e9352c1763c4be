"""Public pages: home, the transition index and pages, roles, skills and certifications."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, When
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control

from accounts import checklist
from transitions import structured_data, versioning
from transitions.forms import SALARY_CHANGE_CHOICES, SORT_LABELS, TIMELINE_CHOICES, TransitionFilterForm
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
    count_of,
)
from transitions.views import occupations
from transitions.views.search import clean_query, words_filter

BY_NAME = ("from_role__name", "to_role__name")
INDEX_PER_PAGE = 20
# What the index reads from its address: a visitor's cached index is keyed by these alone.
INDEX_PARAMETERS = ("q", "from", "to", "industry", "max_months", "min_gain", "sort", "page")


def by_salary_gain(transitions):
    """Biggest salary gain first: the one place that decides what the salary sort compares."""
    return transitions.annotate(salary_gain=salary_gain()).order_by("-salary_gain", *BY_NAME)


SORTS = {
    "name": lambda transitions: transitions.order_by(*BY_NAME),
    "salary": by_salary_gain,
    "timeline": lambda transitions: transitions.order_by("timeline_min_months", "timeline_max_months", *BY_NAME),
    "newest": lambda transitions: transitions.order_by("-published_at", *BY_NAME),
}


@versioning.for_visitors()
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
            "structured_data": [structured_data.website(request)],
            # Signed-in learners only: "Continue where you left off" above everything (one query).
            "continue_journey": request.user.journeys.to_continue() if request.user.is_authenticated else None,
        },
    )


@versioning.for_visitors(*INDEX_PARAMETERS)
def index(request):
    """Every published guide, narrowed by facets (each value with its count) and sorted, as plain GET."""
    published = Transition.objects.published().alias(
        # (to - from) * 100 compared with from * N: "a gain of N% or more" in whole numbers, no division.
        salary_change_x100=(F("to_role__salary") - F("from_role__salary")) * 100
    )
    roles = list(
        Role.objects.filter(
            Exists(Transition.objects.published().filter(from_role=OuterRef("pk")))
            | Exists(Transition.objects.published().filter(to_role=OuterRef("pk")))
        ).only("pk", "slug", "name")
    )
    either_industry = Q(from_role__industry=OuterRef("pk")) | Q(to_role__industry=OuterRef("pk"))
    all_industries = Industry.objects.annotate(total=count_of(published.filter(either_industry))).filter(total__gt=0)

    form = TransitionFilterForm(
        request.GET,
        role_slugs=[role.slug for role in roles],
        industry_slugs=all_industries.values_list("slug", flat=True),
    )
    values, notes = form.filters()
    roles_by_slug = {role.slug: role for role in roles}
    chosen = {
        "from": roles_by_slug.get(values.get("from")),
        "to": roles_by_slug.get(values.get("to")),
        "max_months": values.get("max_months"),
        "min_gain": values.get("min_gain"),
    }
    conditions = {
        "from": Q(from_role=chosen["from"]) if chosen["from"] else Q(),
        "to": Q(to_role=chosen["to"]) if chosen["to"] else Q(),
        "industry": Q(from_role__industry__slug=values["industry"]) | Q(to_role__industry__slug=values["industry"])
        if values.get("industry")
        else Q(),
        "max_months": Q(timeline_max_months__lte=chosen["max_months"]) if chosen["max_months"] else Q(),
        "min_gain": salary_change_at_least(chosen["min_gain"]) if chosen["min_gain"] is not None else Q(),
    }
    query = clean_query(request.GET.get("q"))
    if query:
        published = published.filter(words_filter(query, "from_role__name", "to_role__name", "summary"))

    def without(facet):
        """The guides matching every chosen facet but this one: what its counts are counted over."""
        return published.filter(*(condition for name, condition in conditions.items() if name != facet))

    from_counts = dict(without("from").order_by().values_list("from_role__slug").annotate(n=Count("pk")))
    to_counts = dict(without("to").order_by().values_list("to_role__slug").annotate(n=Count("pk")))
    industries = list(all_industries.annotate(transition_count=count_of(without("industry").filter(either_industry))))
    timeline_counts = without("max_months").aggregate(
        **{f"within_{n}": Count("pk", filter=Q(timeline_max_months__lte=n)) for n in TIMELINE_CHOICES}
    )
    timeline_counts = {n: timeline_counts[f"within_{n}"] for n in TIMELINE_CHOICES}
    gain_counts = without("min_gain").aggregate(
        **{f"gain_{n}": Count("pk", filter=salary_change_at_least(n)) for n in SALARY_CHANGE_CHOICES}
    )
    gain_counts = {n: gain_counts[f"gain_{n}"] for n in SALARY_CHANGE_CHOICES}

    sort = values.get("sort") or "name"
    transitions = SORTS[sort](without(None).select_related("from_role__industry", "to_role__industry"))
    page = Paginator(transitions, INDEX_PER_PAGE).get_page(request.GET.get("page"))
    industry = next((i for i in industries if i.slug == values.get("industry")), None)
    return render(
        request,
        "transitions/index.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=0),
            "heading": index_heading(chosen["from"], chosen["to"], industry),
            "industry": industry,
            "query": query,
            "sort": sort,
            "sort_labels": SORT_LABELS,
            "sort_label": SORT_LABELS[sort],
            "notes": notes,
            "facets": {
                "from": facet([(r.slug, r.name) for r in roles], from_counts, values.get("from")),
                "to": facet([(r.slug, r.name) for r in roles], to_counts, values.get("to")),
                "industry": facet(
                    [(i.slug, i.name) for i in industries],
                    {i.slug: i.transition_count for i in industries},
                    values.get("industry"),
                ),
                "max_months": facet(
                    [(n, f"Within {n} months") for n in TIMELINE_CHOICES], timeline_counts, chosen["max_months"]
                ),
                "min_gain": facet(
                    [(n, "Same pay or more" if n == 0 else f"+{n}% or more") for n in SALARY_CHANGE_CHOICES],
                    gain_counts,
                    chosen["min_gain"],
                ),
            },
            "chosen": chosen,
            "is_filtered": bool(query or any(v is not None for v in chosen.values()) or industry),
            "structured_data": [structured_data.breadcrumbs(request, ("Transitions", reverse("transitions:index")))],
        },
    )


def facet(choices, counts, chosen):
    """A facet's choices for the template: each (value, label) with its count, and which one is chosen."""
    return [
        {"value": value, "label": label, "count": counts.get(value, 0), "chosen": value == chosen}
        for value, label in choices
    ]


def salary_change_at_least(percent):
    """Guides whose destination pays at least `percent`% more (negative: at most that much less)."""
    return Q(salary_change_x100__gte=F("from_role__salary") * percent)


def index_heading(from_role, to_role, industry):
    if from_role and to_role:
        heading = f"Career changes from {from_role} to {to_role}"
    elif from_role:
        heading = f"Career changes from {from_role}"
    elif to_role:
        heading = f"Career changes to {to_role}"
    else:
        return f"{industry.name} career transitions" if industry else "All career transitions"
    return f"{heading} in {industry.name}" if industry else heading


def load_guide(slug):
    """A transition with everything its page shows, drafts and unpublished related guides included, its steps
    prepared for the checklist (accounts.checklist.prepare_steps).

    The same for everyone, so it is cached by content version; who may see what (publication is a
    matter of time as well as of edits) is decided on each request.
    """
    guide = (
        Transition.objects.with_roles()
        .prefetch_related(
            Prefetch("skill_links", queryset=TransitionSkill.objects.select_related("skill")),
            Prefetch("certification_links", queryset=TransitionCertification.objects.select_related("certification")),
            Prefetch("steps", queryset=Step.objects.active().prefetch_related("links")),
            Prefetch(
                "related_links",
                queryset=RelatedTransition.objects.select_related(
                    "to_transition__from_role__industry", "to_transition__to_role__industry"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if guide is not None:
        guide.step_time  # noqa: B018 (worked out once here, then cached with the guide)
        checklist.prepare_steps(guide, guide.steps.all())
    return guide


@versioning.for_visitors("state")
def detail(request, slug):
    transition = versioning.cached(f"guide-with-checklist:{slug}", lambda: load_guide(slug))
    # Those who may change transitions preview drafts and scheduled guides; everyone else only sees what is
    # published. (is_published first: a learner's page costs no permission query.)
    if transition is None or not (
        transition.is_published or (request.user.is_staff and request.user.has_perm("transitions.change_transition"))
    ):
        raise Http404("No such guide.")
    areas, area, error = occupations.pick_area(request)
    if error:
        return HttpResponseBadRequest(error)
    # The checklist (accounts app): the signed-in learner's journey with its step progress (at most 2 queries,
    # reusing this transition's prefetched steps), or a visitor's ticks from their session (none).
    checklist_context = checklist.page_context(request, transition)
    steps = transition.steps.all()
    tracker = checklist_context["journey"] or checklist_context["visitor"]
    step_items = checklist.steps_html(
        request,
        transition,
        tracker.checklist if tracker else [(step, None) for step in steps],
        journey=checklist_context["journey"],
        saved_step=checklist_context["saved_step"],
    )
    response = render(
        request,
        "transitions/detail.html",
        {
            "transition": transition,
            "steps": steps,
            **checklist_context,
            "step_items": step_items,
            # What is the same for everyone, rendered once per content version (and state) and kept as HTML.
            "parts": versioning.cached(
                f"guide-parts:{slug}:{area.code if area else ''}", lambda: guide_parts(transition, areas, area)
            ),
            "related": versioning.cached_while_published(
                f"guide-related:{transition.pk}", lambda: related_part(transition)
            ),
            "structured_data": [
                structured_data.breadcrumbs(
                    request,
                    ("Transitions", reverse("transitions:index")),
                    (transition.title, transition.get_absolute_url()),
                ),
                structured_data.first_steps(request, transition, steps),
            ],
        },
    )
    if checklist_context["visitor"]:
        # This visitor's own ticks are on the page: no shared cache may keep it (a visitor without is cacheable).
        patch_cache_control(response, private=True)
    return response


def guide_parts(transition, areas, area):
    """The guide page's header and its sections up to the first steps, as HTML: the same for everyone."""
    skill_links = transition.skill_links.all()
    context = {
        "transition": transition,
        "from_role": transition.from_role,
        "to_role": transition.to_role,
        "steps": transition.steps.all(),
        "transferable": [link for link in skill_links if link.kind == TransitionSkill.Kind.TRANSFERABLE],
        "to_build": [link for link in skill_links if link.kind == TransitionSkill.Kind.TO_BUILD],
        "salary": salary_comparison(transition),
        "official": occupations.official_comparison(transition, areas, area),
        "certification_links": transition.certification_links.all(),
    }
    return {name: render_to_string(f"transitions/detail.html#{name}", context) for name in ("header", "sections")}


def related_part(transition):
    """The guide page's related guides and tools, as HTML: it changes when another guide is published."""
    context = {"related_guides": transition.related_guides(), "tools": tool_links(transition)}
    return render_to_string("transitions/detail.html#related", context)


@versioning.for_visitors("state")
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
            "structured_data": [
                structured_data.occupation(request, role, soc_code=role.occupation.soc if role.occupation else ""),
                structured_data.breadcrumbs(
                    request,
                    (role.industry.name, role.industry.get_absolute_url()),
                    (role.name, role.get_absolute_url()),
                ),
            ],
        },
    )


@versioning.for_visitors()
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
            "structured_data": [structured_data.breadcrumbs(request, (skill.name, skill.get_absolute_url()))],
        },
    )


@versioning.for_visitors()
def certification(request, slug):
    certification = get_object_or_404(Certification, slug=slug)
    transitions = Transition.objects.published().with_roles().filter(certification_links__certification=certification)
    return render(
        request,
        "transitions/certification.html",
        {
            "certification": certification,
            "transitions": transitions,
            "structured_data": [
                structured_data.breadcrumbs(request, (certification.name, certification.get_absolute_url()))
            ],
        },
    )


# --- Helpers shared by the views above -----------------------------------------------------------


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

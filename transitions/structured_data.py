"""schema.org JSON-LD for our pages, as plain dicts; templates print them with {% json_ld %} (templatetags/seo)."""

from django.urls import reverse

CONTEXT = "https://schema.org"
# A guide's "first steps" are where it starts, not the whole journey.
HOWTO_STEPS = 10


def website(request):
    """WebSite with its search, so that search engines can offer a search box for it."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": "CareerHub",
        "url": request.build_absolute_uri(reverse("transitions:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri(reverse("transitions:search")) + "?q={query}",
            "query-input": "required name=query",
        },
    }


def breadcrumbs(request, *trail):
    """BreadcrumbList from (name, path) pairs, after Home."""
    items = [("Home", reverse("transitions:home")), *trail]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def first_steps(request, transition, steps):
    """HowTo: the guide's first steps, in order."""
    url = request.build_absolute_uri(transition.get_absolute_url())
    return {
        "@context": CONTEXT,
        "@type": "HowTo",
        "name": f"{transition.title}: first steps",
        "description": transition.summary,
        "url": url,
        # The longest realistic timeline, as an ISO 8601 duration.
        "totalTime": f"P{transition.timeline_max_months}M",
        "step": [
            {
                "@type": "HowToStep",
                "position": position,
                "name": step.title,
                "text": step.detail or step.title,
                "url": request.build_absolute_uri(step.get_absolute_url()),
            }
            for position, step in enumerate(steps[:HOWTO_STEPS], start=1)
        ],
    }


def occupation(request, role, *, soc_code=""):
    """Occupation with its typical yearly salary and, when known, its SOC code (occupationalCategory)."""
    data = {
        "@context": CONTEXT,
        "@type": "Occupation",
        "name": role.name,
        "description": role.summary,
        "url": request.build_absolute_uri(role.get_absolute_url()),
        "estimatedSalary": [
            {
                "@type": "MonetaryAmountDistribution",
                "name": "base",
                "currency": role.salary_currency,
                "duration": "P1Y",
                "median": role.salary,
            }
        ],
    }
    if role.salary_currency == "USD":
        data["occupationLocation"] = [{"@type": "Country", "name": "United States"}]
    if soc_code:
        data["occupationalCategory"] = soc_code
    return data

"""Search that forgives: ranked full-text and trigram typos on PostgreSQL, a word-by-word fallback elsewhere.

Both paths search the same fields with the same weights (A: role names and titles, B: summaries,
C: body text) and both widen each unknown word with its closest words from the titles we hold
(transitions.spelling), so "analist" also looks for "analyst". PostgreSQL adds stemming, ranking
and trigram similarity, which catches typos in words the vocabulary has never seen.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, OuterRef, Q, Value, When, Window
from django.db.models.functions import Greatest
from django.shortcuts import render

from accounts.models import Journey
from transitions import spelling, versioning
from transitions.models import Certification, Occupation, Role, Skill, Transition, count_of

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
RESULTS_PER_GROUP = 20
POPULAR_GUIDES = 6
# pg_trgm word_similarity from which a name counts as a typo of the query ("analist" ~ "Bank Analyst" = 0.5).
TRIGRAM_THRESHOLD = 0.4
# Words too common to search for on their own (PostgreSQL's English configuration drops them too).
STOP_WORDS = {"a", "an", "and", "as", "at", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"}

# What each group of results searches, by weight.
GROUPS = [
    {
        "key": "guides",
        "label": "Guides",
        "fields": {"A": ["from_role__name", "to_role__name"], "B": ["summary"], "C": ["intro"]},
        "queryset": lambda: Transition.objects.published().with_roles(),
        "order": ["from_role__name", "to_role__name"],
    },
    {
        "key": "roles",
        "label": "Roles",
        "fields": {"A": ["name", "other_titles"], "B": ["summary"], "C": ["description"]},
        "queryset": lambda: Role.objects.all(),
        "order": ["name"],
    },
    {
        # Every official occupation, so that a job we have no role for still leads somewhere.
        "key": "occupations",
        "label": "Occupations",
        "fields": {"A": ["title"], "B": ["major_group_title"], "C": ["soc"]},
        "queryset": lambda: Occupation.objects.all(),
        "order": ["title"],
    },
    {
        "key": "skills",
        "label": "Skills",
        "fields": {"A": ["name"], "B": ["keywords"], "C": ["description"]},
        "queryset": lambda: Skill.objects.all(),
        "order": ["name"],
    },
    {
        "key": "certifications",
        "label": "Certifications",
        "fields": {"A": ["name"], "B": ["provider"], "C": ["description"]},
        "queryset": lambda: Certification.objects.all(),
        "order": ["name"],
    },
]


# A visitor's search comes whole from the cache while content stays the same; the popular guides offered when
# nothing matched (ranked by learners) may then be up to a day old.
@versioning.for_visitors("q")
def search(request):
    typed = (request.GET.get("q") or "").strip()
    query = clean_query(typed)
    groups, suggestion = [], None
    if query:
        known = vocabulary()
        terms = search_terms(query, known)
        groups = [found_in(group, query, terms) for group in GROUPS]
        suggestion = spelling.suggestion(query, known)
    total = sum(group["count"] for group in groups)
    return render(
        request,
        "transitions/search.html",
        {
            "query": query,
            "shortened": len(typed) > MAX_QUERY_LENGTH,
            "groups": [group for group in groups if group["count"]],
            "results": {group["key"]: group["results"] for group in groups},
            "total": total,
            "suggestion": suggestion if suggestion and suggestion != query.lower() else None,
            "popular": [] if total else popular_guides(),
        },
    )


# --- The search itself -----------------------------------------------------------------------------


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


def vocabulary():
    """Every word of our role, skill and certification names, in one query.

    Occupation titles stay out: the suggestions name what our guides cover.
    """
    names = (
        Role.objects.order_by()
        .values_list("name", flat=True)
        .union(
            Skill.objects.order_by().values_list("name", flat=True),
            Certification.objects.order_by().values_list("name", flat=True),
        )
    )
    return spelling.vocabulary(names)


def search_terms(query, known):
    """One list per query word: the word and, when we do not know it, its closest known words."""
    query_words = [word for word in spelling.words(query) if word not in STOP_WORDS][:MAX_QUERY_WORDS]
    widened = spelling.alternatives(query_words, known)
    return [[word, *widened.get(word, [])] for word in query_words]


def found_in(group, query, terms):
    """The best RESULTS_PER_GROUP rows of a group, with how many match in all."""
    queryset = group["queryset"]()
    if not terms:
        rows = []
    elif connection.vendor == "postgresql":
        rows = ranked_on_postgresql(queryset, group["fields"], query, terms)
    else:
        rows = ranked_portably(queryset, group["fields"], terms)
    if terms:
        rows = list(rows.annotate(total=Window(Count("pk"))).order_by("-score", *group["order"])[:RESULTS_PER_GROUP])
    return {**group, "results": rows, "count": rows[0].total if rows else 0}


def ranked_on_postgresql(queryset, fields, query, terms):
    document = reduce(operator.add, (SearchVector(*fields[w], weight=w, config="english") for w in "ABC"))
    wanted = reduce(operator.or_, (SearchQuery(word, config="english") for term in terms for word in term))
    names = [TrigramWordSimilarity(query, field) for field in fields["A"]]
    similarity = Greatest(*names) if len(names) > 1 else names[0]
    return queryset.annotate(
        document=document, similarity=similarity, score=SearchRank(document, wanted) + similarity
    ).filter(Q(document=wanted) | Q(similarity__gte=TRIGRAM_THRESHOLD))


def ranked_portably(queryset, fields, terms):
    """Rows where some word appears; each word scores 4 in a name, 2 in a summary, 1 in the body."""

    def mentions(term, weight):
        return reduce(operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields[weight] for word in term))

    score = reduce(
        operator.add,
        (
            Case(
                When(mentions(term, "A"), then=Value(4)),
                When(mentions(term, "B"), then=Value(2)),
                When(mentions(term, "C"), then=Value(1)),
                default=Value(0),
            )
            for term in terms
        ),
    )
    return queryset.annotate(score=score).filter(score__gt=0)


def popular_guides():
    """The guides most learners have started, newest first among equals: where to go when nothing matched."""
    learners = count_of(Journey.objects.filter(transition=OuterRef("pk")))
    guides = Transition.objects.published().with_roles().annotate(learners=learners)
    return list(guides.order_by("-learners", "-published_at", "pk")[:POPULAR_GUIDES])

"""The public tools about a guide: the resume check and the AI-risk check.

Nothing a visitor sends is stored or logged: the resume is read in memory (see ResumeUpload), checked and
discarded; the page is not cached, and error reports hide the resume and the advert.
"""

import math
import time

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from transitions.forms import ResumeCheckForm, SaveResumeCheckForm
from transitions.models import Role, Skill, Step, Transition, TransitionCertification, TransitionSkill
from transitions.resume.documents import MAX_FILE_BYTES, TOO_SLOW
from transitions.resume.report import Guide, GuideCertification, GuideSkill, GuideStep, TooSlow, build_report


class ResumeUpload(MemoryFileUploadHandler):
    """Keep an uploaded resume in memory whatever the request's size, and stop reading past MAX_FILE_BYTES.

    Django's default handlers spill uploads over 2.5 MB to a temporary file on disk; this one never writes
    anything. A bigger file stops the upload (the rest of the request is read and dropped, not kept), and
    the form then says the file is too big.
    """

    too_big = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_FILE_BYTES:
            self.too_big = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def guide_transitions():
    return Transition.objects.published().with_roles()


def transition_for_tools(slug):
    """The published transition with what the resume check reads: skills, certifications, steps (4 queries)."""
    transitions = guide_transitions().prefetch_related(
        Prefetch("skill_links", queryset=TransitionSkill.objects.select_related("skill")),
        Prefetch("certification_links", queryset=TransitionCertification.objects.select_related("certification")),
        Prefetch("steps", queryset=Step.objects.active()),
    )
    return get_object_or_404(transitions, slug=slug)


def guide_for(transition):
    """The transition as plain data for the resume check."""

    def skill(link):
        return GuideSkill(link.skill.name, tuple(link.skill.keyword_list), link.skill.get_absolute_url())

    links = transition.skill_links.all()
    return Guide(
        target_title=transition.to_role.name,
        transferable=tuple(skill(link) for link in links if link.kind == TransitionSkill.Kind.TRANSFERABLE),
        to_build=tuple(skill(link) for link in links if link.kind == TransitionSkill.Kind.TO_BUILD),
        certifications=tuple(
            GuideCertification(link.certification.name, link.certification.provider, link.certification.url)
            for link in transition.certification_links.all()
        ),
        steps=tuple(
            GuideStep(position, step.title, step.detail) for position, step in enumerate(transition.steps.all(), 1)
        ),
    )


def check(text, transition, *, advert="", deadline=None):
    """The report on `text` for this transition; raises TooSlow past the deadline."""
    vocabulary = []
    if advert.strip():
        vocabulary = [
            (name, Skill(keywords=keywords).keyword_list)
            for name, keywords in Skill.objects.values_list("name", "keywords")
        ]
    return build_report(text, guide_for(transition), advert=advert, vocabulary=vocabulary, deadline=deadline)


@csrf_exempt  # only so the upload handler can be set before the body is read; csrf_protect below checks it
@sensitive_post_parameters("resume_text", "job_advert")
@never_cache
@require_http_methods(["GET", "POST"])
def resume_check(request, slug):
    upload = ResumeUpload(request)
    request.upload_handlers = [upload]
    return _resume_check(request, slug, upload)


@csrf_protect
def _resume_check(request, slug, upload):
    # The whole check must finish within the limit; past it the page says so.
    deadline = time.monotonic() + settings.RESUME_CHECK_TIME_LIMIT
    transition = transition_for_tools(slug)
    form, report, status = ResumeCheckForm(), None, 200
    if request.method == "POST":
        form = ResumeCheckForm(request.POST, request.FILES, deadline=deadline, file_too_big=upload.too_big)
        if form.is_valid():
            try:
                report = check(
                    form.cleaned_data["text"], transition, advert=form.cleaned_data["job_advert"], deadline=deadline
                )
            except TooSlow:
                form.add_error(None, TOO_SLOW)
        if not form.is_valid():
            status = 400
    context = {"transition": transition, "form": form, "report": report}
    if report and request.user.is_authenticated:
        context["save_form"] = SaveResumeCheckForm(initial={"resume_text": form.cleaned_data["text"]})
    return render(request, "transitions/tools/resume_check.html", context, status=status)


# --- The AI-risk check ------------------------------------------------------------------------------------


def gauge(score):
    """The SVG paths of a half-circle gauge filled to `score` (0-100), drawn on the server."""
    radius, cx, cy = 80, 100, 100
    angle = math.pi * (1 - max(0, min(100, score)) / 100)
    x, y = cx + radius * math.cos(angle), cy - radius * math.sin(angle)
    return {
        "track": f"M {cx - radius} {cy} A {radius} {radius} 0 0 1 {cx + radius} {cy}",
        "value": f"M {cx - radius} {cy} A {radius} {radius} 0 0 1 {x:.1f} {y:.1f}",
        "score": score,
    }


def assessment(role):
    """The editor's reading of a role's AI risk: score, level, rationale and sources (links where they are URLs)."""
    sources = [line.strip() for line in role.ai_risk_sources.splitlines() if line.strip()]
    reading = {
        "role": role,
        "gauge": gauge(role.ai_risk_score) if role.ai_risk_score is not None else None,
        "sources": [{"text": source, "is_url": source.startswith(("https://", "http://"))} for source in sources],
        "occupation": None,
    }
    occupation = role.occupation
    if occupation is not None and occupation.has_ai_data:
        # The official data: AI applicability among all scored US occupations, and this job's activities
        # that AI is most and least applicable to (2 queries).
        reading.update(
            occupation=occupation,
            ai_gauge=gauge(round(occupation.ai_percentile or 0)),
            most=list(occupation.most_ai_applicable_activities()),
            least=list(occupation.least_ai_applicable_activities()),
        )
    return reading


def toward_less_exposed(guide, less_exposed):
    """The guide's skills to build and steps that editors tagged with activities of `less_exposed`, each with
    those activities, least AI-applicable first. Reads only what ai_risk prefetched."""

    def tagged(item):
        activities = [less_exposed[a.pk] for a in item.work_activities.all() if a.pk in less_exposed]
        return sorted(activities, key=lambda activity: (activity.applicability, activity.code))

    skills = [(link.skill, activities) for link in guide.skill_links.all() if (activities := tagged(link.skill))]
    steps = [(step, activities) for step in guide.steps.all() if (activities := tagged(step))]
    return {"guide": guide, "skills": skills, "steps": steps, "is_tagged": bool(skills or steps)}


def ai_risk(request, slug):
    roles = list(Role.objects.select_related("industry", "occupation").order_by("name"))
    role = next((r for r in roles if r.slug == slug), None)
    if role is None:
        raise Http404("No role has this address.")
    other = next((r for r in roles if r.slug == request.GET.get("compare") and r != role), None)
    guides = (
        guide_transitions()
        .filter(to_role=role)
        .prefetch_related(
            Prefetch(
                "skill_links",
                queryset=TransitionSkill.objects.filter(kind=TransitionSkill.Kind.TO_BUILD)
                .select_related("skill")
                .prefetch_related("skill__work_activities"),
            ),
            Prefetch("steps", queryset=Step.objects.active().prefetch_related("work_activities")),
        )
    )
    # The guide from the compared role first: it is the move the visitor is weighing.
    guides = sorted(guides, key=lambda guide: other is None or guide.from_role_id != other.pk)
    current = assessment(role)
    less_exposed = current["occupation"].less_exposed_activities() if current["occupation"] else {}
    guides = [toward_less_exposed(guide, less_exposed) for guide in guides]
    return render(
        request,
        "transitions/tools/ai_risk.html",
        {
            "role": role,
            "current": current,
            "other": assessment(other) if other else None,
            "roles": [r for r in roles if r != role],
            "guides": guides,
            "any_tagged": any(guide["is_tagged"] for guide in guides),
        },
    )

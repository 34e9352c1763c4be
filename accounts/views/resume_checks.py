"""A learner's saved resume checks: save a result to the journey, delete it."""

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.models import Journey, SavedResumeCheck
from accounts.views.learners import learner_required
from transitions.forms import SaveResumeCheckForm
from transitions.resume.report import TooSlow
from transitions.views.tools import check, transition_for_tools


@sensitive_post_parameters("resume_text")
@require_POST
@learner_required
def save_resume_check(request, slug):
    """Check the resume again (a result is never taken from the form) and keep the score and what is missing."""
    transition = transition_for_tools(slug)
    form = SaveResumeCheckForm(request.POST)
    back_url = transition.get_absolute_url()
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        return render(
            request,
            "accounts/problem.html",
            {"transition": transition, "error": error, "back_url": back_url},
            status=400,
        )
    text = form.cleaned_data["resume_text"]
    try:
        report = check(text, transition, deadline=time.monotonic() + settings.RESUME_CHECK_TIME_LIMIT)
    except TooSlow:
        error = "This resume took too long to check. Try again in a moment."
        return render(
            request,
            "accounts/problem.html",
            {"transition": transition, "error": error, "back_url": back_url},
            status=400,
        )
    journey = Journey.objects.start(request.user, transition)
    SavedResumeCheck.objects.create(
        journey=journey,
        score=report.score,
        missing_skills=report.missing_skills,
        missing_certifications=report.missing_certifications,
        resume_text=text if form.cleaned_data["keep_text"] else "",
    )
    messages.success(request, f"Your resume check ({report.score}/100) is saved to “{transition}”.")
    return redirect("accounts:dashboard")


@require_POST
@learner_required
def delete_resume_check(request, pk):
    saved = get_object_or_404(SavedResumeCheck.objects.filter(journey__user=request.user), pk=pk)
    saved.delete()
    messages.success(request, "The saved resume check is deleted.")
    return redirect("accounts:dashboard")

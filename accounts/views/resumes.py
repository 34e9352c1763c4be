"""A learner's resumes: started from a guide, edited one section at a time, printed, and saved as PDF or JSON Resume.

Every section is a plain form that works without JavaScript (save returns to that section); with htmx
the same view answers with the section alone, so adding, removing and moving entries happens in place.
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Resume
from accounts.resume_draft import start_resume
from accounts.resume_forms import (
    BULLET_MAX_LENGTH,
    SECTIONS,
    ResumeImportForm,
    ResumeTargetForm,
    SectionError,
    apply_action,
    bound_forms,
    clean_entries,
    display_forms,
    posted_entries,
    stored_entries,
)
from accounts.resume_json import ResumeFileError, export_bytes, read_document
from accounts.resume_pdf import render_pdf
from accounts.views.learners import learner_required
from transitions.models import Transition

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
PAPERS = {"a4": "A4", "letter": "US Letter"}
PRIVATE = "private, no-store"


def own_resume(request, pk):
    """The signed-in learner's resume with this id, or 404: another learner's resume does not exist for them."""
    resume = get_object_or_404(
        Resume.objects.filter(user=request.user).select_related("transition__from_role", "transition__to_role"), pk=pk
    )
    resume.user = request.user  # already loaded: the PDF's author falls back to it
    return resume


def resume_check_url(resume):
    """The guide's resume check for this resume's target, once that tool exists; else None."""
    if resume.transition is None or not resume.transition.is_published:
        return None
    try:
        return reverse("transitions:resume_check", args=[resume.transition.slug])
    except NoReverseMatch:
        return None


def resume_text(resume):
    return render_to_string("accounts/resumes/resume.txt", {"resume": resume, "basics": resume.basics}).strip()


# --- Starting -------------------------------------------------------------------------------------------


def builder(request, slug):
    """The guide's "Build a Career Change Resume": what it does, and a way in (sign up / log in, or start)."""
    transition = get_object_or_404(Transition.objects.published().with_roles(), slug=slug)
    context = {"transition": transition}
    if request.user.is_authenticated:
        context["resumes"] = list(request.user.resumes.filter(transition=transition).order_by("-updated_at", "-pk"))
    else:
        back = urlencode({"next": request.get_full_path()})
        context["signup_url"] = f"{reverse('accounts:signup')}?{back}"
        context["login_url"] = f"{resolve_url(settings.LOGIN_URL)}?{back}"
    return render(request, "accounts/resumes/builder.html", context)


@require_POST
@learner_required
def resume_new(request):
    transition = None
    if slug := request.POST.get("transition"):
        if not SLUG.fullmatch(slug):  # e.g. a NUL character, which PostgreSQL refuses in a query
            raise Http404("No such transition.")
        transition = get_object_or_404(Transition.objects.published().with_roles(), slug=slug)
    resume = start_resume(request.user, transition)
    if transition:
        messages.success(request, f"Your resume for {transition.to_role} is started from the guide. Check every line.")
    return redirect(resume)


@require_POST
@learner_required
def resume_duplicate(request, pk):
    copy = own_resume(request, pk).duplicate()
    messages.success(request, f"“{copy.title}” is a copy you can change freely.")
    return redirect(copy)


@require_http_methods(["GET", "POST"])
@learner_required
def resume_delete(request, pk):
    resume = own_resume(request, pk)
    if request.method == "POST":
        resume.delete()
        messages.success(request, f"“{resume.title}” is deleted.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/resumes/delete.html", {"resume": resume})


@require_POST
@learner_required
def resume_target(request, pk):
    """Aim the resume at another transition, or at none. Its content stays as it is."""
    resume = own_resume(request, pk)
    form = ResumeTargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["transition"][0])
        return redirect(resume)
    resume.transition = form.cleaned_data["transition"]
    resume.save(update_fields=["transition", "updated_at"])
    target = resume.transition.to_role if resume.transition else "no particular transition"
    messages.success(request, f"“{resume.title}” is now aimed at {target}.")
    return redirect(resume)


# --- Editing --------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@learner_required
def resume_edit(request, pk, section):
    resume = own_resume(request, pk)
    section = SECTIONS.get(section)
    if section is None:
        raise Http404("No such section.")
    if section.is_list:
        return edit_list(request, resume, section)

    form_class = section.form_class
    form = form_class(request.POST or None, initial=form_class.initial_for(resume))
    if form.is_valid():
        resume.save(update_fields=[*form.save(resume), "updated_at"])
        return section_saved(request, resume, section)
    status = 400 if request.method == "POST" else 200
    context = {"form": form}
    if section.slug == "basics":
        context["target_form"] = ResumeTargetForm(initial={"transition": resume.transition_id})
    return section_page(request, resume, section, context, status=status)


def edit_list(request, resume, section):
    if request.method == "GET":
        return section_page(
            request, resume, section, {"forms": display_forms(section, stored_entries(section, resume))}
        )
    action = request.POST.get("action") or "save"
    focus = None
    try:
        entries = posted_entries(section, request.POST)
    except SectionError as error:
        forms_ = display_forms(section, stored_entries(section, resume))
        return section_page(request, resume, section, {"forms": forms_, "error": str(error)}, status=400)
    try:
        if action != "save":
            focus = apply_action(section, entries, action)
    except SectionError as error:
        # A button that cannot apply (a full section, a stale page): show what was typed, save nothing.
        return section_page(
            request, resume, section, {"forms": display_forms(section, entries), "error": str(error)}, status=400
        )

    cleaned = clean_entries(bound_forms(section, entries))
    if cleaned is None:
        error = "Some entries need a change (see below). Nothing in this section is saved until they are fixed."
        context = {"forms": display_forms(section, entries), "error": error, "focus": focus}
        return section_page(request, resume, section, context, status=400)
    resume.save(update_fields=[*section.store(resume, cleaned), "updated_at"])
    if action.startswith("add"):
        # The new blank entry or bullet is shown to fill in; it is stored once it has something in it.
        forms_ = display_forms(section, entries)
        if action == "add":
            first = next(iter(forms_[focus].fields.values()))
            first.widget.attrs["autofocus"] = True
        context = {"forms": forms_, "focus": focus, "added": action.split(":")[0]}
        return section_page(request, resume, section, context)
    return section_saved(request, resume, section, focus=focus)


def section_saved(request, resume, section, *, focus=None):
    if request.htmx:
        context = {"saved": True, "focus": focus}
        if section.is_list:
            context["forms"] = display_forms(section, stored_entries(section, resume))
        else:
            context["form"] = section.form_class(initial=section.form_class.initial_for(resume))
        return section_page(request, resume, section, context)
    messages.success(request, f"{section.label} saved.")
    url = reverse("accounts:resume_edit", args=[resume.pk, section.slug])
    return redirect(f"{url}#{section.slug}-{focus}" if focus is not None else url)


def section_page(request, resume, section, context, *, status=200):
    slugs = list(SECTIONS)
    position = slugs.index(section.slug)
    context = {
        "resume": resume,
        "section": section,
        "sections": SECTIONS.values(),
        "next_section": SECTIONS[slugs[position + 1]] if position + 1 < len(slugs) else None,
        "bullet_max_length": BULLET_MAX_LENGTH,
        "resume_check_url": resume_check_url(resume),
        **context,
    }
    if request.htmx:
        response = render(request, "accounts/resumes/edit.html#section", context, status=status)
        if status >= 400:
            # static/js/learner.js swaps refused changes that carry this header, so the errors show in place.
            response["HX-Reswap"] = "outerHTML"
        return response
    if context["resume_check_url"]:
        context["resume_text"] = resume_text(resume)
    return render(request, "accounts/resumes/edit.html", context, status=status)


# --- Output ---------------------------------------------------------------------------------------------


def print_context(request, resume):
    paper = request.GET.get("paper")
    paper = paper if paper in PAPERS else "a4"
    return {"resume": resume, "basics": resume.basics, "paper": paper, "papers": PAPERS}


@learner_required
def resume_print(request, pk):
    resume = own_resume(request, pk)
    context = {**print_context(request, resume), "resume_check_url": resume_check_url(resume)}
    if context["resume_check_url"]:
        context["resume_text"] = resume_text(resume)
    return render(request, "accounts/resumes/print.html", context)


@learner_required
def resume_pdf(request, pk):
    resume = own_resume(request, pk)
    html = render_to_string("accounts/resumes/print.html", {**print_context(request, resume), "for_pdf": True})
    response = HttpResponse(render_pdf(html, request.build_absolute_uri("/")), content_type="application/pdf")
    return attachment(response, resume, "pdf")


@learner_required
def resume_export(request, pk):
    resume = own_resume(request, pk)
    response = HttpResponse(export_bytes(resume), content_type="application/json; charset=utf-8")
    return attachment(response, resume, "json")


def attachment(response, resume, extension):
    name = slugify(resume.title) or "resume"
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.{extension}"'
    response["Cache-Control"] = PRIVATE
    return response


@require_http_methods(["GET", "POST"])
@learner_required
def resume_import(request):
    form = ResumeImportForm(request.POST, request.FILES) if request.method == "POST" else ResumeImportForm()
    error = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            fields, left_out = read_document(upload.read(ResumeImportForm.MAX_SIZE + 1))
        except ResumeFileError as problem:
            error = str(problem)
        else:
            title = form.cleaned_data["title"] or fields["basics"].get("name") or "Imported resume"
            resume = Resume.objects.create(user=request.user, title=title[: Resume.TITLE_MAX_LENGTH], **fields)
            messages.success(request, f"“{resume.title}” is imported.")
            if left_out:
                names = [name if len(name) <= 60 else name[:59] + "…" for name in left_out[:8]]
                shown = ", ".join(names) + (f" and {len(left_out) - 8} more" if len(left_out) > 8 else "")
                messages.warning(request, f"CareerHub does not edit these parts, so they were left out: {shown}.")
            return redirect(resume)
    elif form.errors:
        error = next(iter(form.errors.values()))[0]
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/resumes/import.html", {"form": form, "error": error}, status=status)

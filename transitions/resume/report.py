"""A resume read against one guide: the score and how it is made up, evidence, gaps and suggestions.

Plain Python (no Django): the view passes the guide as plain data (`Guide`) and renders the `Report`.
"""

import time
from dataclasses import dataclass, field
from functools import lru_cache

from transitions.resume.matching import (
    find_certification,
    find_evidence,
    split_sentences,
    terms_for,
    title_terms,
)
from transitions.resume.quality import check_quality, heading_of

# How the score is made up: points for each part, out of 100.
WEIGHTS = {"transferable": 40, "to_build": 30, "certifications": 10, "title": 10, "quality": 10}
MAX_SUMMARY_SUGGESTIONS = 3
SUMMARY_LINES = 8  # a resume's first lines, where a summary or headline sits when it has no heading


class TooSlow(Exception):
    """The check could not finish in the time a page may take."""


@dataclass(frozen=True)
class GuideSkill:
    name: str
    keywords: tuple = ()
    url: str = ""


@dataclass(frozen=True)
class GuideStep:
    position: int
    title: str
    detail: str = ""


@dataclass(frozen=True)
class GuideCertification:
    name: str
    provider: str = ""
    url: str = ""


@dataclass(frozen=True)
class Guide:
    target_title: str
    transferable: tuple = ()
    to_build: tuple = ()
    certifications: tuple = ()
    steps: tuple = ()


@dataclass
class SkillResult:
    skill: GuideSkill
    evidence: object = None  # matching.Evidence, or None when the resume does not show it
    step: GuideStep | None = None  # for a missing skill: the guide's first step that builds it


@dataclass
class Report:
    transferable: list
    to_build: list
    certifications: list  # (GuideCertification, Evidence or None, in_progress)
    title_found: object  # Evidence or None
    title_variants: list
    quality: list
    suggestions: list
    advert: dict | None = None
    parts: list = field(default_factory=list)

    @property
    def score(self):
        return round(sum(part["points"] for part in self.parts))

    @property
    def found_transferable(self):
        return [result for result in self.transferable if result.evidence]

    @property
    def found_to_build(self):
        return [result for result in self.to_build if result.evidence]

    @property
    def missing_skills(self):
        return [result.skill.name for result in self.transferable + self.to_build if not result.evidence]

    @property
    def missing_certifications(self):
        return [certification.name for certification, evidence, _ in self.certifications if not evidence]


def _share(found, total, weight):
    return weight * found / total if total else weight


def build_report(text, guide, *, advert="", vocabulary=(), deadline=None):
    """Read `text` against `guide`. `vocabulary` is every skill's (name, keywords) for the advert comparison.

    Raises TooSlow once `time.monotonic()` passes `deadline`.
    """

    def in_time():
        if deadline is not None and time.monotonic() > deadline:
            raise TooSlow

    sentences = split_sentences(text)
    summary_lines = _summary_lines(text)
    steps = [(step, guide_sentences(f"{step.title}\n{step.detail}")) for step in guide.steps]
    in_time()
    transferable = [in_time() or _skill_result(skill, sentences, steps) for skill in guide.transferable]
    to_build = [in_time() or _skill_result(skill, sentences, steps) for skill in guide.to_build]
    in_time()
    certifications = []
    for certification in guide.certifications:
        found = find_certification(certification.name, sentences)
        certifications.append((certification, *(found or (None, False))))
    variants = title_terms(guide.target_title)
    title_found = find_evidence(variants, sentences)
    quality = check_quality(text)
    in_time()

    report = Report(
        transferable=transferable,
        to_build=to_build,
        certifications=certifications,
        title_found=title_found,
        title_variants=[variant.label for variant in variants],
        quality=quality,
        suggestions=[],
    )
    found_certifications = sum(1 for _, evidence, _ in certifications if evidence)
    report.parts = [
        {
            "label": "Transferable skills shown",
            "detail": f"{len(report.found_transferable)} of {len(transferable)}",
            "points": _share(len(report.found_transferable), len(transferable), WEIGHTS["transferable"]),
            "out_of": WEIGHTS["transferable"],
        },
        {
            "label": "Skills to build already shown",
            "detail": f"{len(report.found_to_build)} of {len(to_build)}",
            "points": _share(len(report.found_to_build), len(to_build), WEIGHTS["to_build"]),
            "out_of": WEIGHTS["to_build"],
        },
        {
            "label": "Recommended certifications listed",
            "detail": f"{found_certifications} of {len(certifications)}",
            "points": _share(found_certifications, len(certifications), WEIGHTS["certifications"]),
            "out_of": WEIGHTS["certifications"],
        },
        {
            "label": "Target job title named",
            "detail": "yes" if title_found else "no",
            "points": WEIGHTS["title"] if title_found else 0,
            "out_of": WEIGHTS["title"],
        },
        {
            "label": "Resume checks passed",
            "detail": f"{sum(check.passed for check in quality)} of {len(quality)}",
            "points": _share(sum(check.passed for check in quality), len(quality), WEIGHTS["quality"]),
            "out_of": WEIGHTS["quality"],
        },
    ]
    for part in report.parts:
        part["points"] = round(part["points"], 1)
    report.suggestions = _suggestions(report, guide, summary_lines)
    if advert.strip():
        report.advert = compare_advert(advert, sentences, vocabulary, guide, in_time=in_time)
    in_time()
    return report


@lru_cache(maxsize=2048)
def guide_sentences(text):
    """A guide's step, read once: the same editors' text is checked against every resume."""
    return tuple(split_sentences(text))


def _summary_lines(text):
    """Line numbers of the summary: under a Summary/Profile heading, else the first few lines."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if heading_of(line) == "summary":
            end = next((n for n in range(number + 1, len(lines)) if heading_of(lines[n])), len(lines))
            return set(range(number, end))
    return set(range(SUMMARY_LINES))


def _skill_result(skill, sentences, steps):
    evidence = find_evidence(terms_for(skill.name, skill.keywords), sentences)
    step = None if evidence else _step_for(skill, steps)
    return SkillResult(skill, evidence, step)


def _step_for(skill, steps):
    """The guide's first step whose title or detail names the skill or one of its keywords.

    `steps` are (step, its sentences) pairs.
    """
    terms = terms_for(skill.name, skill.keywords)
    for step, sentences in steps:
        if find_evidence(terms, sentences):
            return step
    return None


def _suggestions(report, guide, summary_lines):
    suggestions, named = [], 0
    for result in report.transferable:
        evidence, name = result.evidence, result.skill.name
        if evidence and evidence.line not in summary_lines and named < MAX_SUMMARY_SUGGESTIONS:
            named += 1
            shown = evidence.sentence if len(evidence.sentence) <= 70 else evidence.sentence[:67] + "…"
            where = "bullet" if evidence.is_bullet else "line"
            suggestions.append(f"Name “{name}” in your summary: you show it in your “{shown}” {where}.")
        elif not evidence:
            examples = ", ".join(result.skill.keywords[:3])
            hint = f" (for example {examples})" if examples else ""
            suggestions.append(f"Add a bullet that shows {name}{hint}: it is a strength this move builds on.")
    for result in report.to_build:
        if result.evidence or not result.step:
            continue
        suggestions.append(
            f"First step {result.step.position} (“{result.step.title}”) would give you a project to list "
            f"for {result.skill.name}."
        )
    for certification, evidence, _ in report.certifications:
        if not evidence:
            suggestions.append(f"List the certification you are taking as “{certification.name} (in progress)”.")
            break
    if not report.title_found:
        suggestions.append(
            f"Put the target title in your headline, e.g. “Aspiring {guide.target_title}”, so scanners match it."
        )
    for check in report.quality:
        if not check.passed:
            suggestions.append(check.fix)
    return suggestions


def compare_advert(advert, resume_sentences, vocabulary, guide, *, in_time=lambda: None):
    """The advert's hard-skill terms (from every skill's name and keywords), split by whether the resume has them."""
    advert_sentences = split_sentences(advert)
    to_build = {skill.name for skill in guide.to_build}
    transferable = {skill.name for skill in guide.transferable}
    seen, rows = set(), []
    # The guide's own skills first, so a term both they and another skill list counts as the guide's.
    guide_skills = [(skill.name, skill.keywords) for skill in guide.to_build + guide.transferable]
    for name, keywords in guide_skills + list(vocabulary):
        in_time()
        for term in terms_for(name, keywords):
            if term.parts in seen or not find_evidence([term], advert_sentences):
                continue
            seen.add(term.parts)
            in_resume = find_evidence([term], resume_sentences) is not None
            guide_view = "to build" if name in to_build else "transferable" if name in transferable else ""
            rows.append({"term": term.label, "skill": name, "in_resume": in_resume, "guide": guide_view})
    return {
        "missing": [row for row in rows if not row["in_resume"]],
        "present": [row for row in rows if row["in_resume"]],
    }

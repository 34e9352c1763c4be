"""Content files: YAML that editors and the demo data use to load and export the whole catalogue.

The format is documented in content/README.md. Records are matched by slug, so loading is
idempotent, and everything loads in one transaction: a file with a mistake changes nothing.
"""

import datetime
import re
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from transitions import versioning
from transitions.models import (
    Certification,
    Industry,
    Occupation,
    Role,
    Skill,
    Step,
    StepLink,
    Transition,
    TransitionSkill,
    WorkActivity,
)

SECTIONS = ["industries", "roles", "skills", "certifications", "transitions"]


class ContentError(Exception):
    """A mistake in a content file, named by file, record and field."""

    def __init__(self, path, where, message):
        super().__init__(f"{path}: {where}: {message}")


class Record:
    """One mapping from a file, which knows where it came from so errors can say so."""

    def __init__(self, path, section, index, data):
        self.path, self.section, self.data = path, section, data
        slug = data.get("slug") if isinstance(data, dict) else None
        self.where = f"{section}[{index}]" + (f" (slug {slug!r})" if slug else "")
        if not isinstance(data, dict):
            self.fail(None, "each record must be a mapping of fields")

    def fail(self, field, message):
        where = f"{self.where}, field {field!r}" if field else self.where
        raise ContentError(self.path, where, message)

    def get(self, field, default=None, *, required=False, kind=None):
        if field not in self.data or self.data[field] is None:
            if required:
                self.fail(field, "is required")
            return default
        value = self.data[field]
        if kind is not None and not isinstance(value, kind):
            self.fail(field, f"must be a {kind.__name__ if isinstance(kind, type) else 'value of the right type'}")
        return value

    def only(self, *fields):
        unknown = sorted(set(self.data) - set(fields))
        if unknown:
            self.fail(unknown[0], f"is not a known field (known: {', '.join(fields)})")


def read_files(paths):
    """Parse every YAML file named, or found in a named folder, into records grouped by section."""
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    records = {section: [] for section in SECTIONS}
    for path in files:
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as error:
            raise ContentError(path, "file", error.strerror or str(error)) from error
        except yaml.YAMLError as error:
            raise ContentError(path, "YAML", str(error).replace("\n", " ")) from error
        if not isinstance(document, dict):
            raise ContentError(path, "file", f"must be a mapping with some of: {', '.join(SECTIONS)}")
        for section, items in document.items():
            if section not in SECTIONS:
                raise ContentError(path, section, f"is not a known section (known: {', '.join(SECTIONS)})")
            if not isinstance(items, list):
                raise ContentError(path, section, "must be a list")
            records[section].extend(Record(path, section, i, item) for i, item in enumerate(items))
    return records


@transaction.atomic
def load(paths):
    """Load content files; return how many records of each section they held."""
    records = read_files(paths)
    loader = _Loader()
    for record in records["industries"]:
        loader.industry(record)
    for record in records["roles"]:
        loader.role(record)
    for record in records["skills"]:
        loader.skill(record)
    for record in records["certifications"]:
        loader.certification(record)
    for record in records["transitions"]:
        loader.transition(record)
    # Related transitions may point at transitions defined later, so they come last.
    for record in records["transitions"]:
        loader.related(record)
    # Saves and bulk writes have bumped the version already; one more covers anything written around them.
    versioning.bump()
    return {section: len(items) for section, items in records.items()}


class _Loader:
    def __init__(self):
        self.seen = {section: set() for section in SECTIONS}
        self.activities = None

    def _activity_ids(self, record, field, codes, *, step=None):
        """The ids of the work activities named by their official O*NET ids (codes)."""
        where = f"the step {step!r} " if step else ""
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            record.fail(field, f"{where}activities must be a list of work activity ids such as 4.A.2.a.4.I09")
        if self.activities is None:
            self.activities = dict(WorkActivity.objects.values_list("code", "pk"))
        ids = []
        for code in codes:
            if code.strip() not in self.activities:
                record.fail(
                    field,
                    f"{where}names no work activity with id {code!r} (load the labour data first: import_labour_data)",
                )
            if self.activities[code.strip()] in ids:
                record.fail(field, f"{where}lists the work activity {code!r} twice")
            ids.append(self.activities[code.strip()])
        return ids

    def _upsert(self, record, model, fields):
        """Create or update the row with this slug, saving only when something changed."""
        slug = record.get("slug", required=True, kind=str)
        if slug in self.seen[record.section]:
            record.fail("slug", "appears twice")
        self.seen[record.section].add(slug)
        obj = model.objects.filter(slug=slug).first() or model(slug=slug)
        changed = obj.pk is None or any(getattr(obj, name) != value for name, value in fields.items())
        for name, value in fields.items():
            setattr(obj, name, value)
        if changed:
            try:
                obj.full_clean()
            except ValidationError as error:
                field, messages = next(iter(error.message_dict.items()))
                record.fail(field if field != "__all__" else None, " ".join(messages))
            obj.save()
        return obj

    def _lookup(self, record, field, model, slug):
        if not isinstance(slug, str):
            record.fail(field, "must name a slug")
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist:
            record.fail(field, f"no {model._meta.verbose_name} with slug {slug!r}")

    def industry(self, record):
        record.only("slug", "name", "description")
        self._upsert(
            record,
            Industry,
            {"name": record.get("name", required=True), "description": record.get("description", "")},
        )

    def role(self, record):
        record.only(
            "slug", "name", "other_titles", "industry", "summary", "description", "salary", "currency",
            "salary_note", "soc", "soc_note", "ai_risk",
        )  # fmt: skip
        risk = record.get("ai_risk", {}, kind=dict)
        unknown = set(risk) - {"score", "level", "rationale", "sources"}
        if unknown:
            record.fail("ai_risk", f"unknown key {sorted(unknown)[0]!r}")
        sources = risk.get("sources") or []
        if not isinstance(sources, list):
            record.fail("ai_risk", "sources must be a list")
        salary = record.get("salary", required=True)
        if not isinstance(salary, int) or isinstance(salary, bool) or salary <= 0:
            record.fail("salary", "must be a whole number above zero")
        self._upsert(
            record,
            Role,
            {
                "name": record.get("name", required=True),
                "industry": self._lookup(record, "industry", Industry, record.get("industry", required=True)),
                "summary": record.get("summary", ""),
                "other_titles": ", ".join(str(title) for title in record.get("other_titles", [], kind=list)),
                "description": record.get("description", ""),
                "salary": salary,
                "salary_currency": record.get("currency", "USD"),
                "ai_risk_score": risk.get("score"),
                "ai_risk_level": risk.get("level") or "",
                "ai_risk_rationale": risk.get("rationale") or "",
                "ai_risk_sources": "\n".join(str(source) for source in sources),
                "occupation": _occupation(record),
                "occupation_note": record.get("soc_note", "", kind=str).strip(),
                "salary_note": record.get("salary_note", "", kind=str).strip(),
            },
        )

    def skill(self, record):
        record.only("slug", "name", "description", "keywords", "activities")
        keywords = record.get("keywords", [], kind=list)
        activities = self._activity_ids(record, "activities", record.get("activities", []))
        skill = self._upsert(
            record,
            Skill,
            {
                "name": record.get("name", required=True),
                "description": record.get("description", ""),
                "keywords": ", ".join(str(word) for word in keywords),
            },
        )
        _sync_tags(skill, activities)

    def certification(self, record):
        record.only("slug", "name", "provider", "url", "description", "retired_on")
        self._upsert(
            record,
            Certification,
            {
                "name": record.get("name", required=True),
                "provider": record.get("provider", required=True),
                "url": record.get("url", ""),
                "description": record.get("description", ""),
                "retired_on": _as_date(record, "retired_on"),
            },
        )

    def transition(self, record):
        record.only(
            "slug", "from", "to", "summary", "intro", "timeline", "timeline_note", "published", "featured",
            "transferable", "to_build", "certifications", "steps", "related",
        )  # fmt: skip
        timeline = record.get("timeline", required=True, kind=list)
        if len(timeline) != 2 or not all(isinstance(months, int) for months in timeline):
            record.fail("timeline", "must be [min, max] in whole months")
        if not 1 <= timeline[0] <= timeline[1]:
            record.fail("timeline", "the minimum must be at least 1 and no more than the maximum")
        transition = self._upsert(
            record,
            Transition,
            {
                "from_role": self._lookup(record, "from", Role, record.get("from", required=True)),
                "to_role": self._lookup(record, "to", Role, record.get("to", required=True)),
                "summary": record.get("summary", required=True),
                "intro": record.get("intro", required=True),
                "timeline_min_months": timeline[0],
                "timeline_max_months": timeline[1],
                "timeline_note": record.get("timeline_note", "", kind=str).strip(),
                "published_at": _as_datetime(record, record.get("published")),
                "is_featured": bool(record.get("featured", False)),
            },
        )
        self._skills(record, transition)
        self._certifications(record, transition)
        self._steps(record, transition)

    def _skills(self, record, transition):
        wanted = {}
        for kind, field in [
            (TransitionSkill.Kind.TRANSFERABLE, "transferable"),
            (TransitionSkill.Kind.TO_BUILD, "to_build"),
        ]:
            for order, slug in enumerate(record.get(field, [], kind=list)):
                skill = self._lookup(record, field, Skill, slug)
                if skill.pk in wanted:
                    record.fail(field, f"skill {slug!r} is listed twice")
                wanted[skill.pk] = {"kind": kind, "order": order}
        _sync_links(transition.skill_links, "skill_id", wanted)

    def _certifications(self, record, transition):
        wanted = {}
        for order, item in enumerate(record.get("certifications", [], kind=list)):
            slug, note = (item.get("slug"), item.get("note", "")) if isinstance(item, dict) else (item, "")
            certification = self._lookup(record, "certifications", Certification, slug)
            if certification.pk in wanted:
                record.fail("certifications", f"certification {slug!r} is listed twice")
            wanted[certification.pk] = {"order": order, "note": note or ""}
        _sync_links(transition.certification_links, "certification_id", wanted)

    def _steps(self, record, transition):
        """Match steps by key, else by title; a step learners have touched is archived rather than deleted.

        Current steps end at positions 1..n in the file's order and archived ones after them: a step the file
        does not match (also one an editor duplicated in the admin) is retired, never left parked.
        """
        wanted = self._wanted_steps(record)
        active = list(transition.steps.active().order_by("position", "pk"))
        keys_in_file = {key for key, *_ in wanted if key}
        by_key = {step.key: step for step in active if step.key}
        used, matched = set(), []
        for key, title, *_ in wanted:
            step = by_key.get(key) if key else None
            if step is None:
                step = next(
                    (s for s in active if s.pk not in used and s.title == title and s.key not in keys_in_file - {key}),
                    None,
                )
            if step is not None:
                used.add(step.pk)
            matched.append(step)

        now = timezone.now()
        retired = []
        for step in active:
            if step.pk in used:
                continue
            if step.progress.exists():
                step.archived_at = now
                retired.append(step)
            else:
                step.delete()
        archived = sorted(
            [*transition.steps.exclude(archived_at=None), *retired], key=lambda step: (step.position, step.pk)
        )
        original = {step.pk: _step_fields(step) for step in [*active, *archived]}
        steps = []
        for position, (step, (key, title, detail, estimate, *_)) in enumerate(
            zip(matched, wanted, strict=True), start=1
        ):
            step = step or Step(transition=transition)
            step.key, step.title, step.detail, step.estimate, step.position = key, title, detail, estimate, position
            steps.append(step)
        for position, step in enumerate(archived, start=len(steps) + 1):
            step.position = position
            steps.append(step)

        changed = [step for step in steps if step.pk is None or original[step.pk] != _step_fields(step)]
        moving = [step.pk for step in changed if step.pk is not None and original[step.pk][0] != step.position]
        Step.objects.park(transition, moving, in_play=[step.position for step in steps])
        for step in changed:
            step.save()
        for step, (*_, links, activities) in zip(steps, wanted, strict=False):
            _sync_tags(step, activities)
            _sync_step_links(step, links)

    def _wanted_steps(self, record):
        wanted, titles, keys = [], set(), set()
        max_title = Step._meta.get_field("title").max_length
        max_estimate = Step._meta.get_field("estimate").max_length
        for item in record.get("steps", [], kind=list):
            item = item if isinstance(item, dict) else {"title": item}
            known = ["title", "key", "detail", "estimate", "links", "activities"]
            unknown = sorted(set(item) - set(known))
            if unknown:
                record.fail("steps", f"a step has an unknown field {unknown[0]!r} (known: {', '.join(known)})")
            title = item.get("title")
            if not isinstance(title, str) or not title.strip():
                record.fail("steps", "every step needs a title")
            title = title.strip()
            if len(title) > max_title:
                record.fail("steps", f"the title {title[:40]!r}… is longer than {max_title} characters")
            if title.casefold() in titles:
                record.fail("steps", f"the title {title!r} appears twice")
            titles.add(title.casefold())
            key = str(item.get("key") or "").strip()
            if key and (not re.fullmatch(r"[-a-zA-Z0-9_]+", key) or len(key) > Step._meta.get_field("key").max_length):
                record.fail("steps", f"the key {key!r} of {title!r} must be a slug (letters, digits, - and _)")
            if key and key in keys:
                record.fail("steps", f"the key {key!r} appears twice")
            keys.add(key)
            detail, estimate = (str(item.get(field) or "").strip() for field in ("detail", "estimate"))
            if len(estimate) > max_estimate:
                record.fail("steps", f"the estimate of {title!r} is longer than {max_estimate} characters")
            links = _step_links(record, title, item.get("links") or [])
            activities = self._activity_ids(record, "steps", item.get("activities") or [], step=title)
            wanted.append((key, title, detail, estimate, links, activities))
        return wanted

    def related(self, record):
        transition = Transition.objects.get(slug=record.data["slug"])
        wanted = {}
        for order, slug in enumerate(record.get("related", [], kind=list)):
            other = self._lookup(record, "related", Transition, slug)
            if other.pk == transition.pk:
                record.fail("related", "a transition cannot be related to itself")
            wanted[other.pk] = {"order": order}
        _sync_links(transition.related_links, "to_transition_id", wanted)


def _occupation(record):
    """The role's official occupation, from `soc: 13-2041`; the labour data must be loaded first."""
    soc = record.get("soc")
    if soc is None:
        return None
    if not isinstance(soc, str):
        record.fail("soc", "must be a SOC code such as 13-2041, in quotes if need be")
    occupation = Occupation.objects.filter(soc=soc.strip()).first()
    if occupation is None:
        record.fail("soc", f"no occupation with SOC code {soc!r} (load the labour data first: import_labour_data)")
    return occupation


def _sync_links(manager, key, wanted):
    """Make the related rows of `manager` exactly `wanted` ({key value: fields}), touching only what differs."""
    for link in manager.all():
        target = getattr(link, key)
        if target not in wanted:
            link.delete()
            continue
        fields = wanted.pop(target)
        if any(getattr(link, name) != value for name, value in fields.items()):
            manager.filter(pk=link.pk).update(**fields)
    for target, fields in wanted.items():
        manager.create(**{key: target}, **fields)


def _step_links(record, step, items):
    """A step's resource links from the file, [(title, url)] in order: web addresses only, each once."""
    if not isinstance(items, list):
        record.fail("steps", f"the links of {step!r} must be a list of {{title, url}}")
    max_title = StepLink._meta.get_field("title").max_length
    max_url = StepLink._meta.get_field("url").max_length
    links = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"title", "url"}:
            record.fail("steps", f"each link of {step!r} needs exactly a title and a url")
        title, url = (str(item[field] or "").strip() for field in ("title", "url"))
        if not title or len(title) > max_title:
            record.fail("steps", f"a link of {step!r} needs a title of 1 to {max_title} characters")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            record.fail("steps", f"the link {title!r} of {step!r} has {url!r}, not a web address (https://…)")
        if len(url) > max_url:
            record.fail("steps", f"the link {title!r} of {step!r} is longer than {max_url} characters")
        if url in [known for _, known in links]:
            record.fail("steps", f"the link {url!r} of {step!r} appears twice")
        links.append((title, url))
    return links


def _sync_step_links(step, links):
    """Give a step exactly these links, in order, writing only when they differ."""
    if [(link.title, link.url) for link in step.links.all()] != links:
        step.links.all().delete()
        StepLink.objects.bulk_create(
            StepLink(step=step, title=title, url=url, order=order) for order, (title, url) in enumerate(links)
        )


def _sync_tags(obj, activity_ids):
    """Tag a skill or step with exactly these work activities, writing only when they differ."""
    if {activity.pk for activity in obj.work_activities.all()} != set(activity_ids):
        obj.work_activities.set(activity_ids)


def _step_fields(step):
    return (step.position, step.key, step.title, step.detail, step.estimate, step.archived_at)


def _as_date(record, field):
    value = record.get(field)
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            record.fail(field, "must be a date such as 2026-03-31")
    if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
        return value
    record.fail(field, "must be a date such as 2026-03-31")


def _as_datetime(record, value):
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            record.fail("published", "must be a date (2026-01-15) or a date and time")
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)
    record.fail("published", "must be a date (2026-01-15) or a date and time")


def export():
    """The whole catalogue as a YAML document in the format load() reads."""
    document = {
        "industries": [
            {"slug": i.slug, "name": i.name, "description": i.description} for i in Industry.objects.order_by("slug")
        ],
        "roles": [
            _export_role(role) for role in Role.objects.select_related("industry", "occupation").order_by("slug")
        ],
        "skills": [_export_skill(s) for s in Skill.objects.prefetch_related("work_activities").order_by("slug")],
        "certifications": [_export_certification(c) for c in Certification.objects.order_by("slug")],
        "transitions": [_export_transition(t) for t in _transitions_for_export()],
    }
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _export_role(role):
    data = {
        "slug": role.slug,
        "name": role.name,
        "industry": role.industry.slug,
        "summary": role.summary,
        "description": role.description,
        "salary": role.salary,
        "currency": role.salary_currency,
    }
    if role.other_titles:
        data["other_titles"] = role.other_title_list
    if role.salary_note:
        data["salary_note"] = role.salary_note
    if role.occupation_id:
        data["soc"] = role.occupation.soc
    if role.occupation_note:
        data["soc_note"] = role.occupation_note
    if role.ai_risk_score is not None or role.ai_risk_rationale:
        data["ai_risk"] = {
            "score": role.ai_risk_score,
            "level": role.ai_risk_level,
            "rationale": role.ai_risk_rationale,
            "sources": [line for line in role.ai_risk_sources.splitlines() if line.strip()],
        }
    return data


def _export_certification(certification):
    data = {
        "slug": certification.slug,
        "name": certification.name,
        "provider": certification.provider,
        "url": certification.url,
        "description": certification.description,
    }
    if certification.retired_on:
        data["retired_on"] = certification.retired_on
    return data


def _export_skill(skill):
    data = {"slug": skill.slug, "name": skill.name, "description": skill.description, "keywords": skill.keyword_list}
    if activities := _activity_codes(skill):
        data["activities"] = activities
    return data


def _activity_codes(obj):
    return sorted(activity.code for activity in obj.work_activities.all())


def _export_step(step):
    fields = {field: getattr(step, field) for field in ("key", "detail", "estimate") if getattr(step, field)}
    if links := [{"title": link.title, "url": link.url} for link in step.links.all()]:
        fields["links"] = links
    if activities := _activity_codes(step):
        fields["activities"] = activities
    return {"title": step.title, **fields} if fields else step.title


def _transitions_for_export():
    return (
        Transition.objects.select_related("from_role", "to_role")
        .prefetch_related(
            "skill_links__skill",
            "certification_links__certification",
            "related_links__to_transition",
            "steps__work_activities",
            "steps__links",
        )
        .order_by("slug")
    )


def _export_transition(transition):
    skill_links = transition.skill_links.all()
    data = {
        "slug": transition.slug,
        "from": transition.from_role.slug,
        "to": transition.to_role.slug,
        "summary": transition.summary,
        "intro": transition.intro,
        "timeline": [transition.timeline_min_months, transition.timeline_max_months],
        "timeline_note": transition.timeline_note,
        "published": transition.published_at.isoformat() if transition.published_at else None,
        "featured": transition.is_featured,
        "transferable": [link.skill.slug for link in skill_links if link.kind == TransitionSkill.Kind.TRANSFERABLE],
        "to_build": [link.skill.slug for link in skill_links if link.kind == TransitionSkill.Kind.TO_BUILD],
        "certifications": [
            {"slug": link.certification.slug, "note": link.note} if link.note else link.certification.slug
            for link in transition.certification_links.all()
        ],
        "steps": [_export_step(step) for step in transition.steps.all() if not step.is_archived],
        "related": [link.to_transition.slug for link in transition.related_links.all()],
    }
    for optional in ("timeline_note", "published"):
        if not data[optional]:
            del data[optional]
    return data


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as readable `|` blocks."""


def _represent_str(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)

"""The checks resume scanners and recruiters apply, each with a one-line fix. Plain Python, no Django."""

import re
from collections import Counter
from dataclasses import dataclass

from transitions.resume.matching import BULLET, fold

# Bounded repeats: a 50,000-character run without an "@" must not make the search quadratic.
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ()./-]{7,18}\d(?!\w)")
NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozen|hundred|thousand|million)\b"
)
HEADINGS = {
    "summary": ["summary", "profile", "professional summary", "about me", "objective", "career summary"],
    "experience": [
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
    ],
    "education": ["education", "education and training", "academic background", "qualifications"],
    "skills": ["skills", "technical skills", "key skills", "core skills", "skills and tools", "core competencies"],
    "certifications": ["certifications", "certificates", "licenses and certifications", "certifications and training"],
}
REQUIRED_HEADINGS = ["experience", "education", "skills"]
WEAK_VERBS = [
    "responsible for",
    "helped",
    "assisted",
    "worked on",
    "handled",
    "participated in",
    "involved in",
    "duties",
]
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_STYLES = {
    "month name": re.compile(rf"\b{MONTHS}\s+(?:19|20)\d\d\b"),
    "number/year": re.compile(r"\b(?:0?[1-9]|1[0-2])/(?:19|20)\d\d\b"),
    "year-month": re.compile(r"\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])\b"),
}
YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|\u2013|\u2014|to)\s*((?:19|20)\d\d)\b")
SHORTEST, LONGEST = 250, 1100  # words: about one to two pages


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    passed: bool
    detail: str
    fix: str


def heading_of(line):
    """Which standard section a line names, if it is a heading ("EXPERIENCE", "Work history:")."""
    words = fold(line).strip(" :\t-\u2013\u2014#*").replace("&", "and")
    words = re.sub(r"\s+", " ", words)
    if len(words) > 40:
        return None
    for section, names in HEADINGS.items():
        if words in names:
            return section
    return None


def check_contact(text):
    has_email = bool(EMAIL.search(text))
    # Nine digits or more: "2019 - 2021" is a date range, not a phone number.
    has_phone = any(sum(ch.isdigit() for ch in m.group()) >= 9 for m in PHONE.finditer(text))
    found = [name for name, has in [("an email address", has_email), ("a phone number", has_phone)] if has]
    return Check(
        "contact",
        "Contact details",
        has_email and has_phone,
        f"Found {' and '.join(found)}." if found else "No email address or phone number found.",
        "Put your email address and phone number in the first lines, as plain text (not in a header or image).",
    )


def check_headings(lines):
    found = {section for line in lines if (section := heading_of(line))}
    missing = [section for section in REQUIRED_HEADINGS if section not in found]
    return Check(
        "headings",
        "Standard section headings",
        not missing,
        f"Missing: {', '.join(missing).capitalize()}." if missing else "Experience, Education and Skills found.",
        "Use the plain headings scanners look for: “Experience”, “Education” and “Skills”, each on its own line.",
    )


def check_length(text):
    words = len(text.split())
    if words < SHORTEST:
        detail, passed = f"{words} words: short for a resume.", False
    elif words > LONGEST:
        detail, passed = f"{words} words: more than two pages.", False
    else:
        detail, passed = f"{words} words: about one to two pages.", True
    return Check(
        "length",
        "Length",
        passed,
        detail,
        "Aim for 400 to 900 words: keep the last 10 years in detail and cut duties that do not serve the new role.",
    )


def check_measurable(bullets):
    measured = [bullet for bullet in bullets if NUMBER.search(fold(bullet))]
    passed = bool(bullets) and len(measured) * 2 >= len(bullets)
    detail = f"{len(measured)} of {len(bullets)} bullets show a number." if bullets else "No bullet points found."
    return Check(
        "measurable",
        "Bullets with measurable results",
        passed,
        detail,
        "Give at least half your bullets a number: how much, how many, how fast "
        "(“cut month-end close from 6 to 3 days”).",
    )


def check_weak_verbs(text):
    folded = fold(text)
    counts = Counter({verb: len(re.findall(rf"\b{verb}\b", folded)) for verb in WEAK_VERBS})
    repeated = [(verb, n) for verb, n in counts.most_common() if n >= 2]
    detail = (
        "Repeated: " + ", ".join(f"“{verb}” ({n} times)" for verb, n in repeated) + "."
        if repeated
        else "No weak verb is repeated."
    )
    return Check(
        "weak_verbs",
        "Strong, varied verbs",
        not repeated,
        detail,
        "Start bullets with what you did: built, automated, reduced, led, modelled, launched.",
    )


def check_dates(text):
    folded = fold(text)
    styles = [name for name, pattern in DATE_STYLES.items() if pattern.search(folded)]
    backwards = [f"{a} to {b}" for a, b in YEAR_RANGE.findall(folded) if int(a) > int(b)]
    problems = []
    if len(styles) > 1:
        problems.append(f"dates written {len(styles)} ways ({', '.join(styles)})")
    if backwards:
        problems.append(f"a range that ends before it starts ({backwards[0]})")
    return Check(
        "dates",
        "Consistent dates",
        not problems,
        ("Found " + " and ".join(problems) + ".") if problems else "Dates are written one way.",
        "Write every date the same way, e.g. “Mar 2021 - Present”, newest job first.",
    )


def check_quality(text):
    lines = text.splitlines()
    bullets = [line for line in lines if BULLET.match(line)]
    return [
        check_contact(text),
        check_headings(lines),
        check_length(text),
        check_measurable(bullets),
        check_weak_verbs(text),
        check_dates(text),
    ]

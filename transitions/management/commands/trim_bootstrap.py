"""Bootstrap's stylesheet trimmed to the rules CareerHub can use: what a first visit downloads of it.

    manage.py trim_bootstrap            # writes static/vendor/bootstrap/bootstrap.used.css
    manage.py trim_bootstrap --check    # fails when that file is not what the sources make now

A rule stays when every class its selector needs appears as a word somewhere in our templates, the
crispy-forms Bootstrap 5 templates, our Python or our JavaScript (a word ending in "-" keeps every class
it begins, for names built in templates such as alert-{{ level }}). Classes inside :not(), :is(), :where()
and :has() are not needed; element, attribute and :root rules, @font-face and @keyframes always stay.
tests/test_page_weight.py runs --check, so a template that starts using another Bootstrap class fails the
tests until the file is made again.
"""

import re
from pathlib import Path

import tinycss2
from django.core.management.base import BaseCommand, CommandError

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "static/vendor/bootstrap/bootstrap.min.css"
TARGET = ROOT / "static/vendor/bootstrap/bootstrap.used.css"
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
CLASS = re.compile(r"\.((?:[A-Za-z0-9_-]|\\.)+)")
FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has)\(")


def source_files():
    import crispy_bootstrap5

    crispy = Path(crispy_bootstrap5.__file__).parent / "templates"
    yield from (ROOT / "templates").rglob("*.html")
    yield from crispy.rglob("*.html")
    yield from (ROOT / "static/js").rglob("*.js")
    for app in ("accounts", "transitions", "careerhub"):
        yield from (p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def used_words():
    words = set()
    for path in source_files():
        words.update(WORD.findall(path.read_text(encoding="utf-8")))
    return words


def without_functional_pseudos(selector):
    """The selector with the arguments of :not(), :is(), :where() and :has() taken out."""
    out, depth, position = [], 0, 0
    for match in FUNCTIONAL_PSEUDO.finditer(selector):
        if match.start() < position:
            continue
        out.append(selector[position : match.start()])
        depth, index = 1, match.end()
        while depth and index < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[index], 0)
            index += 1
        position = index
    out.append(selector[position:])
    return "".join(out)


def needed(selector, words, prefixes):
    classes = CLASS.findall(without_functional_pseudos(selector))
    return all(name in words or name.startswith(prefixes) for name in classes)


def trim(rules, words, prefixes):
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            chosen = [s for s in selectors if needed(s, words, prefixes)]
            if chosen:
                kept.append(f"{','.join(chosen)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            inner = trim(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words, prefixes
            )
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":  # written first, by `trimmed`
            kept.append(tinycss2.serialize([rule]))
    return kept


def trimmed():
    text = SOURCE.read_text(encoding="utf-8")
    licence = re.search(r"/\*!.*?\*/", text, re.S)[0]
    words = used_words()
    prefixes = tuple(sorted(word for word in words if word.endswith("-")))
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    body = "".join(trim(rules, words, prefixes))
    return (
        f'@charset "UTF-8";{licence}\n/* Trimmed to the classes CareerHub uses: manage.py trim_bootstrap */\n{body}\n'
    )


class Command(BaseCommand):
    help = "Write Bootstrap's stylesheet trimmed to the classes CareerHub uses (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the committed file is out of date")

    def handle(self, *args, check=False, **options):
        text = trimmed()
        if check:
            if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
                raise CommandError(f"{TARGET.relative_to(ROOT)} is out of date: run manage.py trim_bootstrap")
            return
        TARGET.write_text(text, encoding="utf-8")
        self.stdout.write(f"{TARGET.relative_to(ROOT)}: {len(text.encode()):,} bytes (from {SOURCE.stat().st_size:,})")

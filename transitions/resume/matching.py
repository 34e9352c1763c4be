"""Find a guide's skills, certifications and target title in a resume's text.

Plain Python (no Django): the view hands over plain data and gets plain data back, so the rules are tested
alone. Matching works on words, never on substrings, so "ML" is not found in "HTML" nor "Excel" in
"excellent". Words are compared without case, accents or punctuation ("scikit-learn" = "Scikit Learn"),
and ordinary words in their variations (model, models, modeling, modelling; analyse, analyze, analysis).
Names of tools and acronyms (Excel, SQL, AWS: written with a capital in a keyword list) match only as
themselves, and one-letter languages (R, C) only where the sentence is about programming or data work.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

# A word: letters and digits, with the "++" or "#" of C++, C# and F# kept on.
WORD = re.compile(r"[^\W_]+(?:\+\+|#)?")
# Where one sentence ends: after . ! ? ; (before a space) or at the end of a line.
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u2023\u25e6\u2013\u2014]|\d{1,2}[.)])\s+")

# A one-letter language name counts only in a sentence that also has one of these words (in any variation).
PROGRAMMING_WORDS = """
    python sql sas stata matlab spss julia java scala vba excel c++ c# rstudio tidyverse ggplot2 dplyr shiny cran
    programming program language code coding script package library statistics statistical regression model
    analysis analytics data embedded firmware compiler
"""
# Words that are not part of what a certification is called on a resume ("AWS Certified Machine Learning, Specialty").
CERTIFICATION_FILLER = {"certified", "certification", "certificate", "professional", "the", "of", "and", "in", "a"}
# Acronyms in job titles and what they stand for: "ML Engineer" is also a "Machine Learning Engineer".
SPELLED_OUT = {
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "ux": "user experience",
    "hr": "human resources",
    "qa": "quality assurance",
    "bi": "business intelligence",
    "sre": "site reliability",
}
# A lower-case tool name before one of these is the everyday word: "I excel at", "python in the wild".
EVERYDAY_AFTER = {"at", "in"}


CACHED_WORD = 40  # characters: shorter words are cached (they repeat); a cache of longer ones could grow huge


def fold(word):
    """Lower case without accents: "Modélisation" -> "modelisation", "Straße" -> "strasse"."""
    return _fold(word) if len(word) <= CACHED_WORD else _fold.__wrapped__(word)


def stem(folded):
    """The root shared by a word's everyday variations: model/modeling/modelling -> "model"."""
    return _stem(folded) if len(folded) <= CACHED_WORD else _stem.__wrapped__(folded)


@lru_cache(maxsize=20_000)
def _fold(word):
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=20_000)
def _stem(folded):
    """See stem(). Deliberately light: it only has to make variations of the same word meet, never two different words.
    Short words, words with digits and C++/C# stay as they are (ML, AWS, S3, SQL).
    """
    word = folded
    if len(word) <= 3 or not word.isalpha():
        return word
    # British and American spelling meet: analyze -> analyse, optimization -> optimisation.
    word = re.sub(r"(?<=[iy])z(?=[eia])", "s", word)
    if word.endswith("ysis"):
        word = word[:-2]  # analysis -> analys (as in analyse, analysed)
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    # modell(ing) -> model, plann(ed) -> plan; "ss" stays (assess).
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "s" and word[-1].isalpha():
        word = word[:-1]
    return word


PROGRAMMING_CONTEXT = {stem(fold(word)) for word in PROGRAMMING_WORDS.split()}


class Token(NamedTuple):  # a tuple: a resume has thousands of words, and tuples are cheap to make
    text: str  # as written
    start: int  # offsets in the sentence
    end: int
    folded: str
    stem: str


def tokenize(text):
    return [Token(m.group(), m.start(), m.end(), folded := fold(m.group()), stem(folded)) for m in WORD.finditer(text)]


# --- Terms: what editors write in a skill's name and keywords ----------------------------------------------


@dataclass(frozen=True)
class Term:
    """One keyword as a sequence of word tests: ("stem", x) matches a word's stem, ("name", x) the word itself."""

    label: str
    parts: tuple
    needs_context: bool = False  # R, C: only in a sentence about programming or data


def is_name(word, *, alone):
    """Acronyms and tool names match only as themselves: SQL, NumPy, PyTorch; Excel, Python when alone."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return True
    if any(ch.isupper() for ch in letters[1:]):
        return True
    return alone and letters[0].isupper()


def make_term(label):
    words = WORD.findall(label)
    alone = len(words) == 1
    parts = []
    for word in words:
        folded = fold(word)
        if is_name(word, alone=alone) or not folded.isalpha():
            parts.append(("name", folded))
        else:
            parts.append(("stem", stem(folded)))
    needs_context = alone and len(words[0]) == 1 if words else False
    return Term(label, tuple(parts), needs_context)


@lru_cache(maxsize=2048)
def _terms_for(name, keywords):
    return tuple(_build_terms(name, keywords))


def terms_for(name, keywords=()):
    """The terms that show a skill (see _build_terms); cached, as every check reads the same skills."""
    return _terms_for(name, tuple(keywords))


def _build_terms(name, keywords):
    """The terms that show a skill: its name, what its name lists in brackets, and its keywords.

    "Cloud computing platforms (AWS, GCP)" -> "Cloud computing platforms", "AWS", "GCP", then the keywords.
    """
    labels = []
    bracketed = re.findall(r"\(([^)]*)\)", name)
    main = re.sub(r"\([^)]*\)", " ", name).strip()
    if main:
        labels.append(main)
    for inside in bracketed:
        labels.extend(part.strip() for part in inside.split(","))
    labels.extend(keywords)
    seen, terms = set(), []
    for label in labels:
        term = make_term(label)
        if term.parts and term.parts not in seen:
            seen.add(term.parts)
            terms.append(term)
    return terms


# --- The resume, as sentences of words ---------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    tokens: list
    line: int  # which line of the resume it is on (0-based)
    is_bullet: bool
    # Where each word starts a match: stem or folded word -> positions, so a search never scans the sentence.
    at_stem: dict = field(default_factory=dict)
    at_name: dict = field(default_factory=dict)
    is_about_programming: bool = False

    def __post_init__(self):
        for position, token in enumerate(self.tokens):
            self.at_stem.setdefault(token.stem, []).append(position)
            self.at_name.setdefault(token.folded, []).append(position)
        self.is_about_programming = not PROGRAMMING_CONTEXT.isdisjoint(self.at_stem)

    @property
    def stems(self):
        return self.at_stem.keys()

    @property
    def names(self):
        return self.at_name.keys()


def split_sentences(text):
    sentences = []
    for number, line in enumerate(text.splitlines()):
        marker = BULLET.match(line)
        is_bullet = bool(marker)
        if marker:
            line = line[marker.end() :]
        for piece in SENTENCE_END.split(line):
            piece = piece.strip()
            if piece:
                tokens = tokenize(piece)
                if tokens:
                    sentences.append(Sentence(piece, tokens, number, is_bullet))
    return sentences


def _part_matches(part, token):
    kind, value = part
    return token.folded == value if kind == "name" else token.stem == value


def find_term(term, sentence):
    """(start, end) of the term in the sentence, or None."""
    first_kind, first = term.parts[0]
    starts = (sentence.at_name if first_kind == "name" else sentence.at_stem).get(first)
    if not starts:
        return None
    tokens, size = sentence.tokens, len(term.parts)
    for i in starts:
        if i + size > len(tokens):
            break
        if all(_part_matches(part, tokens[i + j]) for j, part in enumerate(term.parts[1:], 1)):
            if term.needs_context and not _is_language_use(tokens, i, sentence):
                continue
            if size == 1 and _is_everyday_word(term, tokens, i):
                continue
            return tokens[i].start, tokens[i + size - 1].end
    return None


def _is_everyday_word(term, tokens, i):
    """A tool named like a word, written in lower case and used as the word: "I excel at", not "Excel"."""
    kind, value = term.parts[0]
    if kind != "name" or not value.isalpha() or len(value) < 4 or not tokens[i].text.islower():
        return False
    return i + 1 < len(tokens) and tokens[i + 1].folded in EVERYDAY_AFTER


def _is_language_use(tokens, i, sentence):
    """A one-letter word as a programming language: written as a capital, not an initial ("John R. Smith"),
    not part of "R&D", in a sentence that is about programming or data work."""
    token = tokens[i]
    if not token.text.isupper():
        return False
    after = sentence.text[token.end : token.end + 1]
    before = sentence.text[token.start - 1 : token.start] if token.start else ""
    if after in {".", "&", "'", "\u2019", "-"} or before in {"&", "-", "'", "\u2019"}:
        return False
    return sentence.is_about_programming


@dataclass(frozen=True)
class Evidence:
    term: str  # the keyword that matched
    sentence: str
    start: int
    end: int
    line: int
    is_bullet: bool

    @property
    def before(self):
        return self.sentence[: self.start]

    @property
    def found(self):
        return self.sentence[self.start : self.end]

    @property
    def after(self):
        return self.sentence[self.end :]


def find_evidence(terms, sentences):
    """The first sentence that shows any of the terms (terms are tried in order), or None."""
    for term in terms:
        for sentence in sentences:
            span = find_term(term, sentence)
            if span:
                return Evidence(term.label, sentence.text, *span, sentence.line, sentence.is_bullet)
    return None


def contains(text, label):
    """Whether the text shows this keyword, by the same rules: for tests and for small texts."""
    return find_evidence([make_term(label)], split_sentences(text)) is not None


# --- Titles and certifications ------------------------------------------------------------------------------


def title_terms(title):
    """The target title and its common variants: "ML Engineer" also as "Machine Learning Engineer"."""
    term, words = make_term(title), WORD.findall(title)
    variants = [term]
    spelled_out = {short: make_term(long).parts for short, long in SPELLED_OUT.items()}
    if any(fold(word) in SPELLED_OUT for word in words):
        label = " ".join(SPELLED_OUT[fold(word)].title() if fold(word) in SPELLED_OUT else word for word in words)
        variants.append(make_term(label))
    # And the other way: "Machine Learning Engineer" also as "ML Engineer" (one part per word of the title).
    for short, long in spelled_out.items():
        for i in range(len(term.parts) - len(long) + 1):
            if term.parts[i : i + len(long)] == long:
                variants.append(make_term(" ".join([*words[:i], short.upper(), *words[i + len(long) :]])))
    return variants


def find_certification(name, sentences):
    """The line naming the certification: all its significant words on one line, in any order."""
    wanted = {
        (
            "name" if is_name(word, alone=False) else "stem",
            fold(word) if is_name(word, alone=False) else stem(fold(word)),
        )
        for word in WORD.findall(name)
        if fold(word) not in CERTIFICATION_FILLER
    }
    if not wanted:
        return None
    by_line = {}
    for sentence in sentences:
        by_line.setdefault(sentence.line, []).append(sentence)
    for line_sentences in by_line.values():
        stems = set().union(*(s.stems for s in line_sentences))
        names = set().union(*(s.names for s in line_sentences))
        if all((value in names) if kind == "name" else (value in stems) for kind, value in wanted):
            first = line_sentences[0]
            text = " ".join(s.text for s in line_sentences)
            in_progress = bool(re.search(r"in progress|expected|candidate|studying|preparing|ongoing", fold(text)))
            return Evidence(name, text, 0, len(text), first.line, first.is_bullet), in_progress
    return None

"""Spelling help for search: close words from a small vocabulary of titles. Plain Python, no Django."""

import difflib
import re

WORD = re.compile(r"[a-z0-9+#]+")
# Close enough to search for as well as the word typed ("analist" → "analyst").
SEARCH_CUTOFF = 0.75
# Close enough to offer as "Did you mean …?".
SUGGEST_CUTOFF = 0.6
# Words shorter than this are abbreviations ("ML", "HR") more often than typos.
SHORTEST_TYPO = 4


def words(text):
    """The lower-case words of a text, keeping the "+" and "#" of C++ and C#."""
    return WORD.findall(text.lower())


def vocabulary(titles):
    """The distinct words of some titles, sorted: what the other functions compare a query with."""
    return sorted({word for title in titles for word in words(title) if len(word) > 1})


def is_known(word, known):
    """A word is known when it is in the vocabulary or begins one of its words ("machin" → "machine")."""
    return word in known or any(candidate.startswith(word) for candidate in known)


def alternatives(query_words, known, *, cutoff=SEARCH_CUTOFF, limit=2):
    """For each unknown query word, the closest vocabulary words: {"analist": ["analyst"]}."""
    found = {}
    for word in query_words:
        if len(word) < SHORTEST_TYPO or is_known(word, known):
            continue
        close = difflib.get_close_matches(word, known, n=limit, cutoff=cutoff)
        if close:
            found[word] = close
    return found


def suggestion(query, known, *, cutoff=SUGGEST_CUTOFF):
    """The query with each unknown word replaced by its closest vocabulary word; None when nothing changes."""
    query_words = words(query)
    closest = alternatives(query_words, known, cutoff=cutoff, limit=1)
    if not closest:
        return None
    return " ".join(closest.get(word, [word])[0] for word in query_words)

"""The seed: the reference page every transition page must be able to show, word for word."""

from pathlib import Path

SEED_PAGE = Path(__file__).resolve().parent / "bank-analyst-to-ml-engineer.txt"

# The seed's section headings, in the order the page shows them.
SEED_HEADINGS = [
    "Transferable Skills",
    "Skills You'll Need to Build",
    "Salary Comparison",
    "Timeline",
    "Recommended Certifications",
    "First Steps to Start Your Transition",
    "Related Career Transitions",
]

"""Learner pages, one module per area: learners (sign-up, profile, journeys, checklist, dashboard)."""

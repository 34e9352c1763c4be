"""Public pages, one module per area: guides (home, index, guide, role, skill, certification), search."""

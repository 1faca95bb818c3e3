"""A teacher's class: rosters, assignments, the live dashboard (docs/classroom.md)."""

"""Who is asking: teachers, students and their classes (classroom mode), the
sessions that carry them, and the checks every request passes (docs/classroom.md)."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import LangDep, StateDep, not_found
from app.api.openapi import errors, links
from app.api.schemas import LessonPublic, LessonSummary
from app.lessons.render import render_lesson

router = APIRouter(prefix="/api/lessons", tags=["lessons"])


@router.get("", response_model=list[LessonSummary], responses={200: links("get_lesson", slug="$response.body#/0/slug")})
def list_lessons(state: StateDep, lang: LangDep) -> list[dict]:
    """The lessons in curriculum order."""
    return [lesson.summary(lang) for lesson in state.lessons]


@router.get("/{slug}", response_model=LessonPublic, responses=errors(404))
def get_lesson(slug: str, state: StateDep, lang: LangDep) -> dict:
    """One lesson: its title, rendered prose and playground preset."""
    lesson = state.lessons.get(slug)
    if lesson is None:
        raise not_found("lesson", slug)
    return {"slug": slug, "title": lesson.title(lang), "html": render_lesson(lesson, lang), "preset": lesson.preset}

"""The typed way for a screen to reach its app and the services it reads through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen

from quiz.play.services import PlayerServices

if TYPE_CHECKING:
    from quiz.ui.app import QuizApp

ResultType = TypeVar("ResultType")


class QuizScreen(Screen[ResultType], Generic[ResultType]):
    """A screen of the quiz app (or the drill app): `quiz` is the app, typed, and `services`
    what the screen may read and write; nothing here reaches into the store."""

    @property
    def quiz(self) -> QuizApp:
        # typed, not imported: the app imports every screen (the drill app is a QuizApp too)
        return cast("QuizApp", self.app)

    @property
    def services(self) -> PlayerServices:
        return self.quiz.services

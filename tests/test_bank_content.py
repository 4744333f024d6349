"""The shipped banks, read as an examiner would (issue 17).

Typed answers are played through the real grader: the article's own wording (its titles,
short forms and phrases) must be accepted and plausible wrong answers refused. The mix of
the banks is held to its targets: difficulty, questions that need both articles, and
true/false statements whose qualifiers ("only", "all", "still"…) do not give the answer away.
"""

from __future__ import annotations

import re

import pytest

from quiz.core.kinds import grade
from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.text import TextQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import choice_is_correct, choice_text
from quiz.library.loader import load_library

NYT = "nyt-2016-el-chapo"
ECONOMIST = "economist-2023-el-chapo-sequel"
CROSS_BANK = "cross-2016-2023"

# For every typed question: what a reader of the article would type, in the article's own
# words, titles and short forms (all must count) ...
ARTICLE_WORDING: dict[str, list[str]] = {
    "nyt-new-attorney-general": [
        "Arely Gómez González",
        "Arely Gómez",
        "Ms. Gómez",
        "Gómez",
        "arely gomez gonzalez",
        "Ms Gomez",
        "Ms. Gómez González",
    ],
    "nyt-predecessor": ["Felipe Calderón", "Calderón", "Calderon", "Mr. Calderón", "President Calderón"],
    "nyt-titans-footnote": ["footnote", "a footnote", "Footnote."],
    "nyt-murillo-boast": ["400", "four hundred", "400 years"],
    "nyt-sea-change-trigger": [
        "the second escape of El Chapo during this administration",
        "the second escape of El Chapo",
        "the second escape",
        "El Chapo's second escape",
        "El Chapo’s second escape",
        "Guzmán's second escape",
        "Mr. Guzmán's second escape",
        "his second escape",
        "El Chapo's escape",
        "the escape",
    ],
    "nyt-stonewalling": ["stonewalling", "the same stonewalling", "Stonewalling."],
    "nyt-heroin-plan": ["heroin", "the heroin epidemic", "heroin epidemic"],
    "eco-national-guard": ["the National Guard", "National Guard", "national guard"],
    "eco-chapo-gang": ["Sinaloa", "the Sinaloa gang", "Sinaloa gang", "the Sinaloa cartel", "Sinaloa cartel"],
    "eco-cienfuegos-post": [
        "defence minister",
        "former defence minister",
        "a former Mexican defence minister",
        "former Mexican defence minister",
        "Mexican defence minister",
        "Mexico's defence minister",
        "defense minister",
        "former defense minister",
        "minister of defence",
    ],
    "eco-security-law-target": [
        "DEA",
        "the DEA",
        "D.E.A.",
        "Drug Enforcement Administration",
        "the Drug Enforcement Administration",
    ],
    "eco-younger-guzman": ["Ovidio", "Ovidio Guzmán", "ovidio guzman"],
}

# ... and what a player who half-remembers, or mixes up the article's people, might type
# instead (none may count).
PLAUSIBLE_WRONG: dict[str, list[str]] = {
    "nyt-new-attorney-general": ["Loretta E. Lynch", "Lynch", "Jesús Murillo Karam", "Murillo Karam"],
    "nyt-predecessor": ["Enrique Peña Nieto", "López Obrador", "Vicente Fox"],
    "nyt-titans-footnote": ["failure", "a disaster", "an afterthought"],
    "nyt-murillo-boast": ["500", "300", "1000", "four thousand", "300 years"],
    "nyt-sea-change-trigger": ["the recapture", "the first escape", "the arrest", "the GAO report", "Arely Gómez"],
    "nyt-stonewalling": ["cooperation", "the doors fly open", "silence", "nothing"],
    "nyt-heroin-plan": ["fentanyl", "cocaine", "opioids", "methamphetamine"],
    "eco-national-guard": ["the army", "the navy", "the federal police", "the National Police"],
    "eco-chapo-gang": ["the Gulf cartel", "Jalisco", "Los Zetas", "Tijuana"],
    "eco-cienfuegos-post": [
        "federal security minister",
        "security minister",
        "attorney-general",
        "interior minister",
        "former diplomat",
    ],
    "eco-security-law-target": ["FBI", "CBP", "the CIA", "ATF", "Customs and Border Protection"],
    "eco-younger-guzman": ["Joaquín", "Rafael", "Genaro", "Salvador"],
}

# Words that make a statement sweeping or exact; a false statement must not be spotted by them.
QUALIFIERS = re.compile(
    r"\b(only|all|every|both|never|always|throughout|strictly|entirely|solely|still|already"
    r"|as soon as|at once|none)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def library():
    library = load_library()
    assert not [d for d in library.diagnostics if d.severity == "error"]
    return library


@pytest.fixture(scope="module")
def questions(library):
    return [q for loaded in library.banks for q in loaded.bank.questions]


def _text_questions(library) -> dict[str, TextQuestion]:
    return {q.id: q for loaded in library.banks for q in loaded.bank.questions if isinstance(q, TextQuestion)}


def test_every_typed_question_has_its_wording_listed(library):
    # a new typed question must come with the article's wording and a wrong answer to try
    typed = set(_text_questions(library))
    assert typed == set(ARTICLE_WORDING) == set(PLAUSIBLE_WRONG)


@pytest.mark.parametrize("question_id", sorted(ARTICLE_WORDING))
def test_the_articles_own_wording_is_accepted(library, question_id):
    question = _text_questions(library)[question_id]
    refused = [typed for typed in ARTICLE_WORDING[question_id] if not grade(question, typed).correct]
    assert not refused, f"{question_id} refuses the article's wording: {refused}"


@pytest.mark.parametrize("question_id", sorted(PLAUSIBLE_WRONG))
def test_plausible_wrong_answers_are_refused(library, question_id):
    question = _text_questions(library)[question_id]
    passed = [typed for typed in PLAUSIBLE_WRONG[question_id] if grade(question, typed).correct]
    assert not passed, f"{question_id} accepts wrong answers: {passed}"


def test_difficulty_mix(questions):
    share = {level: sum(q.difficulty == level for q in questions) / len(questions) for level in (1, 2, 3)}
    assert share[1] <= 0.45, f"{share[1]:.0%} of questions at difficulty 1 (at most 45%)"
    assert share[3] >= 0.20, f"{share[3]:.0%} of questions at difficulty 3 (at least 20%)"


def test_cross_questions_quote_both_articles(library):
    cross = next(loaded for loaded in library.banks if loaded.bank.id == CROSS_BANK)
    one_sided = [q.id for q in cross.bank.questions if {p.article for p in cross.passages[q.id]} != {NYT, ECONOMIST}]
    assert not one_sided, f"cross questions proved from one article only: {one_sided}"
    assert len(cross.bank.questions) >= 15


def test_true_false_qualifiers_cut_both_ways(questions):
    statements = [q for q in questions if isinstance(q, TrueFalseQuestion)]
    true = [q for q in statements if q.answer]
    false = [q for q in statements if not q.answer]
    true_q = [q.id for q in true if QUALIFIERS.search(q.prompt)]
    false_q = [q.id for q in false if QUALIFIERS.search(q.prompt)]
    # qualifiers appear on both sides, in about the same share of statements ...
    assert len(true_q) >= 3 and len(false_q) >= 2, (true_q, false_q)
    assert abs(len(true_q) / len(true) - len(false_q) / len(false)) <= 0.25, (true_q, false_q)
    # ... and most false statements are false for what they say, not for a sweeping word
    assert len(false) - len(false_q) >= len(false) / 2, false_q


def test_keyed_choice_is_not_usually_the_longest(questions):
    choice = [q for q in questions if isinstance(q, ChoiceQuestion)]
    longest = []
    for q in choice:
        texts = [choice_text(c) for c in q.choices]
        right = next(i for i, c in enumerate(q.choices) if choice_is_correct(c))
        if all(len(texts[right]) > len(t) for i, t in enumerate(texts) if i != right):
            longest.append(q.id)
    assert len(longest) <= 0.35 * len(choice), longest

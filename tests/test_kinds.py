"""Question kinds as plugins: every registry has every kind found in quiz.core.kinds, an unknown
kind is an error everywhere (never a fallback to another kind), and the wire form a remote
client renders never gives the answer away, while a right answer sent back grades right."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kind_samples import COMMON, SAMPLES

import quiz.core.kinds as kinds
from quiz.core import present, scheduling
from quiz.core.banks import Bank, LoadedBank
from quiz.core.kinds import (
    KINDS,
    QUESTION_TYPES,
    AnyQuestion,
    BadAnswer,
    UnknownKind,
    answer_from_wire,
    grade,
    kind_named,
    kind_of,
    wire_question,
)
from quiz.core.model import Question
from quiz.core.round import Outcome, PlayItem, display_order
from quiz.frontends import plain
from quiz.interchange import export, gift
from quiz.library import lint, loader

UNION_TAGS = [cls.__struct_config__.tag for cls in AnyQuestion.__args__]


class EssayQuestion(Question, tag="essay", kw_only=True):
    """A model no kind module has, so no union member: every layer must refuse it."""


ESSAY = EssayQuestion(id="s-essay", **COMMON)


def bank_of(questions: list) -> LoadedBank:
    bank = Bank(id="samples", title="Samples", articles=["a"], questions=questions)
    return LoadedBank(bank, Path("samples.yaml"), (), {}, {})


def item_of(question, order=()) -> PlayItem:
    return PlayItem(question, bank_of([question]), tuple(order))


# ---------------------------------------------------------------------------- registries


def test_the_kinds_registry_is_the_models_union_in_its_order():
    assert list(KINDS) == UNION_TAGS == list(QUESTION_TYPES)
    for tag, kind in KINDS.items():
        assert kind.tag == tag and kind.model is QUESTION_TYPES[tag]


def test_every_kind_has_a_widget():
    from quiz.ui.widgets.kinds import all_widgets
    from quiz.ui.widgets.kinds.base import AnswerWidget

    widgets = all_widgets()
    assert list(widgets) == UNION_TAGS
    for widget in widgets.values():
        assert issubclass(widget, AnswerWidget) and widget.HOW_TO_ANSWER


def test_every_kind_has_a_sample_here():
    assert list(SAMPLES) == UNION_TAGS, "add a sample of the new kind to tests/kind_samples.py"


def test_every_kind_has_an_expected_time():
    assert list(scheduling.ANSWER_SECONDS) == UNION_TAGS
    for sample in SAMPLES.values():
        assert 0 < scheduling.expected_seconds(sample.question) < 120


def test_every_kind_is_answered_in_plain_mode():
    for tag, sample in SAMPLES.items():
        item = item_of(sample.question, sample.order)
        assert plain.how_to_answer(item), tag
        given_answer = plain.parse_answer(item, sample.right_typed(sample.order))
        assert grade(sample.question, given_answer).correct, tag
        with pytest.raises(plain.BadAnswer):
            plain.parse_answer(item, "  ")


def test_every_kind_is_in_words_and_shuffled_from_the_round_rng():
    for tag, sample in SAMPLES.items():
        q = sample.question
        assert present.answer_in_words(q), tag
        order = display_order(q, random.Random(1))
        assert order == display_order(q, random.Random(1)), tag  # the seed decides
        assert sorted(order) == list(range(len(order))), tag
        right = answer_from_wire(q, sample.order, sample.right_wire(sample.order))
        assert present.given_answer(item_of(q, sample.order), right) not in ("", "(no answer)"), tag


def test_every_kind_is_exported_or_left_out_with_a_reason():
    questions = [s.question for s in SAMPLES.values()]
    banks = [bank_of(questions)]
    document = export.to_json_document(banks)
    assert [q["type"] for q in document["banks"][0]["questions"]] == UNION_TAGS
    assert export.to_anki(banks).count == export.to_csv(banks).count == len(questions)
    for name, written in (("gift", gift.to_gift(banks)), ("aiken", export.to_aiken(banks))):
        left_out = sum(int(n) for line in written.left_out for n in re.findall(r"left out (\d+) question", line))
        assert written.count + left_out == len(questions), name  # written, or left out saying why
        if name == "gift":  # GIFT names each question it writes, and at most five it leaves out
            reasons = "\n".join(written.left_out)
            assert all((q.id in written.text) != (q.id in reasons) for q in questions)


def test_bank_rules_and_lint_run_for_every_kind():
    for tag, sample in SAMPLES.items():
        assert loader._rule_problems(sample.question) == [], tag
        assert lint.answer_text(sample.question), tag


# ---------------------------------------------------------------------------- unknown kinds


def test_an_unknown_kind_is_an_error_everywhere():
    item = item_of(ESSAY)
    banks = [bank_of([ESSAY])]
    outcome = Outcome(item, 0, "x", grade(SAMPLES["text"].question, "x"), 0, (), 0, 1.0)
    calls = {
        "kind_of": lambda: kind_of(ESSAY),
        "kind_named": lambda: kind_named("essay"),
        "grade": lambda: grade(ESSAY, "anything"),
        "display order": lambda: display_order(ESSAY, random.Random(1)),
        "options": lambda: present.options(item),
        "answer in words": lambda: present.answer_in_words(ESSAY),
        "given answer": lambda: present.given_answer(item, "x"),
        "why not": lambda: present.why_not(outcome),
        "plain hint": lambda: plain.how_to_answer(item),
        "plain parse": lambda: plain.parse_answer(item, "1"),
        "expected time": lambda: scheduling.expected_seconds(ESSAY),
        "bank rules": lambda: loader._rule_problems(ESSAY),
        "lint": lambda: lint.answer_text(ESSAY),
        "json": lambda: export.to_json_document(banks),
        "aiken": lambda: export.to_aiken(banks),
        "anki": lambda: export.to_anki(banks),
        "csv": lambda: export.to_csv(banks),
        "gift": lambda: gift.to_gift(banks),
        "wire question": lambda: wire_question(ESSAY, ()),
        "answer from wire": lambda: answer_from_wire(ESSAY, (), {"text": "x"}),
    }
    for what, call in calls.items():
        with pytest.raises(UnknownKind):
            call()
            pytest.fail(f"{what} accepted a question of an unknown kind")


def test_an_unknown_kind_has_no_widget():
    from quiz.ui.widgets.kinds import widget_class

    with pytest.raises(UnknownKind):
        widget_class(item_of(ESSAY))


def test_the_union_decodes_every_kind_as_itself():
    for tag, sample in SAMPLES.items():
        raw = msgspec.to_builtins(sample.question)
        assert raw["type"] == tag
        assert msgspec.convert(raw, AnyQuestion) == sample.question, tag


def _kind_like_text(**declared):
    return type("EssayKind", (type(KINDS["text"]),), declared)()


def test_a_new_kind_joins_the_registry_in_its_rank():
    essay = _kind_like_text(tag="essay", model=EssayQuestion, rank=len(KINDS) + 1)
    assert list(kinds._registry([essay, *KINDS.values()])) == [*UNION_TAGS, "essay"]


def test_the_registry_refuses_a_kind_it_cannot_trust():
    """The registry's own checks, made at import: a kind's model is a Question tagged as the
    kind says, and no two kinds share a tag or a rank."""
    refused = {
        "tagged 'text', its kind says 'essay'": [_kind_like_text(tag="essay", rank=99)],
        "no quiz.core.model.Question": [_kind_like_text(tag="essay", model=dict, rank=99)],
        "both have rank": [KINDS["text"], _kind_like_text(tag="essay", model=EssayQuestion)],
        "two kinds are tagged 'text'": [KINDS["text"], _kind_like_text(rank=99)],
    }
    for message, found in refused.items():
        with pytest.raises(ImportError, match=message):
            kinds._registry(found)


# ---------------------------------------------------------------------------- wire


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("tag", UNION_TAGS)
def test_the_wire_form_never_gives_the_answer_away(tag):
    sample = SAMPLES[tag]
    q = sample.question
    wire = wire_question(q, sample.order)
    assert json.loads(json.dumps(wire)) == wire  # plain JSON
    assert wire["kind"] == tag and wire["prompt"] == q.prompt and wire["id"] == q.id
    assert not {"correct", "answer", "accept", "tolerance", "why_not", "explanation", "quotes", "pairs"} & set(wire)
    words = " ".join(_strings(wire))
    assert "SECRET" not in words  # no explanation, quote, why_not, typed answer or accepted one
    assert sample.twin is not None
    twin, twin_order = sample.twin
    assert wire_question(twin, twin_order) == wire  # another key, the same on the wire


@pytest.mark.parametrize("tag", UNION_TAGS)
def test_a_right_answer_from_the_wire_grades_right(tag):
    sample = SAMPLES[tag]
    given_answer = answer_from_wire(sample.question, sample.order, sample.right_wire(sample.order))
    assert grade(sample.question, given_answer).correct
    twin, twin_order = sample.twin
    assert not grade(twin, answer_from_wire(twin, twin_order, sample.right_wire(sample.order))).correct


@pytest.mark.parametrize("tag", UNION_TAGS)
def test_malformed_answers_from_the_wire_are_refused(tag):
    sample = SAMPLES[tag]
    for payload in [None, [], "1", 1, {}, {"unknown": 1}, *sample.refused]:
        with pytest.raises(BadAnswer):
            answer_from_wire(sample.question, sample.order, payload)
            pytest.fail(f"accepted {payload!r}")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(["choice", "choices", "answer", "text", "number", "order", "matches"])


@settings(max_examples=300, deadline=None)
@given(tag=st.sampled_from(UNION_TAGS), key=KEYS, value=JSON)
def test_any_json_from_the_wire_is_an_answer_or_refused(tag, key, value):
    sample = SAMPLES[tag]
    try:
        given_answer = answer_from_wire(sample.question, sample.order, {key: value})
    except BadAnswer as refused:
        assert str(refused)  # says what is expected
        return
    grade(sample.question, given_answer)  # whatever passes is something the grader takes
    assert present.given_answer(item_of(sample.question, sample.order), given_answer)


def test_a_results_file_with_an_unknown_kind_is_refused_saying_where(tmp_path):
    import msgspec
    from test_report import CLASS

    from quiz.play.drill.results import ResultsFileError, read_results

    data = msgspec.to_builtins(CLASS[0][1])
    data["drill"]["questions"][2]["type"] = "essay"
    path = tmp_path / "s1.json"
    path.write_bytes(msgspec.json.encode(data))
    with pytest.raises(ResultsFileError, match=r"s1\.json:1:1: error: unknown question type 'essay'"):
        read_results(path)
    data["drill"]["questions"][2]["type"] = "text"
    path.write_bytes(msgspec.json.encode(data))
    assert read_results(path).drill.questions[2].type == "text"


def test_a_kind_module_that_leaves_a_hook_out_stops_the_registry(monkeypatch):
    import quiz.core.kinds as kinds
    from quiz.core.kinds.base import Kind
    from quiz.core.kinds.text import TextKind

    class Halfway(TextKind):
        parse_typed = Kind.parse_typed  # abstract again: plain mode could not read it

    with pytest.raises(TypeError, match="parse_typed"):
        Halfway()
    monkeypatch.delattr(TextKind, "answer_seconds")
    with pytest.raises(ImportError, match="answer_seconds"):
        kinds._discover()

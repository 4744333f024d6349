"""Whatever the input, the loader gives located errors or a valid bank, never an exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testdata import DATA

from quiz.library.loader import load_library

GOOD = (DATA / "good" / "tiny.yaml").read_text(encoding="utf-8")
ARTICLE = (DATA / "good" / "articles" / "tiny.yaml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_outcome(tmp_path, data: bytes) -> None:
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "tiny.yaml").write_text(ARTICLE, encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_bytes(data)
    library = load_library([bank])
    errors = [d for d in library.errors if d.path == str(bank)]
    for d in library.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.message
    if errors:
        assert not library.banks
    else:
        assert len(library.banks) == 1


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path, data):
    check_outcome(tmp_path, data)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["choice", "text", "tiny-article", "No", "1:30"]),
)
keys = st.sampled_from(
    [
        "id",
        "title",
        "articles",
        "questions",
        "type",
        "prompt",
        "answer",
        "choices",
        "quotes",
        "difficulty",
        "tags",
        "explanation",
        "text",
        "correct",
        "pairs",
        "x",
    ]
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)


@FUZZ
@given(document=documents)
def test_random_yaml_documents(tmp_path, document):
    check_outcome(tmp_path, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@st.composite
def mutations(draw):
    lines = GOOD.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "cut"]))
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "insert":
            lines.insert(at, draw(st.text(max_size=20)))
        else:
            cut = draw(st.integers(0, max(len(lines[at]), 0)))
            lines[at] = lines[at][:cut] + draw(st.text(max_size=5))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(data=mutations())
def test_mutations_of_a_real_bank(tmp_path, data):
    check_outcome(tmp_path, data)

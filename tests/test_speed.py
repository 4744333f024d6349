"""What keeps quiz quick and small, held: positions kept apart from the data, a typed answer
that can't be a slip judged without rapidfuzz, and `quiz play` starting without the modules
only other commands need."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from quiz.core.grading import typo_allowance, word_is_typo
from quiz.library import yamlsafe

BANK = textwrap.dedent("""\
    id: b
    questions:
      - id: q1
        choices:
          - text: one
          - text: two
      - id: q2
        tags: [a, b]
        empty: []
""")


def test_every_value_and_key_is_located_after_the_data_is_gone():
    data, source = yamlsafe.load("b.yaml", BANK)
    del data
    gc.collect()
    locate = source.locate
    assert locate(None, ("id",)) == (1, 5)
    assert locate(None, ("questions",)) == (3, 3)
    assert locate(None, ("questions", 0, "choices", 1, "text")) == (6, 15)
    assert locate(None, ("questions", 1), "tags") == (8, 5)
    assert locate(None, ("questions", 1, "tags", 1)) == (8, 15)
    # what isn't there falls back to the nearest enclosing value that is
    assert locate(None, ("questions", 1, "empty", 0)) == (9, 12)
    assert locate(None, ("questions", 7, "id")) == (3, 3)
    assert locate(None, ("questions", "q1")) == (3, 3)
    assert locate(None, ("id", 0)) == (1, 5)
    assert locate(None, (), "nope") == (1, 1)


def test_a_duplicate_key_names_the_line_of_the_first():
    try:
        yamlsafe.load("b.yaml", "id: a\ntitle: t\nid: b\n")
    except yamlsafe.YamlRefused as refused:
        assert refused.diagnostic.line == 3 and "first at line 1" in refused.diagnostic.message
    else:
        raise AssertionError("a duplicate key was accepted")


@given(st.text("abcde", max_size=12), st.text("abcde", min_size=1, max_size=12))
def test_a_slip_is_judged_as_rapidfuzz_counts_it(typed, expected):
    from rapidfuzz.distance import OSA

    counted = typed[:1] == expected[:1] and OSA.distance(typed, expected) <= typo_allowance(len(expected))
    assert word_is_typo(typed, expected) == counted


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


def test_a_right_typed_answer_does_not_load_rapidfuzz():
    out = _fresh(
        "import sys\n"
        "from quiz.core.grading import text_matches\n"
        "assert text_matches('Loretta Lynch', 'Loretta E. Lynch')[0]\n"
        "assert not text_matches('heroin', 'heroic')[0]\n"  # no slip allowed in 6 letters
        "assert not text_matches('Calderon', 'Calderonista')[0]\n"  # too many letters apart"
        "print('rapidfuzz' in sys.modules)"
    )
    assert out.strip() == "False"


def test_play_starts_without_the_other_commands_modules():
    out = _fresh(
        "import sys\n"
        "from quiz.cli import build_parser, COMMAND_MODULES\n"
        "args = build_parser(('play',)).parse_args(['play', '--bank', 'x', '--count', '2'])\n"
        "assert args.bank == ['x'] and args.count == 2\n"
        "print(sorted(m for m in sys.modules if m.startswith('quiz.cli.')))"
    )
    assert "quiz.cli.authoring" not in out and "quiz.cli.serving" not in out and "quiz.cli.play" in out

"""Moving questions to and from other tools: GIFT (Moodle) both ways, Aiken, Anki, CSV.

Two checks here use tools written apart from quiz: gift-pegjs (Node) parses our GIFT, and
the `anki` package imports our notes into a real Anki collection. Both are installed by the
README's test command. Where one is missing on a developer's machine the test skips, saying
what to install; CI (QUIZ_REQUIRE_TOOLS=1) requires them."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testdata import DATA, ROOT, require_tool, run_quiz

from quiz.core.kinds.match import MatchQuestion
from quiz.core.kinds.order import OrderQuestion
from quiz.interchange.export import to_json_document
from quiz.interchange.gift import left_out_reason, read_gift, to_gift
from quiz.library.loader import load_library

INTEROP = ROOT / "tests" / "interop"
SHIPPED_IDS = ["nyt-2016", "economist-2023", "cross-2016-2023"]


@pytest.fixture(scope="module")
def shipped():
    return load_library()


def test_gift_round_trip_gives_the_same_questions(tmp_path, shipped):
    for bank_id in SHIPPED_IDS:
        gift = tmp_path / f"{bank_id}.gift.txt"
        exported = run_quiz("export", "--format", "gift", "--bank", bank_id, "-o", str(gift))
        assert exported.returncode == 0, exported.stderr
        out = tmp_path / f"{bank_id}.yaml"
        imported = run_quiz("import", "gift", str(gift), "-o", str(out))
        assert imported.returncode == 0, imported.stderr
        again = load_library([out])
        assert not again.errors, again.errors
        original = shipped.bank(bank_id)
        kept = [q for q in original.bank.questions if left_out_reason(q) is None]
        want = to_json_document([original])["banks"][0]
        want["questions"] = [q for q in want["questions"] if q["id"] in {k.id for k in kept}]
        got = to_json_document([again.bank(bank_id)])["banks"][0]
        assert got == want  # ids, types, prompts, answers, why-nots, quotes and where they stand
        assert len(got["questions"]) == len(kept) > 10


def test_gift_leaves_out_only_what_moodle_cannot_take_and_says_so(shipped):
    result = to_gift(shipped.banks)
    questions = [q for b in shipped.banks for q in b.bank.questions]
    left = [q for q in questions if left_out_reason(q)]
    assert {type(q) for q in left} <= {OrderQuestion, MatchQuestion}
    assert any(isinstance(q, OrderQuestion) for q in left)
    assert all(isinstance(q, OrderQuestion) or len(q.pairs) < 3 for q in left)
    assert result.count == len(questions) - len(left)
    said = " ".join(result.left_out)
    assert all(q.id in said or "…" in said for q in left)
    cli = run_quiz("export", "--format", "gift")
    assert cli.returncode == 0
    assert "quiz: gift: left out" in cli.stderr and f"exported {result.count} questions as gift" in cli.stderr


def test_gift_text_escapes_and_feedback(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "memo.yaml").write_text(
        'id: "memo"\ntitle: "Memo"\npublisher: "The Gazette"\ndate: "2024-05-01"\nparagraphs:\n'
        '  - "The memo read: x = {a, b} ~ half #1 \\\\ done."\n',
        encoding="utf-8",
    )
    bank = tmp_path / "memo-bank.yaml"
    bank.write_text(
        """\
id: memo-bank
title: "Memo: {braces} = trouble"
articles: [memo]
questions:
  - id: memo-odd
    type: choice
    prompt: "What does x = {a, b} ~ half #1 mean: a set?"
    choices:
      - {text: "A set {a, b}", correct: true}
      - text: "A path C:\\\\temp"
        why_not: "No #path: it is = a set"
        why_not_quote: "x = {a, b}"
    explanation: "The memo writes the set\\nwith braces; a #1 rule = first."
    quotes: ["The memo read: x = {a, b} ~ half #1 \\\\ done."]
    difficulty: 1
    tags: [odd]
""",
        encoding="utf-8",
    )
    library = load_library([bank])
    assert not library.errors, library.errors
    text = to_gift(library.banks).text
    assert "::memo-odd::What does x \\= \\{a, b\\} \\~ half \\#1 mean\\: a set?{" in text
    assert "\t=A set \\{a, b\\}\n" in text
    assert (
        "\t~A path C\\:\\\\temp#No \\#path\\: it is \\= a set\\n\\n“x \\= \\{a, b\\}”\\n— The Gazette, 1 May 2024, paragraph 1\n"
        in text
    )
    assert "\t####The memo writes the set\\nwith braces; a \\#1 rule \\= first.\\n\\n“The memo read" in text
    gift = tmp_path / "memo.gift.txt"
    gift.write_text(text, encoding="utf-8")
    out = tmp_path / "back.yaml"
    assert run_quiz("import", "gift", str(gift), "-o", str(out)).returncode == 0
    back = load_library([out])
    assert not back.errors, back.errors
    assert (
        to_json_document(back.banks)["banks"][0]["questions"]
        == to_json_document(library.banks)["banks"][0]["questions"]
    )


def test_gift_parses_with_an_independent_parser(tmp_path):
    """gift-pegjs (a PEG grammar of GIFT, not ours) finds every exported question, its type,
    answers, tags and Moodle id, and each quote with its citation in the general feedback."""
    node = shutil.which("node")
    modules = INTEROP / "node_modules" / "gift-pegjs"
    require_tool(
        "Node.js 20+" if node is None else None if modules.is_dir() else "gift-pegjs",
        "the GIFT interop test (run 'npm ci --prefix tests/interop', as the README's test command does)",
    )
    gift, banks = tmp_path / "banks.gift.txt", tmp_path / "banks.json"
    assert run_quiz("export", "--format", "gift", "-o", str(gift)).returncode == 0
    assert run_quiz("export", "--format", "json", "-o", str(banks)).returncode == 0
    checked = subprocess.run(
        [node, str(INTEROP / "check_gift.mjs"), str(gift), str(banks)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = to_gift(load_library().banks).count
    assert f"gift-pegjs parsed {exported} questions in 3 categories; {exported} of " in checked.stdout
    assert "; 0 problems" in checked.stdout


def test_import_of_a_moodle_file_keeps_what_fits_and_says_what_not(tmp_path):
    source = DATA / "gift" / "moodle.gift.txt"
    out = tmp_path / "geo.yaml"
    result = run_quiz("import", "gift", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{source}:6:52: warning: Capital of France: feedback on the right answer 'Paris' dropped" in result.stderr
    assert f"{source}:15:37: warning: Short: partly right answer 'V. Hugo' dropped" in result.stderr
    assert "warning: left out 'Essay': an essay question" in result.stderr
    assert "warning: left out: a description" in result.stderr
    library = load_library([out])
    quotes_missing = [d for d in library.errors if d.message.startswith("quotes: expected `array` of length >= 1")]
    assert len(quotes_missing) == 10 and all(d.hint for d in quotes_missing)  # every question listed
    assert any(d.message.startswith("articles:") for d in library.errors)
    check = run_quiz("check", str(out))
    assert check.returncode == 1 and check.stdout.count("error: quotes:") == 10

    imported = read_gift(str(source), source.read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in imported.questions}
    assert by_id["geo-capital"]["type"] == "choice" and by_id["geo-capital"]["tags"] == ["Capitals", "Europe"]
    assert by_id["geo-capital"]["choices"][1] == {"text": "Lyon", "why_not": "No, that is the third city."}
    assert by_id["geo-capital"]["explanation"] == "Paris has been the capital since the 10th century."
    assert by_id["TF1"]["answer"] is True
    assert (by_id["Short"]["answer"], by_id["Short"]["accept"]) == ("Victor Hugo", ["Hugo"])
    assert (by_id["Range"]["answer"], by_id["Range"]["tolerance"]) == (3, 2)
    assert [p["left"] for p in by_id["Match"]["pairs"]] == ["Seine", "Thames", "Tiber"]
    assert by_id["Missing"]["prompt"] == "Paris is _____ of France."
    assert by_id["Html"]["type"] == "multi" and by_id["Html"]["prompt"] == "Which two rivers are in France?"
    assert by_id["Escapes"]["prompt"] == "Is 2=2 written {so} with a colon: here?"
    assert by_id["Escapes"]["choices"][0]["text"] == "yes, ~ always"
    assert by_id["Order"]["items"] == ["Louis XIV", "Louis XV", "Louis XVI"]


def test_import_errors_write_nothing_and_never_overwrite(tmp_path):
    broken = tmp_path / "broken.gift.txt"
    broken.write_text("::A::Fine?{=yes ~no}\n\n::B::Unbalanced {=a ~b\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run_quiz("import", "gift", str(broken), "-o", str(out))
    assert result.returncode == 1 and f"{broken}:3:17: error: unbalanced braces" in result.stderr
    assert not out.exists()
    out.write_text("mine\n")
    again = run_quiz("import", "gift", str(DATA / "gift" / "moodle.gift.txt"), "-o", str(out))
    assert again.returncode == 1 and "already exists" in again.stderr and out.read_text() == "mine\n"


def test_aiken_has_single_answer_questions_only_and_says_what_it_leaves_out(tmp_path):
    out = tmp_path / "kinds.aiken.txt"
    result = run_quiz("export", "--format", "aiken", "--from", str(DATA / "kinds"), "-o", str(out))
    assert result.returncode == 0
    assert out.read_text(encoding="utf-8") == (
        "Who is Ana Ruiz?\nA. The city librarian\nB. The mayor\nC. A critic of the plan\nANSWER: A\n\n"
        "The plan was announced on a Friday.\nA. True\nB. False\nANSWER: B\n"
    )
    assert "aiken: left out 5 questions (k-multi, k-text, k-number, k-order, k-match)" in result.stderr
    assert "no feedback, so explanations and quoted passages are not in this file" in result.stderr


def test_csv_one_row_per_question_safe_for_spreadsheets(tmp_path, shipped):
    out = tmp_path / "banks.csv"
    assert run_quiz("export", "--format", "csv", "-o", str(out)).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 mark: spreadsheets keep the accents
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == shipped.question_count()
    row = next(r for r in rows if r["id"] == "nyt-kirby-role")
    assert row["answer"] == "The State Department spokesman" and row["bank"] == "nyt-2016"
    assert row["quotes"] == "said John Kirby, the State Department spokesman"
    assert row["citations"].startswith("The New York Times, 11 January 2016, paragraph ")
    assert "The White House drug czar" in row["options"].split("\n")

    from quiz.core.safe_text import csv_cell as _cell

    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")' and _cell("-5") == "-5" and _cell("@me") == "'@me"


def test_anki_notes_import_into_a_real_anki_collection(tmp_path, shipped):
    require_tool(
        None if importlib.util.find_spec("anki") else "the 'anki' package",
        "the Anki interop test (pip install -e '.[test]')",
    )
    notes_file = tmp_path / "banks.anki.txt"
    assert run_quiz("export", "--format", "anki", "-o", str(notes_file)).returncode == 0
    header = notes_file.read_text(encoding="utf-8").splitlines()[:7]
    assert header[:3] == ["#separator:tab", "#html:true", "#notetype:Basic"] and "#tags column:5" in header
    spec = importlib.util.spec_from_file_location("anki_import", INTEROP / "anki_import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    banks = to_json_document(shipped.banks)
    with tempfile.TemporaryDirectory() as folder:
        notes = module.import_notes(notes_file, Path(folder))
        assert len(notes) == shipped.question_count()
        assert module.check(notes, banks) == []
        again = module.import_notes(notes_file, Path(folder))  # the same collection: updated, not copied
        assert len(again) == len(notes)
    note = notes["quiz:nyt-kirby-role"]
    assert note["deck"] == "quiz::El Chapo Case Draws Mexico Closer to U.S. (The New York Times, 2016)"
    assert "<blockquote>said John Kirby, the State Department spokesman</blockquote>" in note["fields"][1]
    json.dumps(notes)  # plain data


_GIFT_PIECES = list("{}=~#:\\->%[]/ \n\tabTRUEF0123.\"'“”—") + [
    "//",
    "::",
    "####",
    "\n\n",
    "$CATEGORY:",
    "[html]",
    "<p>",
    "{>2",
    "// [id:x] [tag:y]",
    '// quiz: {"difficulty": 2}',
]


@given(st.lists(st.sampled_from(_GIFT_PIECES), max_size=60).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_gift_text_imports_without_a_crash_into_yaml_that_parses(text):
    from quiz.interchange.gift import bank_yaml
    from quiz.library import yamlsafe

    imported = read_gift("f.gift", text)
    written, _ = bank_yaml(imported, "b", "B", [], "f.gift", {})
    data, _ = yamlsafe.load("b.yaml", written)  # never a YAML error, whatever the input
    assert len(data["questions"] or []) == len(imported.questions)

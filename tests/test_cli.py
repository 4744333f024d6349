"""The commands as a user runs them: exit status, help, and the documented outputs."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from testdata import DATA, SHIPPED, run_quiz

SUBCOMMANDS = ["play", "drill", "report", "history", "check", "list", "export", "schema"]


def test_version_and_help():
    version = run_quiz("--version")
    assert version.returncode == 0 and version.stdout.startswith("quiz ")
    top = run_quiz("--help")
    assert top.returncode == 0
    for name in SUBCOMMANDS:
        assert name in top.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name):
    result = run_quiz(name, "--help")
    assert result.returncode == 0 and f"usage: quiz {name}" in result.stdout


def test_usage_error_is_exit_2():
    assert run_quiz("export").returncode == 2  # --format is required
    assert run_quiz("no-such-command").returncode == 2
    unknown = run_quiz("export", "--format", "json", "--bank", "nope")
    assert unknown.returncode == 2 and "no bank with id nope" in unknown.stderr


def test_check_of_shipped_banks_passes():
    result = run_quiz("check")
    assert result.returncode == 0, result.stdout
    assert " 0 errors" in result.stdout.splitlines()[-1]


def test_list_json_counts_by_type():
    result = run_quiz("list", "--json", str(DATA / "good"))
    assert result.returncode == 0
    (bank,) = json.loads(result.stdout)["banks"]
    assert bank["id"] == "tiny" and bank["questions"] == 3
    assert bank["by_type"] == {"choice": 1, "number": 1, "text": 1}
    assert bank["articles"][0]["publisher"] == "The Test Gazette"


def test_export_json_has_the_documented_shape(tmp_path):
    out = tmp_path / "banks.json"
    result = run_quiz("export", "--format", "json", "--from", str(DATA / "good"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    (bank,) = document["banks"]
    assert set(bank) == {"id", "title", "articles", "questions"}
    number, choice, text = bank["questions"]
    assert number["quotes"] == [
        {"text": "would open 12 new libraries by 2026", "article": "tiny-article", "paragraph": 1}
    ]
    assert number["answer"] == 12 and number["tolerance"] == 0
    assert choice["choices"][0] == {"text": "The city librarian", "correct": True}
    assert text["accept"] == ["who pays"]


def test_shipped_banks_validate_against_the_published_schema():
    schema = json.loads(run_quiz("schema").stdout)
    article_schema = json.loads(run_quiz("schema", "--article").stdout)
    banks = sorted(SHIPPED.glob("*.yaml"))
    assert banks
    for path in banks:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    for path in sorted((SHIPPED / "articles").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), article_schema)


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(run_quiz("schema").stdout)
    bank = yaml.safe_load((DATA / "good" / "tiny.yaml").read_text())
    bank["questions"][0]["explaination"] = "misspelt"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bank, schema)


def test_readme_worked_example_is_a_valid_bank(tmp_path):
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    example = readme.split("## A bank: a complete worked example")[1].split("```yaml\n")[1].split("```")[0]
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    result = run_quiz("check", "-q", str(tmp_path / "example.yaml"))
    assert " 0 errors" in result.stdout and result.returncode == 0, result.stdout
    listing = json.loads(run_quiz("list", "--json", str(tmp_path / "example.yaml")).stdout)
    assert sorted(listing["banks"][0]["by_type"]) == sorted(
        ["choice", "multi", "truefalse", "text", "number", "order", "match"]
    )


def test_shipped_schema_file_is_current():
    # questions/bank.schema.json is what the yaml-language-server line points editors at
    shipped = json.loads((SHIPPED / "bank.schema.json").read_text(encoding="utf-8"))
    assert shipped == json.loads(run_quiz("schema").stdout)


@pytest.mark.parametrize("command", [["play"], ["review"], ["history"], ["drill"], ["report"], ["serve"], ["host"]])
def test_every_database_option_keeps_a_postgres_url_as_written(command):
    """A school's database is a URL: a command that read it as a path folded its '//' and
    quietly wrote a local file named like it (`quiz host` did)."""
    from quiz.cli import build_parser

    url = "postgresql://teacher@db.school.example:5432/quiz"
    assert build_parser().parse_args([*command, "--db", url]).db == url

"""A plain (non-editable) install works from any directory, with the banks inside the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile

from testdata import ROOT


def test_wheel_installs_and_finds_its_banks(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], check=True, timeout=600
    )
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "quiz/questions/articles/nyt-2016-el-chapo.yaml" in names
    assert any(n.startswith("quiz/questions/") and n.count("/") == 2 and n.endswith(".yaml") for n in names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    quiz = env_dir / "bin" / "quiz"
    check = subprocess.run([str(quiz), "check"], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "coverage: nyt-2016-el-chapo:" in check.stdout
    shipped = len(list((ROOT / "questions").glob("*.yaml")))
    assert f"checked {shipped} bank files" in check.stdout
    listing = subprocess.run([str(quiz), "list", "--json"], cwd=elsewhere, capture_output=True, text=True)
    banks = json.loads(listing.stdout)["banks"]
    assert {a["id"] for b in banks for a in b["articles"]} == {"nyt-2016-el-chapo", "economist-2023-el-chapo-sequel"}
    assert all(b["path"].startswith(str(env_dir)) for b in banks)  # the installed copy, not the checkout

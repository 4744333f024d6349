"""Import a `quiz export --format anki` file into a real, new Anki collection, headlessly,
with the `anki` package from PyPI, and check what Anki made of it.

Usage: python anki_import.py NOTES.txt BANKS.json
Prints the counts; exit status 1 if a note is missing or wrong.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path


def import_notes(notes_file: Path, collection_dir: Path) -> dict[str, dict]:
    """guid -> {"fields": [...], "tags": [...], "deck": name} for every note Anki imported."""
    from anki.collection import Collection, ImportCsvRequest

    col = Collection(str(collection_dir / "collection.anki2"))
    try:
        metadata = col.get_csv_metadata(str(notes_file), None)
        col.import_csv(ImportCsvRequest(path=str(notes_file), metadata=metadata))
        notes = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            card = note.cards()[0]
            notes[note.guid] = {
                "fields": list(note.fields),
                "tags": list(note.tags),
                "deck": col.decks.name(card.did),
                "notetype": note.note_type()["name"],
            }
        return notes
    finally:
        col.close()


def check(notes: dict[str, dict], banks: dict) -> list[str]:
    problems = []
    for bank in banks["banks"]:
        for q in bank["questions"]:
            note = notes.get(f"quiz:{q['id']}")
            if note is None:
                problems.append(f"{q['id']}: no note")
                continue
            front, back = note["fields"]
            if note["notetype"] != "Basic":
                problems.append(f"{q['id']}: note type {note['notetype']}")
            if not note["deck"].startswith("quiz::"):
                problems.append(f"{q['id']}: deck {note['deck']}")
            if bank["id"] not in note["tags"] or f"difficulty::{q['difficulty']}" not in note["tags"]:
                problems.append(f"{q['id']}: tags {note['tags']}")
            from html import escape

            if escape(q["prompt"]) not in front:
                problems.append(f"{q['id']}: prompt not on the front")
            for quote in q["quotes"]:
                cited = (
                    f"paragraph {quote['paragraph']}" in back  # or a quote across a break:
                    or f"paragraphs {quote['paragraph']}–" in back
                )
                if escape(quote["text"]) not in back or not cited:
                    problems.append(f"{q['id']}: quote or citation not on the back")
    return problems


def main(argv: list[str]) -> int:
    notes_file, banks_file = Path(argv[0]), Path(argv[1])
    banks = json.loads(banks_file.read_text(encoding="utf-8"))
    exported = sum(len(b["questions"]) for b in banks["banks"])
    with tempfile.TemporaryDirectory() as folder:
        notes = import_notes(notes_file, Path(folder))
    problems = check(notes, banks)
    print(f"anki imported {len(notes)} notes for {exported} exported questions; {len(problems)} problems")
    for p in problems:
        print(f"problem: {p}")
    return 1 if problems or len(notes) != exported else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

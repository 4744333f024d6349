"""A whole live game over real WebSockets on 127.0.0.1: three students, every kind of
question, answers committed before their acknowledgement, a student dropped and rejoined with
every point, and the report at the end agreeing with the answers given."""

from __future__ import annotations

import json

import aiohttp
from livehelp import RIGHT, Student, kinds_game

from quiz.cli import main
from quiz.play.drill.results import read_results
from quiz.play.live import protocol as msg
from quiz.play.live.game import END, KIND
from quiz.play.live.server import LiveServer


async def test_a_whole_game_with_three_students(tmp_path):
    game = kinds_game(tmp_path, time_limit=60, speed_points=True)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{server.port}/ws"
            ana, bo, cy = (Student(session, url) for _ in range(3))
            await ana.join(game.pin, "Ana Ruíz")
            await bo.join(game.pin, "Bo")
            await cy.join(game.pin, "Cy")
            intruder = Student(session, url)
            await intruder.connect()
            await intruder.send(msg.Join(pin=game.pin, name="ana ruiz"))  # accents and case folded
            refused = await intruder.next(msg.Error)
            assert refused.code == "name-taken"

            await server.start_game()
            kinds_seen = set()
            for no in range(1, game.total + 1):
                questions = [await s.next(msg.QuestionOpen) for s in (ana, bo, cy)]
                q = questions[0].question
                assert questions[0].no == no and all(m.question == q for m in questions)
                kinds_seen.add(q.kind)
                if no == 3:  # Bo drops mid-question and rejoins with the same token
                    await bo.close()
                    welcome = await bo.join(game.pin, "someone else")
                    assert welcome.name == "Bo" and welcome.score == game.players["bo"].score
                    again = await bo.next(msg.QuestionOpen)
                    assert again.no == no and not again.answered
                await ana.send(msg.Answer(question_no=no, payload=RIGHT[q.prompt](q)))
                assert (await ana.next(msg.Ack)).question_no == no
                # acknowledged means stored: the database already has it
                assert len(game.store.round(game.players["ana ruiz"].round_id).answers) == no
                if no % 2:  # Bo answers every other question, wrongly where he can be wrong
                    await bo.send(msg.Answer(question_no=no, payload=RIGHT[q.prompt](q)))
                    await bo.next(msg.Ack)
                if q.expects == "one":  # Cy's single-choice pick is wrong
                    wrong = next(i for i in range(len(q.options)) if i != RIGHT[q.prompt](q))
                    await cy.send(msg.Answer(question_no=no, payload=wrong))
                    await cy.next(msg.Ack)
                await server.close_question()  # the teacher skips the rest
                reveals = {s.name: await s.next(msg.Reveal) for s in (ana, bo, cy)}
                assert reveals["Ana Ruíz"].verdict == "Right" and reveals["Ana Ruíz"].points > 0
                assert reveals["Ana Ruíz"].passages and reveals["Ana Ruíz"].passages[0].citation
                if q.expects == "one":
                    assert reveals["Cy"].verdict == "Wrong"
                    assert sum(b.count for b in reveals["Cy"].distribution) == 2 + (no % 2)
                await server.advance()  # leaderboard
                board = await ana.next(msg.Leaderboard)
                assert board.top[0].name == "Ana Ruíz"
                await server.advance()  # next question, or the end
            assert kinds_seen == {"choice", "multi", "truefalse", "text", "number", "order", "match"}
            end = await cy.next(msg.End)
            assert [s.name for s in end.podium][:1] == ["Ana Ruíz"]
    finally:
        await server.stop()

    assert game.phase == END
    store = game.store
    rounds = store.rounds_of_kind(KIND)
    assert sorted(r.player for r in rounds) == ["Ana Ruíz", "Bo", "Cy"]
    assert all(len(r.answers) == game.total and r.finished for r in rounds)
    ana_round = next(r for r in rounds if r.player == "Ana Ruíz")
    assert all(a.correct for a in ana_round.answers)
    # the results files are a drill's: the report reads them, and agrees with the answers
    files = sorted((tmp_path / "results").glob("*.json"))
    assert len(files) == 3
    results = {r.student: r for r in (read_results(f) for f in files)}
    assert results["Ana Ruíz"].score == ana_round.score == game.players["ana ruiz"].score
    assert results["Ana Ruíz"].right == game.total
    assert results["Bo"].right == sum(a.correct for a in next(r for r in rounds if r.player == "Bo").answers)
    assert main(["report", "--format", "json", "-o", str(tmp_path / "report.json"), *map(str, files)]) == 0
    by_cli = json.loads((tmp_path / "report.json").read_text())
    assert sorted(s["student"] for s in by_cli["students"]) == ["Ana Ruíz", "Bo", "Cy"]
    report = game.report()
    for line in report.questions:  # the class report counts exactly the answers given
        given = [a for r in rounds for a in r.answers if a.position == line.position - 1]
        assert line.right == sum(a.correct for a in given)
        assert line.timed_out == sum(a.given is None for a in given)

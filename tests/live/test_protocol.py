"""Every incoming message is validated before it reaches the game: malformed, oversized,
unknown or mistyped messages are refused, on their own and over a real socket."""

from __future__ import annotations

import aiohttp
import pytest
from livehelp import KINDS, RIGHT, Student, kinds_game

from quiz.core.kinds import grade
from quiz.library.loader import load_library
from quiz.play.live import protocol as msg
from quiz.play.live.server import LiveServer
from quiz.play.live.wire import WireAnswerError, answer_from_wire, wire_question


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"type": "host", "action": "skip"}',  # no teacher message exists on the wire
        b'{"type": "join", "pin": "12", "name": "A"}',
        b'{"type": "join", "pin": "123456", "name": ""}',
        b'{"type": "join", "pin": "123456", "name": "A", "admin": true}',
        b'{"type": "answer", "question_no": 1, "payload": {"a": 1}}',
        b'{"type": "answer", "question_no": 0, "payload": 1}',
        b'{"type": "answer", "question_no": 1, "payload": [1, 2, 99]}',
        b'{"type": "answer", "question_no": 1}',
        b'{"type": "answer", "question_no": 1, "payload": "' + b"x" * 1000 + b'"}',
        b'{"type": "leave", "x": 1}',
    ],
)
def test_malformed_messages_are_refused(raw):
    with pytest.raises(msg.ProtocolError):
        msg.decode_client(raw)


def test_oversized_message_is_refused_before_decoding():
    big = b'{"type": "join", "pin": "123456", "name": "' + b"a" * msg.MAX_MESSAGE_BYTES + b'"}'
    with pytest.raises(msg.ProtocolError, match="larger"):
        msg.decode_client(big)


def test_the_wire_form_never_carries_the_key_and_answers_come_back_in_the_questions_terms():
    library = load_library([KINDS])
    for question in library.banks[0].bank.questions:
        n = len(
            getattr(question, "choices", None) or getattr(question, "items", None) or getattr(question, "pairs", [])
        )
        order = tuple(reversed(range(n)))
        wire = wire_question(question, order)
        encoded = msg.encode(wire)
        assert "correct" not in encoded and '"answer"' not in encoded and "explanation" not in encoded
        given = answer_from_wire(question, order, RIGHT[question.prompt](wire))
        assert grade(question, given).correct, question.id
        with pytest.raises(WireAnswerError):
            answer_from_wire(question, order, {"nonsense": 1})


async def test_the_server_refuses_bad_messages_and_wrong_pins(tmp_path, monkeypatch):
    from quiz.play.live import server as live_server

    monkeypatch.setattr(live_server, "PIN_DELAY_BASE", 60.0)  # so a slow machine can't outwait it
    game = kinds_game(tmp_path)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{server.port}/ws"
            student = Student(session, url)
            await student.connect()
            await student.send('{"type": "host", "action": "start"}')
            assert (await student.next(msg.Error)).code == "bad-message"
            await student.send(msg.Answer(question_no=1, payload=0))
            assert (await student.next(msg.Error)).code == "not-joined"
            await student.send(msg.Join(pin="000000" if game.pin != "000000" else "111111", name="Eve"))
            assert (await student.next(msg.Error)).code == "bad-pin"
            # the same address guessing again at once is told to wait
            again = Student(session, url)
            await again.connect()
            await again.send(msg.Join(pin=game.pin, name="Eve"))
            assert (await again.next(msg.Error)).code == "slow-down"
            # a message larger than the socket allows closes it
            big = Student(session, url)
            await big.connect()
            await big.send("x" * (msg.MAX_MESSAGE_BYTES + 10))
            with pytest.raises(ConnectionError):
                await big.next(msg.Error)
            # a page from another site can't open a socket here
            async with session.get(url.replace("/ws", "/"), headers={"Host": "evil.example:80"}) as page:
                assert page.status == 421
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(url, headers={"Origin": "http://evil.example"})
        assert game.players == {}
    finally:
        await server.stop()


async def test_rejoin_keeps_every_point_and_a_name_cannot_be_taken(tmp_path):
    game = kinds_game(tmp_path)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{server.port}/ws"
            ana = Student(session, url)
            await ana.join(game.pin, "Ana")
            await server.start_game()
            q = await ana.next(msg.QuestionOpen)
            await ana.send(msg.Answer(question_no=1, payload=RIGHT[q.question.prompt](q.question)))
            await ana.next(msg.Ack)
            await server.close_question()
            score = (await ana.next(msg.Reveal)).score
            assert score > 0
            await ana.close()
            thief = Student(session, url)
            await thief.connect()
            await thief.send(msg.Join(pin=game.pin, name="ANA"))
            assert (await thief.next(msg.Error)).code == "name-taken"
            welcome = await ana.join(game.pin, "Ana")
            assert (welcome.name, welcome.score) == ("Ana", score)
            assert (await ana.next(msg.Reveal)).score == score  # shown where the game stands
    finally:
        await server.stop()

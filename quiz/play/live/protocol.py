"""The live class protocol: JSON messages over one WebSocket per client, version 1.

Every message is an object with a "type". Client to server (the only things a student can
do: join, answer, leave):

    {"type": "join", "pin": "123456", "name": "Ana Ruiz", "token": null, "version": 1}
    {"type": "answer", "question_no": 3, "payload": 2}
    {"type": "leave"}

Server to client:

    welcome {token, name, score, version}       joined (keep the token to rejoin)
    lobby {players, count}                      who is in (the latest 60 names), before the start
    question {no, total, seconds, question}     a question opens (`question`: the wire form,
                                                quiz.play.live.wire; `seconds`: left, or null)
    ack {question_no}                           the answer is stored; nothing can lose it now
    reveal {...}                                the right answer in words, your credit, points,
                                                score and rank, the explanation, the passages
                                                (before/quote/after, citation) and the spread
    leaderboard {top, movers, you}              top five, biggest movers, your rank
    paused {paused}                             the teacher paused or went on
    end {podium, score, rank}                   the game is over
    error {code, message}                       refused; `fatal` ones close the connection

Incoming messages are decoded with msgspec against these structs: anything larger than
MAX_MESSAGE_BYTES, not JSON, of an unknown type or with unknown or mistyped fields is
refused (ProtocolError) and never reaches the game.
"""

from __future__ import annotations

from typing import Annotated, Union

import msgspec
from msgspec import Meta, Struct

from quiz.play.live.wire import MAX_TYPED, WireQuestion

VERSION = 1
MAX_MESSAGE_BYTES = 2048  # a join or an answer is far smaller
MAX_NAME = 40
LOBBY_NAMES = 60

Pin = Annotated[str, Meta(pattern=r"^[0-9]{4,8}$")]
Name = Annotated[str, Meta(min_length=1, max_length=MAX_NAME * 4)]  # cleaned and bounded by the game
Token = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
Position = Annotated[int, Meta(ge=0, le=15)]
Payload = Union[
    bool, Position, Annotated[str, Meta(max_length=MAX_TYPED)], Annotated[list[Position], Meta(max_length=16)]
]


class _In(Struct, tag_field="type", forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class Join(_In, tag="join", frozen=True):
    pin: Pin
    name: Name
    token: Token | None = None
    version: int = VERSION


class Answer(_In, tag="answer", frozen=True):
    question_no: Annotated[int, Meta(ge=1, le=1000)]
    payload: Payload


class Leave(_In, tag="leave", frozen=True):
    pass


ClientMessage = Union[Join, Answer, Leave]


class _Out(Struct, tag_field="type", frozen=True, kw_only=True):
    pass


class Welcome(_Out, tag="welcome", frozen=True):
    token: str
    name: str
    score: int
    version: int = VERSION


class Lobby(_Out, tag="lobby", frozen=True):
    players: list[str]  # the latest LOBBY_NAMES to join
    count: int


class QuestionOpen(_Out, tag="question", frozen=True):
    no: int  # 1-based
    total: int
    seconds: float | None  # left to answer; None: no time limit
    question: WireQuestion
    answered: bool = False  # this player's answer is already stored (a rejoin mid-question)


class Ack(_Out, tag="ack", frozen=True):
    question_no: int


class PassageText(Struct, frozen=True, kw_only=True):
    before: str
    quote: str
    after: str
    citation: str
    paragraph: int


class Bar(Struct, frozen=True, kw_only=True):
    label: str
    count: int
    correct: bool


class Reveal(_Out, tag="reveal", frozen=True):
    question_no: int
    right_answer: str
    explanation: str
    passages: list[PassageText]
    distribution: list[Bar]
    answered: bool  # this player answered in time
    your_answer: str | None
    verdict: str  # Right, Partly right, Wrong, Time's up
    credit: float
    points: int
    score: int
    rank: int


class Standing(Struct, frozen=True, kw_only=True):
    name: str
    score: int
    rank: int
    moved: int = 0  # places gained since the last question (negative: lost)


class Leaderboard(_Out, tag="leaderboard", frozen=True):
    top: list[Standing]
    movers: list[Standing]
    you: Standing | None = None


class Paused(_Out, tag="paused", frozen=True):
    paused: bool


class End(_Out, tag="end", frozen=True):
    podium: list[Standing]
    you: Standing | None = None


class Error(_Out, tag="error", frozen=True):
    code: str  # bad-message, bad-pin, slow-down, name-taken, removed, late, not-joined, not-stored, …
    message: str
    fatal: bool = False


ServerMessage = Union[Welcome, Lobby, QuestionOpen, Ack, Reveal, Leaderboard, Paused, End, Error]


class ProtocolError(ValueError):
    """An incoming message refused before it reaches the game; the text is safe to send back."""


_client_decoder = msgspec.json.Decoder(ClientMessage)
_server_decoder = msgspec.json.Decoder(ServerMessage)
_encoder = msgspec.json.Encoder()


def decode_client(data: str | bytes) -> Join | Answer | Leave:
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message larger than {MAX_MESSAGE_BYTES} bytes")
    try:
        return _client_decoder.decode(raw)
    except msgspec.DecodeError as exc:  # ValidationError is a DecodeError
        raise ProtocolError(f"not a message of this protocol: {exc}") from None


def decode_server(data: str | bytes) -> _Out:
    """For clients (the terminal client, tests): a server message, validated."""
    return _server_decoder.decode(data)


def encode(message: Struct) -> str:
    return _encoder.encode(message).decode()

"""The join page in headless Chromium at a phone's 390x844: a student joins, answers every
kind of question by touch-sized buttons and the keyboard, sees the reveal with the passage,
and a name with markup in it stays text. Skips without chromium (required in CI)."""

from __future__ import annotations

import asyncio
import time

import pytest
from livehelp import kinds_game
from test_browser import _browser_or_skip, start_chromium

from quiz.play.live.game import END, QUESTION, REVEAL
from quiz.play.live.server import LiveServer


@pytest.fixture
def phone():
    _browser_or_skip()
    driver, profile = start_chromium()
    driver.set_window_size(390, 844)
    try:
        yield driver
    finally:
        driver.quit()
        profile.cleanup()


async def until(condition, what: str, timeout: float = 15) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never: {what}")


def answer_on_page(driver, expects: str, options: list[str]) -> None:
    """As a student would: tap buttons, pick from lists, type."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    buttons = driver.find_elements(By.CSS_SELECTOR, "#view button")
    if expects in ("one", "truefalse"):
        buttons[0].click()
    elif expects == "some":
        buttons[0].click()
        driver.find_element(By.CSS_SELECTOR, "#view button.primary").click()
    elif expects in ("text", "number"):
        box = driver.find_element(By.ID, "typed")
        box.send_keys("40" if expects == "number" else "Ruiz", Keys.ENTER)  # the keyboard alone
    elif expects == "order":
        driver.find_element(By.CSS_SELECTOR, "#view button[aria-label^='move down']").click()
        driver.find_element(By.CSS_SELECTOR, "#view button.primary").click()
    else:  # match
        for i in range(len(options)):
            Select(driver.find_element(By.ID, f"match-{i}")).select_by_index(i + 1)
        driver.find_element(By.CSS_SELECTOR, "#view button.primary").click()


def shown_prompt(driver) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.ID, "prompt")
    return found[0].text if found else ""


async def test_a_phone_plays_every_kind(tmp_path, phone):
    from selenium.webdriver.common.by import By

    game = kinds_game(tmp_path)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    try:
        loop = asyncio.get_running_loop()
        run = lambda f, *a: loop.run_in_executor(None, f, *a)  # selenium blocks; the server must not
        await run(phone.get, f"http://127.0.0.1:{server.port}/?pin={game.pin}")
        name = await run(phone.find_element, By.ID, "name")
        await run(name.send_keys, "<b>Zoë</b>")
        await run(lambda: phone.find_element(By.ID, "join-button").click())
        await until(lambda: len(game.active) == 1, "the phone joined")
        await server.start_game()
        seen = set()
        for no in range(1, game.total + 1):
            await until(lambda no=no: no == game.position + 1 and game.phase == QUESTION, "the question open")
            wire = game.question_message().question
            seen.add(wire.kind)
            await until(lambda wire=wire: shown_prompt(phone) == wire.prompt, "the prompt")
            width = await run(phone.execute_script, "return document.documentElement.scrollWidth")
            assert width <= 390, f"{wire.kind} is wider than the phone ({width}px)"
            sizes = await run(
                phone.execute_script,
                "return [...document.querySelectorAll('#view button')].map(b => b.getBoundingClientRect().height)",
            )
            assert min(sizes) >= 44, f"{wire.kind}: a button under 44px"
            await run(answer_on_page, phone, wire.expects, wire.left)
            await until(lambda: game.phase == REVEAL, f"{wire.kind} answered (everyone has) and revealed")
            await until(lambda: "Right answer" in phone.find_element(By.ID, "view").text, "the reveal on the phone")
            assert "—" in phone.find_element(By.ID, "view").text  # the passage's citation
            await server.advance()
            await server.advance()
        assert seen == {"choice", "multi", "truefalse", "text", "number", "order", "match"}
        assert game.phase == END
        await until(lambda: "The end" in phone.find_element(By.ID, "view").text, "the end on the phone")
        player = next(iter(game.players.values()))
        assert player.name == "<b>Zoë</b>" and len(player.answers) == game.total
        assert "<b>Zoë</b>" in phone.find_element(By.ID, "view").text  # shown as text, not bold
        assert not phone.find_elements(By.CSS_SELECTOR, "#view b")
    finally:
        await server.stop()

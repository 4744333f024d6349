"""End to end in a real browser: `quiz serve`, headless Chromium driven by Selenium, two
students in two tabs, each answer seen in the database.

Needs Debian's chromium and chromium-driver (and selenium, in the test extras). Without them
the test is skipped with a message, except where QUIZ_REQUIRE_TOOLS=1 (CI sets it, after
installing them): there it fails, so CI can never pass by not running it."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from served import Screen, ServedQuiz
from testdata import DATA, require_tool

from quiz.store.sqlite import Store

ONE_QUESTION = ["play", "--from", str(DATA / "kinds"), "--bank", "kinds", "--tag", "dates", "--no-cache"]
PROMPT = "The plan was announced on a Friday."

# Runs in the page before its own scripts: keeps a copy of what the session's websocket
# receives (the terminal output xterm.js draws) and the sizes the page sends, so the test
# can read the screen through a terminal emulator (xterm.js draws on a canvas).
RECORD_SESSION = """
(() => {
  const decoder = new TextDecoder();
  window.__quiz = {output: [], sizes: []};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer)
          window.__quiz.output.push(decoder.decode(event.data, {stream: true}));
      });
    }
    send(data) {
      try {
        const message = JSON.parse(data);
        if (message[0] === "resize") window.__quiz.sizes.push(message[1]);
      } catch (error) {}
      super.send(data);
    }
  };
})();
"""


def _browser_or_skip():
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    require_tool(
        " and ".join(missing) or None,
        "the browser test (Debian packages chromium and chromium-driver; selenium from the test extras)",
    )


def start_chromium():
    """Headless Chromium under Selenium, with the flags this machine needs: no sandbox (root),
    no GPU, and no calls home (the network is closed: they would be refused, many at a time)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    profile = tempfile.TemporaryDirectory()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile.name}",
        "--window-size=1000,700",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    return driver, profile


@pytest.fixture
def chromium():
    _browser_or_skip()
    driver, profile = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()
        profile.cleanup()


class Tab:
    """One browser tab with the game in it, read through a terminal emulator."""

    def __init__(self, driver, handle: str) -> None:
        self.driver = driver
        self.handle = handle
        self.screen: Screen | None = None

    def _pull(self) -> None:
        self.driver.switch_to.window(self.handle)
        record = self.driver.execute_script(
            "const r = window.__quiz; return r ? {output: r.output.splice(0), sizes: r.sizes} : null"
        )
        if not record or not record["sizes"]:
            return
        size = record["sizes"][-1]
        if self.screen is None:
            self.screen = Screen(size["width"], size["height"])
        for chunk in record["output"]:
            self.screen.feed(chunk.encode("utf-8"))

    def text(self) -> str:
        self._pull()
        return self.screen.text() if self.screen else ""

    def wait_for(self, text: str, timeout: float = 90) -> None:
        # generous: a served session is a whole Textual process, slow to start on a busy machine
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.text():
                return
            time.sleep(0.1)
        path = os.path.join(tempfile.gettempdir(), f"quiz-browser-{self.handle[:8]}.png")
        self.driver.save_screenshot(path)
        raise AssertionError(f"{text!r} not in the page (screenshot: {path}):\n{self.text()}")

    def type(self, keys: str) -> None:
        """Typed as a student types: into the terminal's own input element."""
        from selenium.webdriver.common.by import By

        self.driver.switch_to.window(self.handle)
        self.driver.find_element(By.CSS_SELECTOR, "textarea.xterm-helper-textarea").send_keys(keys)


def _open_tab(driver, url: str, first: bool) -> Tab:
    if not first:
        driver.switch_to.new_window("tab")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SESSION})  # per tab
    driver.get(url)
    return Tab(driver, driver.current_window_handle)


def _until(condition, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


def test_two_students_in_two_tabs_answer_into_the_one_database(tmp_path, chromium):
    db = tmp_path / "class.db"
    with Store.open(db) as store:
        store.set_setting("player", "teacher")  # remembered from the terminal: no student is the teacher
    with ServedQuiz(db, ONE_QUESTION) as server:
        ana = _open_tab(chromium, server.url, first=True)
        ben = _open_tab(chromium, server.url, first=False)
        for tab, name in ((ana, "Ana López"), (ben, "Ben")):
            tab.wait_for("Who is playing?")
            tab.type(name + "\n")
        for tab, key in ((ana, "f"), (ben, "t")):
            tab.wait_for(PROMPT)
            tab.type(key)
        ana.wait_for("Right")
        ben.wait_for("Wrong")
        with Store.open(db) as store:
            answers = {a.player: a for a in store.answers()}
        assert set(answers) == {"Ana López", "Ben"}
        assert answers["Ana López"].correct and answers["Ana López"].given is False
        assert not answers["Ben"].correct and answers["Ben"].given is True
        assert all(a.question_id == "k-truefalse" for a in answers.values())

        # closing a tab ends that student's session (its process), not the other's
        chromium.switch_to.window(ben.handle)
        chromium.close()
        _until(lambda: "session ended (1 open)" in server.output())
        ana.type("\n")  # on to the results: Ana's session still answers
        ana.wait_for("Round over")
        left_open = server.session_pids()
        assert left_open  # Ana's session, still open when the teacher stops the server
    # Ctrl+C ends every session promptly: no process is left behind
    assert server.process.returncode == 0, server.output()
    assert not {pid for pid in left_open if Path(f"/proc/{pid}").exists()}
    assert "session ended (0 open)" in server.output()
    assert "Traceback" not in server.output()

"""Every key, in one place (F1 or ?)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
Keys

Anywhere
  F1, ?        this help
  Ctrl+P       command palette (start, scores, player, theme…)
  q, Ctrl+Q    quit (asks first during a round; answers are saved)
  Ctrl+C       quit too. Typing an answer or a name, q is a
               letter: use Ctrl+Q. On a page opened over another
               (article, scores, review stats), q goes back.

Home
  Space        tick or untick the highlighted bank
  Tab          move between banks, count, difficulty, tags and buttons
  s, Enter     start a round (asks first if one is unfinished)
  r            resume the unfinished round
  Escape       leave a box (count, difficulty, tags)
  h            scores and history p  switch player
  v            review what is due t  review stats
  c            articles and coverage (for authors)

A question
  1–9          choose (choice, true/false); toggle (all that apply)
  t, f         true or false
  ↑ ↓          move the highlight
  Enter        answer / submit
  Space        toggle a choice (all that apply)
  Shift+↑ ↓    move an item (put in order); also u and d
  1–9          set the match of the highlighted row (match);
               ↓ moves on. A number another row had is taken
               from it: that row shows ? again
  ← →          cycle the row through the matches still free
  Escape       back to Home (asks first)

After an answer
  Enter, n     next question
  a            open the article at the quoted passage
               (there, c shows which paragraphs questions quote)
  ↑ ↓ PgUp PgDn  scroll

Review
  Enter        on to the question, after a leech's passage
  p            practise anyway (when nothing is due)
  t            review stats       Escape  Home

Results
  m            play the missed questions again
  Enter        open the highlighted missed question
  h            scores      Escape  Home

A drill
  n            type your name again (when asked for it)
  ⏱            the countdown stays at the top; when it runs out the question is
               saved with no answer (time's up)

A class report (quiz report … --app, or Ctrl+P: Drill reports)
  1 2 3        students, questions, paragraphs
  ↑ ↓          a row; its details show below the table
  Escape       close

The mouse works too: click a choice, a bank, a button.
Right and wrong are always said in words and marks (✔ right, ◐ partly, ✘ wrong),
never by colour alone."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Static(HELP, markup=False)

// The live class page: joins over one WebSocket, shows each message of the protocol
// (README, "Live class"). Every text from the network is inserted with textContent, never
// as HTML. The rejoin token is kept in localStorage, per PIN, so a student who drops comes
// back with every point; the page reconnects by itself.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, text, attrs) => {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
};

const state = { pin: "", name: "", socket: null, retry: 0, pending: null, question: null, joined: false, closed: false };

function tokenKey(pin) { return "quiz-live-token-" + pin; }
function status(text) { $("status").textContent = text; }
function view(...nodes) { const v = $("view"); v.replaceChildren(...nodes); }

function send(message) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

function connect() {
  const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  state.socket = socket;
  socket.addEventListener("open", () => {
    state.retry = 0;
    const token = localStorage.getItem(tokenKey(state.pin));
    send({ type: "join", pin: state.pin, name: state.name, token: token, version: 1 });
  });
  socket.addEventListener("message", (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    handle(message);
  });
  socket.addEventListener("close", () => {
    if (state.closed) return;
    state.retry = Math.min(state.retry + 1, 6);
    status("Connection lost; reconnecting…");
    setTimeout(connect, 250 * 2 ** state.retry);
  });
}

function handle(m) {
  switch (m.type) {
    case "welcome":
      state.joined = true;
      localStorage.setItem(tokenKey(state.pin), m.token);
      $("join").hidden = true;
      status("You are in as " + m.name + " · " + m.score + " points");
      if (state.pending) send(state.pending); // an answer sent just before the drop
      break;
    case "lobby": {
      const list = el("ul");
      for (const name of m.players) list.append(el("li", name));
      view(el("h2", "Waiting for the teacher to start"), el("p", m.count + " in the game", { class: "meta" }), list);
      break;
    }
    case "question": showQuestion(m); break;
    case "ack":
      if (state.pending && state.pending.question_no === m.question_no) state.pending = null;
      view(el("h2", "Answer stored ✓"), el("p", "Wait for the others; the answer will be shown on the screen."));
      break;
    case "paused": status(m.paused ? "Paused by the teacher" : ""); break;
    case "reveal": showReveal(m); break;
    case "leaderboard": showLeaderboard(m); break;
    case "end": showEnd(m); break;
    case "error":
      status(m.message);
      if (m.code === "name-taken" || m.code === "bad-pin" || m.code === "bad-name" || m.code === "slow-down" || m.code === "ended") {
        state.closed = true;
        $("join").hidden = false;
        $("join-button").disabled = false;
      }
      if (m.code === "removed") { state.closed = true; localStorage.removeItem(tokenKey(state.pin)); view(); }
      break;
  }
}

function countdown(seconds) {
  const line = el("p", "", { class: "meta" });
  if (seconds === null || seconds === undefined) return line;
  const end = Date.now() + seconds * 1000;
  const tick = () => {
    if (!line.isConnected) return;
    line.textContent = Math.max(0, Math.ceil((end - Date.now()) / 1000)) + " s left";
    setTimeout(tick, 250);
  };
  tick();
  return line;
}

function answer(payload) {
  state.pending = { type: "answer", question_no: state.question.no, payload: payload };
  if (send(state.pending)) view(el("h2", "Sending…"));
}

function showQuestion(m) {
  if (state.pending && state.pending.question_no !== m.no) state.pending = null;
  state.question = m;
  const q = m.question;
  const head = [el("p", "Question " + m.no + " of " + m.total, { class: "meta" }), countdown(m.seconds), el("h2", q.prompt, { id: "prompt" })];
  if (m.answered) { view(...head, el("p", "Answer stored ✓")); return; }
  const body = [];
  if (q.expects === "one" || q.expects === "truefalse") {
    q.options.forEach((text, i) => {
      const b = el("button", text, { class: "option", type: "button" });
      b.addEventListener("click", () => answer(q.expects === "truefalse" ? i === 0 : i));
      body.push(b);
    });
  } else if (q.expects === "some") {
    const picked = new Set();
    q.options.forEach((text, i) => {
      const b = el("button", text, { class: "option", type: "button", "aria-pressed": "false" });
      b.addEventListener("click", () => {
        if (picked.has(i)) picked.delete(i); else picked.add(i);
        b.setAttribute("aria-pressed", String(picked.has(i)));
        b.textContent = (picked.has(i) ? "☑ " : "☐ ") + text;
      });
      b.textContent = "☐ " + text;
      body.push(b);
    });
    const go = el("button", "Send", { class: "primary", type: "button" });
    go.addEventListener("click", () => answer([...picked].sort((a, b) => a - b)));
    body.push(go);
  } else if (q.expects === "text" || q.expects === "number") {
    const form = el("form");
    const label = el("label", q.expects === "number" ? "Your number" + (q.unit ? " (" + q.unit + ")" : "") : "Your answer", { for: "typed" });
    const input = el("input", null, { id: "typed", maxlength: "200", autocomplete: "off" });
    if (q.expects === "number") input.setAttribute("inputmode", "decimal");
    const go = el("button", "Send", { type: "submit" });
    form.append(label, input, go);
    form.addEventListener("submit", (e) => { e.preventDefault(); if (input.value.trim()) answer(input.value); });
    body.push(form);
    setTimeout(() => input.focus(), 0);
  } else if (q.expects === "order") {
    const order = q.options.map((_, i) => i);
    const list = el("ol", null, { class: "order" });
    const draw = (focus) => {
      list.replaceChildren();
      order.forEach((index, at) => {
        const li = el("li");
        const row = el("div", null, { class: "row" });
        const up = el("button", "↑", { type: "button", "aria-label": "move up: " + q.options[index] });
        const down = el("button", "↓", { type: "button", "aria-label": "move down: " + q.options[index] });
        up.disabled = at === 0; down.disabled = at === order.length - 1;
        up.addEventListener("click", () => { [order[at - 1], order[at]] = [order[at], order[at - 1]]; draw(["up", at - 1]); });
        down.addEventListener("click", () => { [order[at + 1], order[at]] = [order[at], order[at + 1]]; draw(["down", at + 1]); });
        row.append(el("span", q.options[index]), up, down);
        li.append(row);
        list.append(li);
        if (focus && focus[1] === at) setTimeout(() => (focus[0] === "up" && !up.disabled ? up : down).focus(), 0);
      });
    };
    draw(null);
    const go = el("button", "Send this order", { class: "primary", type: "button" });
    go.addEventListener("click", () => answer(order.slice()));
    body.push(list, go);
  } else if (q.expects === "match") {
    const selects = q.left.map((left, i) => {
      const select = el("select", null, { id: "match-" + i });
      select.append(el("option", "— pick —", { value: "" }));
      q.options.forEach((text, j) => select.append(el("option", text, { value: String(j) })));
      body.push(el("label", left, { for: "match-" + i }), select);
      return select;
    });
    const go = el("button", "Send", { class: "primary", type: "button" });
    go.addEventListener("click", () => {
      if (selects.some((s) => s.value === "")) { status("Pick a match for every item"); return; }
      answer(selects.map((s) => Number(s.value)));
    });
    body.push(go);
  }
  view(...head, ...body);
}

function showReveal(m) {
  state.pending = null;
  const mark = m.verdict === "Right" ? "✔ " : m.verdict === "Partly right" ? "◐ " : "✘ ";
  const nodes = [
    el("p", mark + m.verdict, { class: "verdict " + (m.verdict === "Right" ? "right" : "wrong") }),
    el("p", "+" + m.points + " points · " + m.score + " in all · rank " + m.rank),
  ];
  if (m.your_answer !== null) nodes.push(el("p", "Your answer: " + m.your_answer));
  nodes.push(el("p", "Right answer: " + m.right_answer), el("p", m.explanation));
  for (const p of m.passages) {
    const quote = el("blockquote");
    quote.append(document.createTextNode(p.before), el("mark", p.quote), document.createTextNode(p.after));
    nodes.push(quote, el("p", "— " + p.citation, { class: "meta" }));
  }
  const most = Math.max(1, ...m.distribution.map((b) => b.count));
  for (const b of m.distribution) {
    const bar = el("div", null, { class: "bar" });
    const label = el("span", (b.correct ? "✔ " : "") + b.label);
    const fill = el("div", null, { class: "fill" });
    fill.style.width = (100 * b.count / most) + "%";
    const box = el("div"); box.append(label, fill);
    bar.append(box, el("span", String(b.count)));
    nodes.push(bar);
  }
  view(...nodes);
}

function standingList(standings) {
  const list = el("ol");
  for (const s of standings) list.append(el("li", s.rank + ". " + s.name + " · " + s.score + (s.moved > 0 ? " ▲" + s.moved : "")));
  return list;
}

function showLeaderboard(m) {
  const nodes = [el("h2", "Leaderboard"), standingList(m.top)];
  if (m.you) nodes.push(el("p", "You: rank " + m.you.rank + " · " + m.you.score + " points"));
  view(...nodes);
}

function showEnd(m) {
  state.closed = true;
  const nodes = [el("h2", "The end"), standingList(m.podium)];
  if (m.you) nodes.push(el("p", "You finished rank " + m.you.rank + " with " + m.you.score + " points"));
  view(...nodes);
}

document.addEventListener("DOMContentLoaded", () => {
  const params = new URLSearchParams(location.search);
  if (params.get("pin")) $("pin").value = params.get("pin").replace(/\D/g, "").slice(0, 8);
  $("join").addEventListener("submit", (event) => {
    event.preventDefault();
    state.pin = $("pin").value.trim();
    state.name = $("name").value.trim();
    state.closed = false;
    $("join-button").disabled = true;
    status("Joining…");
    connect();
  });
  (params.get("pin") ? $("name") : $("pin")).focus();
});

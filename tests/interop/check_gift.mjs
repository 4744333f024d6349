// Independent check of `quiz export --format gift`: parse the file with gift-pegjs (a GIFT
// grammar written apart from quiz) and compare it with `quiz export --format json`.
// Usage: node check_gift.mjs BANKS.gift.txt BANKS.json
// Prints one line of counts; exits 1 with the problems found.
import { readFileSync } from "node:fs";
import { parse } from "gift-pegjs";

const [giftPath, jsonPath] = process.argv.slice(2);
const parsed = parse(readFileSync(giftPath, "utf8"));
const expected = JSON.parse(readFileSync(jsonPath, "utf8"));
const byTitle = new Map(parsed.filter((q) => q.type !== "Category").map((q) => [q.title, q]));
const kinds = { choice: "MC", multi: "MC", truefalse: "TF", text: "Short", number: "Numerical", match: "Matching" };
const squash = (s) => s.replace(/\s+/g, " ").trim();
const problems = [];
let checked = 0, quotes = 0, found = 0;

for (const bank of expected.banks) {
  for (const q of bank.questions) {
    const got = byTitle.get(q.id);
    if (!got) continue; // left out on purpose: the export says so on stderr (counted below)
    checked++;
    const fail = (what) => problems.push(`${q.id}: ${what}`);
    if (got.type !== kinds[q.type]) fail(`type ${got.type}, expected ${kinds[q.type]}`);
    if (got.id !== q.id) fail(`Moodle id number ${got.id}`);
    if (squash(got.stem.text) !== squash(q.prompt)) fail(`prompt ${JSON.stringify(got.stem.text)}`);
    if (JSON.stringify(got.tags ?? []) !== JSON.stringify(q.tags)) fail(`tags ${JSON.stringify(got.tags)}`);
    const feedback = got.globalFeedback?.text ?? "";
    if (!feedback.startsWith(q.explanation.trim())) fail("general feedback does not start with the explanation");
    for (const quote of q.quotes) {
      quotes++;
      if (squash(feedback).includes(`“${squash(quote.text)}”`)) found++;
      else fail(`quote missing from general feedback: ${quote.text}`);
      if (!new RegExp(`paragraphs? ${quote.paragraph}\\b`).test(feedback)) fail(`citation of paragraph ${quote.paragraph} missing`);
    }
    if (q.type === "choice" || q.type === "multi") {
      if (got.choices.length !== q.choices.length) fail(`${got.choices.length} choices`);
      q.choices.forEach((c, i) => {
        const g = got.choices[i];
        if (!g) return;
        const right = q.type === "choice" ? g.isCorrect : g.weight > 0;
        if (squash(g.text.text) !== squash(c.text)) fail(`choice ${i + 1} text ${JSON.stringify(g.text.text)}`);
        if (right !== c.correct) fail(`choice ${i + 1} correctness`);
        if (c.why_not && !(g.feedback?.text ?? "").startsWith(c.why_not.trim())) fail(`choice ${i + 1} why-not feedback`);
        if (c.why_not_quote && !squash(g.feedback?.text ?? "").includes(squash(c.why_not_quote.text))) fail(`choice ${i + 1} why-not quote`);
      });
      if (q.type === "multi") {
        const sum = got.choices.filter((g) => g.weight > 0).reduce((a, g) => a + g.weight, 0);
        if (Math.abs(sum - 100) > 0.01) fail(`right weights add up to ${sum}`);
      }
    }
    if (q.type === "truefalse" && got.isTrue !== q.answer) fail("true/false answer");
    if (q.type === "text") {
      const answers = got.choices.map((c) => squash(c.text.text));
      if (JSON.stringify(answers) !== JSON.stringify([q.answer, ...q.accept].map(squash))) fail(`answers ${JSON.stringify(answers)}`);
    }
    if (q.type === "number") {
      const n = Array.isArray(got.choices) ? got.choices[0].text : got.choices;
      if (n.number !== q.answer || (n.range ?? 0) !== q.tolerance) fail(`number ${JSON.stringify(n)}`);
    }
    if (q.type === "match") {
      const pairs = got.matchPairs.map((p) => [squash(p.subquestion.text), squash(p.subanswer)]);
      if (JSON.stringify(pairs) !== JSON.stringify(q.pairs.map((p) => [squash(p.left), squash(p.right)]))) fail("pairs");
    }
  }
}
const total = expected.banks.reduce((n, b) => n + b.questions.length, 0);
const categories = parsed.filter((q) => q.type === "Category").length;
console.log(`gift-pegjs parsed ${parsed.length - categories} questions in ${categories} categories; ` +
  `${checked} of ${total} questions in the JSON export matched, ${found} of ${quotes} quotes found in general feedback; ` +
  `${problems.length} problems`);
if (parsed.length - categories !== checked) problems.push(`${parsed.length - categories - checked} parsed questions not in the JSON export`);
for (const p of problems) console.log(`problem: ${p}`);
process.exit(problems.length ? 1 : 0);

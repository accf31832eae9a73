// Slack bot that answers questions in #ask-eng using Claude.
const Anthropic = require("@anthropic-ai/sdk");
const { App } = require("@slack/bolt");

const anthropic = new Anthropic();
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
});

const MODEL = "claude-sonnet-4-5";
const SYSTEM = "You are a helpful staff engineer. Answer concisely; say when you are unsure.";

async function answer(question, thread) {
  const msg = await anthropic.messages.create({
    model: MODEL,
    max_tokens: 1024,
    system: SYSTEM,
    messages: [...thread, { role: "user", content: question }],
  });
  return msg.content.filter((b) => b.type === "text").map((b) => b.text).join("");
}

async function summariseThread(thread) {
  const transcript = thread.map((m) => m.content).join("\n");
  const msg = await anthropic.messages.create({
    model: "claude-haiku-4-5-20251001",
    max_tokens: 300,
    messages: [{ role: "user", content: `Summarise this thread:\n${transcript}` }],
  });
  return msg.content[0].text;
}

async function streamAnswer(question, onDelta) {
  const stream = anthropic.messages.stream({
    model: process.env.CLAUDE_MODEL || "claude-3-5-sonnet-20241022",
    max_tokens: 1024,
    messages: [{ role: "user", content: question }],
  });
  stream.on("text", onDelta);
  return stream.finalMessage();
}

app.message(async ({ message, say }) => {
  if (!message.text?.endsWith("?")) return;
  const reply = await answer(message.text, []);
  await say({ text: reply, thread_ts: message.ts });
});

app.command("/summarise", async ({ ack, respond, body }) => {
  await ack();
  const history = await app.client.conversations.history({ channel: body.channel_id, limit: 50 });
  const thread = history.messages.map((m) => ({ role: "user", content: m.text }));
  await respond(await summariseThread(thread));
});

module.exports = { answer, summariseThread, streamAnswer, app };

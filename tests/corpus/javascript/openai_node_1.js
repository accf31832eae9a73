// Express routes for the in-app writing assistant.
const express = require("express");
const OpenAI = require("openai");

const router = express.Router();
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

const DEFAULT_MODEL = process.env.CHAT_MODEL ?? "gpt-4o";
const REWRITE_MODEL = "gpt-4o-mini";

router.post("/assist/complete", async (req, res, next) => {
  try {
    const completion = await openai.chat.completions.create({
      model: DEFAULT_MODEL,
      messages: [
        { role: "system", content: "You help users finish their sentence." },
        { role: "user", content: req.body.text },
      ],
      max_tokens: 120,
    });
    res.json({ text: completion.choices[0].message.content });
  } catch (err) {
    next(err);
  }
});

router.post("/assist/rewrite", async (req, res) => {
  const { text, tone } = req.body;
  const completion = await openai.chat.completions.create({
    messages: [{ role: "user", content: `Rewrite in a ${tone} tone:\n${text}` }],
    model: REWRITE_MODEL,
  });
  res.json({ text: completion.choices[0].message.content });
});

router.post("/assist/stream", async (req, res) => {
  res.setHeader("Content-Type", "text/event-stream");
  const stream = await openai.chat.completions.create({
    model: "gpt-4.1",
    stream: true,
    messages: [{ role: "user", content: req.body.prompt }],
  });
  for await (const chunk of stream) {
    res.write(`data: ${JSON.stringify(chunk.choices[0]?.delta?.content ?? "")}\n\n`);
  }
  res.end();
});

async function moderate(text) {
  const result = await openai.moderations.create({ model: "omni-moderation-latest", input: text });
  return result.results[0].flagged;
}

router.post("/assist/check", async (req, res) => {
  res.json({ flagged: await moderate(req.body.text) });
});

module.exports = router;

// Thin provider clients for the edge worker (no SDK dependencies).
const OPENAI_BASE = "https://api.openai.com/v1";

export async function chat(prompt, { model = "gpt-4o-mini", apiKey } = {}) {
  const res = await fetch(`${OPENAI_BASE}/chat/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }] }),
  });
  if (!res.ok) throw new Error(`OpenAI error ${res.status}`);
  const data = await res.json();
  return data.choices[0].message.content;
}

export async function claude(prompt, apiKey) {
  const res = await fetch("https://api.anthropic.com/v1/messages", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-api-key": apiKey,
      "anthropic-version": "2023-06-01",
    },
    body: JSON.stringify({
      model: "claude-sonnet-4-5",
      max_tokens: 1024,
      messages: [{ role: "user", content: prompt }],
    }),
  });
  const data = await res.json();
  return data.content[0].text;
}

export async function embed(texts, apiKey) {
  const res = await fetch(`${OPENAI_BASE}/embeddings`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ model: "text-embedding-3-large", input: texts }),
  });
  const data = await res.json();
  return data.data.map((d) => d.embedding);
}

export async function logEvent(event) {
  await fetch("https://telemetry.example.com/v1/events", {
    method: "POST",
    body: JSON.stringify(event),
  });
}

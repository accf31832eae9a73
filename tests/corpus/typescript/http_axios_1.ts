import axios, { AxiosInstance } from "axios";

const openaiHttp: AxiosInstance = axios.create({
  baseURL: "https://api.openai.com/v1",
  headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
  timeout: 30_000,
});

interface ChatResponse {
  choices: { message: { content: string } }[];
}

export async function chat(prompt: string): Promise<string> {
  const { data } = await openaiHttp.post<ChatResponse>("/chat/completions", {
    model: process.env.CHAT_MODEL ?? "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return data.choices[0].message.content;
}

export async function claude(prompt: string): Promise<string> {
  const { data } = await axios.post(
    "https://api.anthropic.com/v1/messages",
    { model: "claude-haiku-4-5-20251001", max_tokens: 512, messages: [{ role: "user", content: prompt }] },
    {
      headers: {
        "x-api-key": process.env.ANTHROPIC_API_KEY ?? "",
        "anthropic-version": "2023-06-01",
      },
    },
  );
  return data.content[0].text;
}

export async function respond(input: string, model: string): Promise<string> {
  const { data } = await openaiHttp.post("/responses", { model, input });
  return data.output_text;
}

export async function createUpload(name: string): Promise<string> {
  const { data } = await axios.post("https://storage.example.com/v1/uploads", { name });
  return data.id;
}

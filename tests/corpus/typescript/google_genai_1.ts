import { GoogleGenAI, Type } from "@google/genai";

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const GEMINI_MODEL = process.env.GEMINI_MODEL ?? "gemini-2.5-pro";

export async function caption(imageBase64: string): Promise<string> {
  const response = await ai.models.generateContent({
    model: "gemini-2.0-flash",
    contents: [
      { inlineData: { mimeType: "image/jpeg", data: imageBase64 } },
      { text: "Write an alt-text caption for this image." },
    ],
  });
  return response.text ?? "";
}

export async function extractEvents(email: string) {
  const response = await ai.models.generateContent({
    model: GEMINI_MODEL,
    contents: email,
    config: {
      responseMimeType: "application/json",
      responseSchema: {
        type: Type.ARRAY,
        items: {
          type: Type.OBJECT,
          properties: { title: { type: Type.STRING }, date: { type: Type.STRING } },
        },
      },
    },
  });
  return JSON.parse(response.text ?? "[]");
}

export async function embedTexts(texts: string[]) {
  const response = await ai.models.embedContent({
    model: "gemini-embedding-001",
    contents: texts,
  });
  return response.embeddings?.map((e) => e.values) ?? [];
}

export async function* streamStory(prompt: string) {
  const stream = await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: prompt });
  for await (const chunk of stream) yield chunk.text;
}

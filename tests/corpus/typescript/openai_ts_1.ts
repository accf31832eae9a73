import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";

/** Request shape accepted by our /summaries endpoint. */
export interface SummaryRequest {
  text: string;
  model?: string; // e.g. "gpt-4o"; validated against the ChatModelId list
  maxWords?: number;
}

export type ChatModelId = "gpt-4o" | "gpt-4o-mini" | "gpt-4.1";

const Invoice = z.object({
  vendor: z.string(),
  total: z.number(),
  currency: z.string(),
});

export class SummaryService {
  private readonly client: OpenAI;
  private model = "gpt-4o-mini";

  constructor(client?: OpenAI) {
    this.client = client ?? new OpenAI();
  }

  async summarise(req: SummaryRequest): Promise<string> {
    const completion = await this.client.chat.completions.create({
      model: this.model,
      messages: [
        { role: "system", content: `Summarise in at most ${req.maxWords ?? 80} words.` },
        { role: "user", content: req.text },
      ],
    });
    return completion.choices[0].message.content ?? "";
  }

  async summariseWith(req: SummaryRequest, model: ChatModelId): Promise<string> {
    const completion = await this.client.chat.completions.create({
      model,
      messages: [{ role: "user", content: req.text }],
    });
    return completion.choices[0].message.content ?? "";
  }

  async extractInvoice(text: string) {
    const completion = await this.client.beta.chat.completions.parse({
      model: "gpt-4o-2024-08-06",
      messages: [
        { role: "system", content: "Extract the invoice fields." },
        { role: "user", content: text },
      ],
      response_format: zodResponseFormat(Invoice, "invoice"),
    });
    return completion.choices[0].message.parsed;
  }
}

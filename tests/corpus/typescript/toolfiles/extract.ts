// Invoice extraction: the response format and a tool come from JSON files.
import OpenAI from "openai";
import fs from "node:fs";
import path from "node:path";
import invoiceSchema from "./invoice.schema.json" with { type: "json" };

const lookupVendor = JSON.parse(fs.readFileSync(path.join(__dirname, "lookup_vendor.json"), "utf8"));
const client = new OpenAI();

export async function extractInvoice(text: string) {
  const completion = await client.chat.completions.create({
    model: "gpt-4o-2024-08-06",
    messages: [{ role: "user", content: text }],
    tools: [lookupVendor],
    response_format: {
      type: "json_schema",
      json_schema: { name: "invoice", strict: true, schema: invoiceSchema },
    },
  });
  return completion.choices[0].message;
}

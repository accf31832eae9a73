// app/products/[id]/page.tsx: product page with AI-written highlights.
import { generateObject, embed, embedMany } from "ai";
import { openai } from "@ai-sdk/openai";
import { google } from "@ai-sdk/google";
import { z } from "zod";
import { getProduct, similarProducts } from "@/lib/catalog";

const HighlightSchema = z.object({
  headline: z.string(),
  bullets: z.array(z.string()).max(4),
});

const EMBEDDING_MODEL = openai.embedding("text-embedding-3-small");

async function highlights(description: string) {
  const { object } = await generateObject({
    model: google("gemini-2.0-flash"),
    schema: HighlightSchema,
    prompt: `Write highlights for this product:\n${description}`,
  });
  return object;
}

async function related(description: string) {
  const { embedding } = await embed({
    model: EMBEDDING_MODEL,
    value: description,
  });
  return similarProducts(embedding, 4);
}

export async function reindex(descriptions: string[]) {
  const { embeddings } = await embedMany({
    model: openai.textEmbeddingModel(process.env.EMBED_MODEL ?? "text-embedding-3-large"),
    values: descriptions,
  });
  return embeddings;
}

export default async function ProductPage({ params }: { params: { id: string } }) {
  const product = await getProduct(params.id);
  const [hl, others] = await Promise.all([
    highlights(product.description),
    related(product.description),
  ]);
  return (
    <main>
      <h1>{product.name}</h1>
      <h2>{hl.headline}</h2>
      <ul>
        {hl.bullets.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
      <aside>
        {others.map((p) => (
          <a key={p.id} href={`/products/${p.id}`}>
            {p.name}
          </a>
        ))}
      </aside>
    </main>
  );
}

// Conversation persistence layer (Prisma); no model calls here.
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

/**
 * Stores a chat turn. Callers usually do:
 *   const reply = await openai.chat.completions.create({ model: "gpt-4o", messages });
 *   await saveTurn(conversationId, "assistant", reply.choices[0].message.content, reply.model);
 */
export async function saveTurn(conversationId: string, role: string, content: string, model: string) {
  return prisma.message.create({
    data: { conversationId, role, content, model },
  });
}

export async function startConversation(userId: string) {
  return prisma.conversation.create({ data: { userId, model: "gpt-4o-mini" } });
}

// Local echo stub with the same shape as the SDK, used by the offline demo.
export const chat = {
  completions: {
    async create(params: { model: string; messages: unknown[] }) {
      return { id: "local-echo", model: params.model, echo: params.messages };
    },
  },
};

export async function echoForDemo() {
  return chat.completions.create({ model: "gpt-4o", messages: [] });
}

// await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages: [] });

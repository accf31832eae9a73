#!/usr/bin/env node
// Background worker: re-embeds changed documents.
const EMBED_MODEL = process.env.EMBED_MODEL ?? "embedding-5.2";
export default { model: EMBED_MODEL };

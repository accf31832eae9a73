// Jest tests for the assist routes; the OpenAI SDK is mocked.
const request = require("supertest");
const express = require("express");

const create = jest.fn();
jest.mock("openai", () =>
  jest.fn().mockImplementation(() => ({
    chat: { completions: { create } },
    moderations: { create: jest.fn().mockResolvedValue({ results: [{ flagged: false }] }) },
  })),
);

const router = require("./openai_node_1");

function appWith(r) {
  const app = express();
  app.use(express.json());
  app.use(r);
  return app;
}

beforeEach(() => {
  create.mockReset();
  create.mockResolvedValue({ choices: [{ message: { content: "done" } }] });
});

test("complete uses the default model", async () => {
  const res = await request(appWith(router)).post("/assist/complete").send({ text: "Hello" });
  expect(res.body.text).toBe("done");
  expect(create).toHaveBeenCalledWith(
    expect.objectContaining({ model: "gpt-4o", max_tokens: 120 }),
  );
});

test("rewrite uses the cheaper model", async () => {
  await request(appWith(router)).post("/assist/rewrite").send({ text: "hi", tone: "formal" });
  const [args] = create.mock.calls[0];
  expect(args.model).toBe("gpt-4o-mini");
});

test("openai.chat.completions.create is never called without messages", () => {
  for (const [args] of create.mock.calls) {
    expect(args.messages.length).toBeGreaterThan(0);
  }
});

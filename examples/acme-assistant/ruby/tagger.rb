require "openai"

# Tags support tickets.
class Tagger
  MODEL = "gpt-5.2-nano"

  def tag(text)
    client.chat(parameters: { model: MODEL, messages: [{ role: "user", content: text }] })
  end
end

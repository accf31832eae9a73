require "openai"
require "qdrant"

# Knowledge base: embeds with ruby-openai, stores in Qdrant, and offers a search tool to the chat model.
class KnowledgeBase
  SEARCH_TOOL = {
    type: "function",
    function: {
      name: "search_kb",
      description: "Search the knowledge base",
      parameters: {
        type: "object",
        properties: { query: { type: "string" }, limit: { type: "integer" } },
        required: ["query"]
      }
    }
  }.freeze

  def initialize
    @client = OpenAI::Client.new(access_token: ENV.fetch("OPENAI_API_KEY"))
    @store = Qdrant::Client.new(url: ENV.fetch("QDRANT_URL"), api_key: ENV.fetch("QDRANT_API_KEY"))
  end

  def add(id, text)
    response = @client.embeddings(parameters: { model: "text-embedding-3-small", input: text })
    vector = response.dig("data", 0, "embedding")
    @store.points.upsert(collection_name: "kb", points: [{ id: id, vector: vector, payload: { text: text } }])
  end

  def answer(question)
    @client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: question }], tools: [SEARCH_TOOL] })
  end
end

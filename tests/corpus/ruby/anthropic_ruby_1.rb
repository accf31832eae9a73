# frozen_string_literal: true

require "anthropic"

module Support
  # Summarises long support threads for the weekly report.
  class ThreadSummarizer
    MODEL = "claude-sonnet-4-5"

    def initialize
      @client = Anthropic::Client.new(api_key: ENV["ANTHROPIC_API_KEY"])
    end

    def summarize(thread)
      message = @client.messages.create(
        model: MODEL,
        max_tokens: 800,
        system: "Summarise the support thread for a weekly report.",
        messages: [{ role: "user", content: thread.map(&:body).join("\n\n") }]
      )
      message.content.first.text
    end

    def sentiment(text)
      message = @client.messages.create(
        model: "claude-haiku-4-5-20251001",
        max_tokens: 5,
        messages: [{ role: "user", content: "positive, neutral or negative?\n#{text}" }]
      )
      message.content.first.text.strip
    end

    def archive(thread)
      # Archive record in our own database, not an API call.
      SupportThread.messages.create(thread_id: thread.id, body: summarize(thread))
    end
  end
end

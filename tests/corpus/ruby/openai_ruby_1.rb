# frozen_string_literal: true

require "openai"

# Generates onboarding emails for new workspace members.
class OnboardingMailer
  DEFAULT_MODEL = "gpt-4o-mini"

  def initialize(client: OpenAI::Client.new(access_token: ENV.fetch("OPENAI_API_KEY")))
    @client = client
    @model = ENV.fetch("ONBOARDING_MODEL", "gpt-4o")
  end

  def welcome_email(user)
    response = @client.chat(
      parameters: {
        model: @model,
        messages: [
          { role: "system", content: "Write a friendly, short welcome email." },
          { role: "user", content: "Name: #{user.name}, team: #{user.team}" }
        ],
        temperature: 0.6
      }
    )
    response.dig("choices", 0, "message", "content")
  end

  def subject_line(body)
    response = @client.chat(parameters: { model: DEFAULT_MODEL, messages: [{ role: "user", content: "Subject line for:\n#{body}" }] })
    response.dig("choices", 0, "message", "content").strip
  end

  def embed(text)
    response = @client.embeddings(parameters: { model: "text-embedding-3-small", input: text })
    response.dig("data", 0, "embedding")
  end

  def translate(text, language, model: "gpt-4.1")
    response = @client.chat(parameters: { model: model, messages: [{ role: "user", content: "Translate to #{language}: #{text}" }] })
    response.dig("choices", 0, "message", "content")
  end
end

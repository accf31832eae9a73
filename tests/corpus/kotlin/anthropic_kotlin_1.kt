package com.acme.notes

import com.anthropic.client.AnthropicClient
import com.anthropic.client.okhttp.AnthropicOkHttpClient
import com.anthropic.models.messages.MessageCreateParams
import com.anthropic.models.messages.Model

object NoteTagger {
    private val client: AnthropicClient = AnthropicOkHttpClient.fromEnv()
    private val taggingModel = System.getenv("TAGGING_MODEL") ?: "claude-haiku-4-5-20251001"

    fun tags(note: String): List<String> {
        val message = client.messages().create(
            MessageCreateParams.builder()
                .model(taggingModel)
                .maxTokens(64)
                .addUserMessage("Up to five tags, comma separated:\n$note")
                .build()
        )
        return message.content()
            .mapNotNull { block -> block.text().orElse(null)?.text() }
            .joinToString("")
            .split(",")
            .map { it.trim() }
            .filter { it.isNotEmpty() }
    }

    fun outline(note: String): String {
        val message = client.messages().create(
            MessageCreateParams.builder()
                .model(Model.CLAUDE_SONNET_4_5)
                .maxTokens(1024)
                .addUserMessage("Turn this note into an outline:\n$note")
                .build()
        )
        return message.content().joinToString("") { block -> block.text().map { t -> t.text() }.orElse("") }
    }
}

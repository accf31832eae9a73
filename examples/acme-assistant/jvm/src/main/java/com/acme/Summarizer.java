package com.acme;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** Summaries for the weekly digest, on gpt-4o. */
public class Summarizer {
    private static final String MODEL = "gpt-4o";

    ChatCompletionCreateParams params(String text) {
        return ChatCompletionCreateParams.builder()
            .model("gpt-5.2-chat-latest")
            .addUserMessage(text)
            .build();
    }
}

package com.acme.support;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import java.util.List;

class TicketSummarizer {
    private static final String ESCALATION_MODEL = "gpt-4.1";

    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

    String summarize(String ticketText) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O)
                .addSystemMessage("Summarize the support ticket in three bullet points.")
                .addUserMessage(ticketText)
                .build();
        ChatCompletion completion = client.chat().completions().create(params);
        return completion.choices().get(0).message().content().orElse("");
    }

    String escalationNote(String ticketText) {
        ChatCompletion completion = client.chat().completions().create(
                ChatCompletionCreateParams.builder()
                        .model(ESCALATION_MODEL)
                        .addUserMessage("Write an escalation note for engineering:\n" + ticketText)
                        .maxCompletionTokens(400)
                        .build());
        return completion.choices().get(0).message().content().orElse("");
    }

    String translate(String text, String language) {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("Translate to " + language + ":\n" + text)
                        .build());
        return completion.choices().get(0).message().content().orElse("");
    }

    List<Float> embed(String text) {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL)
                .input(text)
                .build());
        return response.data().get(0).embedding();
    }
}

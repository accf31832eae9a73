package com.acme.review;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import java.util.stream.Collectors;

final class ContractReviewer {
    private final AnthropicClient client;
    private final String model;

    ContractReviewer(AnthropicClient client, String model) {
        this.client = client;
        this.model = model;
    }

    static ContractReviewer fromEnv() {
        String model = System.getenv().getOrDefault("REVIEW_MODEL", "claude-sonnet-4-5");
        return new ContractReviewer(AnthropicOkHttpClient.fromEnv(), model);
    }

    String review(String contract) {
        MessageCreateParams params = MessageCreateParams.builder()
                .model(model)
                .maxTokens(2048L)
                .system("You are a contracts lawyer. List risky clauses.")
                .addUserMessage(contract)
                .build();
        Message message = client.messages().create(params);
        return text(message);
    }

    String plainEnglish(String clause) {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model(Model.CLAUDE_SONNET_4_5)
                .maxTokens(512L)
                .addUserMessage("Explain in plain English: " + clause)
                .build());
        return text(message);
    }

    String classify(String clause) {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model("claude-haiku-4-5-20251001")
                .maxTokens(16L)
                .addUserMessage("Label the clause: liability, payment, termination or other.\n" + clause)
                .build());
        return text(message);
    }

    private static String text(Message message) {
        return message.content().stream()
                .flatMap(block -> block.text().stream())
                .map(t -> t.text())
                .collect(Collectors.joining());
    }
}

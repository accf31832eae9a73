package com.acme.faq;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
class FaqAnswerService {
    private final OpenAIClient client;
    private final String chatModel;
    private final String fallbackModel;

    FaqAnswerService(
            OpenAIClient client,
            @Value("${spring.ai.openai.chat.options.model}") String chatModel,
            @Value("${acme.ai.fallback-model:gpt-4o-mini}") String fallbackModel) {
        this.client = client;
        this.chatModel = chatModel;
        this.fallbackModel = fallbackModel;
    }

    String answer(String question) {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(chatModel)
                .addSystemMessage("Answer from the FAQ. Say 'I don't know' otherwise.")
                .addUserMessage(question)
                .build());
        return completion.choices().get(0).message().content().orElse("");
    }

    String answerCheaply(String question) {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(fallbackModel)
                .addUserMessage(question)
                .build());
        return completion.choices().get(0).message().content().orElse("");
    }
}

package com.acme.mobile.backend

import com.openai.client.OpenAIClient
import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.models.ChatModel
import com.openai.models.chat.completions.ChatCompletionCreateParams
import com.openai.models.responses.ResponseCreateParams

private const val RECAP_MODEL = "gpt-4o-mini"

class WorkoutCoach(private val client: OpenAIClient = OpenAIOkHttpClient.fromEnv()) {

    fun recap(log: String): String {
        val params = ChatCompletionCreateParams.builder()
            .model(RECAP_MODEL)
            .addSystemMessage("You are an encouraging fitness coach.")
            .addUserMessage("Recap this workout log in two sentences:\n$log")
            .build()
        val completion = client.chat().completions().create(params)
        return completion.choices().first().message().content().orElse("")
    }

    fun plan(goal: String, weeks: Int): String {
        val completion = client.chat().completions().create(
            ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O)
                .addUserMessage("Make a $weeks-week plan for: $goal")
                .build()
        )
        return completion.choices().first().message().content().orElse("")
    }

    fun tip(model: String = "gpt-4.1-mini"): String {
        val response = client.responses().create(
            ResponseCreateParams.builder()
                .model(model)
                .input("Give one short fitness tip.")
                .build()
        )
        return response.output().toString()
    }
}

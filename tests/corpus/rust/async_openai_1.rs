use async_openai::{
    config::OpenAIConfig,
    types::{
        ChatCompletionRequestSystemMessageArgs, ChatCompletionRequestUserMessageArgs,
        CreateChatCompletionRequestArgs, CreateEmbeddingRequestArgs,
    },
    Client,
};
use std::error::Error;

const SUMMARY_MODEL: &str = "gpt-4o-mini";

pub struct ChangelogBot {
    client: Client<OpenAIConfig>,
}

impl ChangelogBot {
    pub fn new() -> Self {
        Self {
            client: Client::new(),
        }
    }

    pub async fn summarize(&self, commits: &str) -> Result<String, Box<dyn Error>> {
        let request = CreateChatCompletionRequestArgs::default()
            .model(SUMMARY_MODEL)
            .max_tokens(512u32)
            .messages([
                ChatCompletionRequestSystemMessageArgs::default()
                    .content("Write a user-facing changelog from these commits.")
                    .build()?
                    .into(),
                ChatCompletionRequestUserMessageArgs::default()
                    .content(commits)
                    .build()?
                    .into(),
            ])
            .build()?;
        let response = self.client.chat().create(request).await?;
        Ok(response.choices[0]
            .message
            .content
            .clone()
            .unwrap_or_default())
    }

    pub async fn headline(&self, summary: &str) -> Result<String, Box<dyn Error>> {
        let response = self
            .client
            .chat()
            .create(
                CreateChatCompletionRequestArgs::default()
                    .model("gpt-4o")
                    .messages([ChatCompletionRequestUserMessageArgs::default()
                        .content(format!("One-line headline for:\n{summary}"))
                        .build()?
                        .into()])
                    .build()?,
            )
            .await?;
        Ok(response.choices[0]
            .message
            .content
            .clone()
            .unwrap_or_default())
    }

    pub async fn embed(&self, text: &str) -> Result<Vec<f32>, Box<dyn Error>> {
        let model =
            std::env::var("EMBED_MODEL").unwrap_or_else(|_| "text-embedding-3-small".to_string());
        let request = CreateEmbeddingRequestArgs::default()
            .model(model)
            .input(text)
            .build()?;
        let response = self.client.embeddings().create(request).await?;
        Ok(response.data[0].embedding.clone())
    }
}

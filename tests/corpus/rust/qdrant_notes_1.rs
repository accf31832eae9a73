use async_openai::{
    config::OpenAIConfig,
    types::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs, CreateEmbeddingRequestArgs},
    Client,
};
use qdrant_client::qdrant::{PointStruct, UpsertPointsBuilder};
use qdrant_client::Qdrant;
use serde_json::json;

/// Notes kept in Qdrant, embedded with async-openai; the chat model can recall them through a tool.
pub struct Notes {
    client: Client<OpenAIConfig>,
    qdrant: Qdrant,
}

impl Notes {
    pub fn new() -> anyhow::Result<Self> {
        let qdrant = Qdrant::from_url("http://localhost:6334").build()?;
        Ok(Self { client: Client::new(), qdrant })
    }

    pub async fn remember(&self, id: u64, text: &str) -> anyhow::Result<()> {
        let request = CreateEmbeddingRequestArgs::default()
            .model("text-embedding-3-small")
            .input(text)
            .build()?;
        let response = self.client.embeddings().create(request).await?;
        let vector = response.data[0].embedding.clone();
        let point = PointStruct::new(id, vector, [("text", text.into())]);
        self.qdrant.upsert_points(UpsertPointsBuilder::new("notes", vec![point])).await?;
        Ok(())
    }

    pub async fn ask(&self, question: &str) -> anyhow::Result<String> {
        let tool = json!({
            "type": "function",
            "function": {
                "name": "recall_notes",
                "parameters": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}},
                    "required": ["query"],
                    "additionalProperties": false
                }
            }
        });
        let chat_request = CreateChatCompletionRequestArgs::default()
            .model("gpt-4o-mini")
            .messages(vec![ChatCompletionRequestUserMessageArgs::default().content(question).build()?.into()])
            .tools(vec![serde_json::from_value(tool)?])
            .build()?;
        let reply = self.client.chat().create(chat_request).await?;
        Ok(reply.choices[0].message.content.clone().unwrap_or_default())
    }
}

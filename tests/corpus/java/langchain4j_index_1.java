package com.acme.search;

import com.openai.client.OpenAIClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;

/** Help-article index: vectors from the OpenAI SDK, kept in a LangChain4j in-memory store. */
public final class ArticleIndex {
    private final OpenAIClient client;
    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();

    public ArticleIndex(OpenAIClient client) {
        this.client = client;
    }

    public void add(String text) {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL)
                .input(text)
                .build());
        List<Float> vector = response.data().get(0).embedding();
        store.add(Embedding.from(vector), TextSegment.from(text));
    }
}

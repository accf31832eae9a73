package com.acme.notes

import com.aallam.openai.api.embedding.EmbeddingRequest
import com.aallam.openai.api.model.ModelId
import com.aallam.openai.client.OpenAI
import dev.langchain4j.data.embedding.Embedding
import dev.langchain4j.data.segment.TextSegment
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore

// Notes search: openai-kotlin embeddings kept in a LangChain4j in-memory store.
class NoteSearch(private val openAI: OpenAI) {
    private val store = InMemoryEmbeddingStore<TextSegment>()

    suspend fun add(text: String) {
        val response = openAI.embeddings(EmbeddingRequest(model = ModelId("text-embedding-3-small"), input = listOf(text)))
        val vector = response.embeddings.first().embedding.map { it.toFloat() }.toFloatArray()
        store.add(Embedding.from(vector), TextSegment.from(text))
    }
}

using Microsoft.SemanticKernel.Connectors.Qdrant;
using OpenAI;
using OpenAI.Embeddings;
using Qdrant.Client;

namespace Acme.Docs;

public sealed class DocIndexer
{
    private readonly EmbeddingClient _embeddings;
    private readonly QdrantVectorStore _store;

    public DocIndexer(string apiKey)
    {
        _embeddings = new OpenAIClient(apiKey).GetEmbeddingClient("text-embedding-3-small");
        _store = new QdrantVectorStore(new QdrantClient("localhost"), ownsClient: true);
    }

    public async Task IndexAsync(DocRecord doc, CancellationToken ct = default)
    {
        OpenAIEmbedding vector = await _embeddings.GenerateEmbeddingAsync(doc.Text, cancellationToken: ct);
        var collection = _store.GetCollection<ulong, DocRecord>("docs");
        await collection.UpsertAsync(new DocRecord(doc.Id, doc.Text, vector.ToFloats()), ct);
    }
}

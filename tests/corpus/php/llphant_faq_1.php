<?php

declare(strict_types=1);

namespace App\Search;

use LLPhant\Embeddings\Document;
use LLPhant\Embeddings\VectorStores\Qdrant\QdrantVectorStore;
use OpenAI\Client;
use Qdrant\Config;
use Qdrant\Qdrant;

final class FaqIndex
{
    private const LOOKUP_TOOL = [
        'type' => 'function',
        'function' => [
            'name' => 'lookup_faq',
            'description' => 'Find the FAQ entry closest to a question',
            'parameters' => [
                'type' => 'object',
                'properties' => [
                    'question' => ['type' => 'string'],
                    'locale' => ['type' => 'string'],
                ],
                'required' => ['question'],
            ],
        ],
    ];

    private QdrantVectorStore $store;

    public function __construct(private Client $client, Config $config)
    {
        $this->store = new QdrantVectorStore(new Qdrant($config), 'faq');
    }

    public function add(string $text): void
    {
        $response = $this->client->embeddings()->create([
            'model' => 'text-embedding-3-small',
            'input' => $text,
        ]);
        $vector = $response->embeddings[0]->embedding;
        $this->store->addDocuments([$this->document($text, $vector)]);
    }

    public function answer(string $question): string
    {
        $result = $this->client->chat()->create([
            'model' => 'gpt-4o-mini',
            'messages' => [['role' => 'user', 'content' => $question]],
            'tools' => [self::LOOKUP_TOOL],
        ]);

        return $result->choices[0]->message->content ?? '';
    }

    private function document(string $text, array $vector): Document
    {
        $document = new Document();
        $document->content = $text;
        $document->embedding = $vector;

        return $document;
    }
}

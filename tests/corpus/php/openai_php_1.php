<?php

declare(strict_types=1);

namespace App\Services;

use OpenAI;
use OpenAI\Client;

final class ProductCopyWriter
{
    private const MODEL = 'gpt-4o-mini';

    private Client $client;

    public function __construct(?Client $client = null)
    {
        $this->client = $client ?? OpenAI::client(getenv('OPENAI_API_KEY'));
    }

    public function description(array $product): string
    {
        $response = $this->client->chat()->create([
            'model' => self::MODEL,
            'messages' => [
                ['role' => 'system', 'content' => 'Write persuasive product copy in under 80 words.'],
                ['role' => 'user', 'content' => json_encode($product)],
            ],
        ]);

        return $response->choices[0]->message->content;
    }

    public function seoTitle(string $description): string
    {
        $response = $this->client->chat()->create(['model' => 'gpt-4o', 'messages' => [
            ['role' => 'user', 'content' => "SEO title (max 60 chars) for: {$description}"],
        ]]);

        return trim($response->choices[0]->message->content);
    }

    public function embedding(string $text): array
    {
        $response = $this->client->embeddings()->create([
            'model' => 'text-embedding-3-small',
            'input' => $text,
        ]);

        return $response->embeddings[0]->embedding;
    }

    public function altText(string $imageUrl, string $model = 'gpt-4.1-mini'): string
    {
        $response = $this->client->responses()->create([
            'model' => $model,
            'input' => "Write alt text for the image at {$imageUrl}",
        ]);

        return $response->outputText;
    }
}

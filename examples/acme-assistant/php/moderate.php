<?php
// Moderation endpoint for the forum plugin.
$client = OpenAI::client(getenv('OPENAI_API_KEY'));
$result = $client->moderations()->create([
    'model' => 'omni-moderation-latest',
    'input' => $text,
]);

<?php

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use OpenAI\Laravel\Facades\OpenAI;

class SummaryController extends Controller
{
    public function store(Request $request): JsonResponse
    {
        $validated = $request->validate(['text' => 'required|string|max:20000']);

        $result = OpenAI::chat()->create([
            'model' => config('services.openai.summary_model', 'gpt-4o-mini'),
            'messages' => [
                ['role' => 'system', 'content' => 'Summarise the text in five bullet points.'],
                ['role' => 'user', 'content' => $validated['text']],
            ],
        ]);

        $summary = $result->choices[0]->message->content;
        $request->user()->summaries()->create(['body' => $summary, 'model' => $result->model]);

        return response()->json(['summary' => $summary]);
    }

    public function keywords(Request $request): JsonResponse
    {
        $model = env('KEYWORD_MODEL', 'gpt-4.1-mini');
        $result = OpenAI::chat()->create([
            'model' => $model,
            'messages' => [['role' => 'user', 'content' => 'Keywords for: ' . $request->input('text')]],
        ]);

        return response()->json(['keywords' => $result->choices[0]->message->content]);
    }
}

"""Media pipeline for the marketing CMS: cover images, podcast transcripts,
narration and comment moderation."""

from pathlib import Path

from openai import OpenAI

client = OpenAI()

IMAGE_MODEL = "dall-e-3"
SPEECH_MODEL = "tts-1"


def cover_image(prompt: str) -> str:
    result = client.images.generate(
        model=IMAGE_MODEL,
        prompt=prompt,
        size="1792x1024",
        quality="hd",
        n=1,
    )
    return result.data[0].url


def transcribe(path: Path) -> str:
    with path.open("rb") as audio:
        transcript = client.audio.transcriptions.create(model="whisper-1", file=audio)
    return transcript.text


def narrate(text: str, out: Path, voice: str = "alloy") -> Path:
    speech = client.audio.speech.create(model=SPEECH_MODEL, voice=voice, input=text)
    speech.write_to_file(out)
    return out


def is_flagged(comment: str) -> bool:
    verdict = client.moderations.create(model="omni-moderation-latest", input=comment)
    return verdict.results[0].flagged


def is_flagged_default(comment: str) -> bool:
    # Older code path: no model argument, the API picks its default moderation model.
    verdict = client.moderations.create(input=comment)
    return verdict.results[0].flagged


def image_variant(prompt: str) -> str:
    result = client.images.generate(model="gpt-image-1", prompt=prompt, size="1024x1024")
    return result.data[0].b64_json

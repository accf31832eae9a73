"""One-off: give old conversations a title. Run by hand."""
from openai import OpenAI

client = OpenAI()

for row in open("conversations.txt"):
    title = client.chat.completions.create(
        model="gpt-5.2-mini",
        messages=[{"role": "user", "content": "Give this conversation a five-word title: " + row}],
    )
    print(title.choices[0].message.content)

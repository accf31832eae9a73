from openai import OpenAI

client = OpenAI()


def embed(texts):
    return client.embeddings.create(model="embedding-5.2", input=texts, dimensions=1024)

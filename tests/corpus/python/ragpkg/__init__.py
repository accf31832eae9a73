"""Retrieval package: embeddings are configured in one module, stores built in another."""

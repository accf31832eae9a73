"""Cost estimates for the usage dashboard (a price table, not a call site)."""

# USD per million tokens: input, output
USD_PER_MTOK = {
    "gpt-5.5": (5.00, 40.00),
    "gpt-5.2": (1.75, 14.00),
    "gpt-5.2-mini": (0.25, 2.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "claude-sonnet-4-5": (3.00, 15.00),
    "claude-haiku-4-5": (1.00, 5.00),
    "gemini-2.5-flash": (0.30, 2.50),
}


def cost(model: str, tokens_in: int, tokens_out: int) -> float:
    price_in, price_out = USD_PER_MTOK[model]
    return (tokens_in * price_in + tokens_out * price_out) / 1_000_000

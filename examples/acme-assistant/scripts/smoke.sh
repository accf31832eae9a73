#!/usr/bin/env bash
# Smoke test against the API; uses gpt-5.2-mini to keep it cheap.
set -euo pipefail
MODEL=${MODEL:-gpt-5.2-mini}
curl -s https://api.openai.com/v1/chat/completions \
  -d '{"model": "gpt-5.2", "messages": [{"role": "user", "content": "ping"}]}'

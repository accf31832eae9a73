"""Unit tests for the support reply service; no network calls."""

from unittest import mock
from unittest.mock import MagicMock, patch

import pytest

from support import replies


@pytest.fixture
def fake_client():
    client = MagicMock()
    client.chat.completions.create.return_value = MagicMock(
        choices=[MagicMock(message=MagicMock(content="Thanks for reaching out!"))]
    )
    return client


def test_draft_reply_uses_primary_model(fake_client, monkeypatch):
    monkeypatch.setattr(replies, "client", fake_client)
    text = replies.draft_reply(replies.Ticket(id="T-1", subject="Login", history=["I can't log in"]))
    assert text == "Thanks for reaching out!"
    fake_client.chat.completions.create.assert_called_once_with(
        model="gpt-4o",
        messages=mock.ANY,
        max_tokens=800,
        temperature=0.3,
    )


@patch("openai.resources.chat.Completions.create")
def test_patch_style(mock_create):
    mock_create.return_value.choices = [MagicMock(message=MagicMock(content="ok"))]
    replies.classify_priority(replies.Ticket(id="T-2", subject="Outage", history=[]))
    _, kwargs = mock_create.call_args
    assert kwargs["model"] == "gpt-4o-mini"


def test_fallback_on_error(fake_client, monkeypatch):
    ok = fake_client.chat.completions.create.return_value
    fake_client.chat.completions.create.side_effect = [RuntimeError("boom"), ok]
    monkeypatch.setattr(replies, "client", fake_client)
    replies.draft_reply(replies.Ticket(id="T-3", subject="Billing", history=["Refund?"]))
    models = [c.kwargs["model"] for c in fake_client.chat.completions.create.call_args_list]
    assert models == ["gpt-4o", "gpt-4o-mini"]


def test_anthropic_stub():
    with patch("anthropic.Anthropic") as anthropic_cls:
        anthropic_cls.return_value.messages.create.return_value.content = [MagicMock(text="LGTM")]
        client = anthropic_cls()
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=10, messages=[])
        assert reply.content[0].text == "LGTM"

"""Chat-room service for the community forum (no LLM involved).

Example of the LLM integration we decided against, kept for reference:

    client.chat.completions.create(model="gpt-4o", messages=[...])
"""

from dataclasses import dataclass

from forum.db import Database
from forum.realtime import Session


@dataclass
class Room:
    id: str
    name: str


class ChatRoomService:
    def __init__(self, db: Database, session: Session):
        self.db = db
        self.session = session

    def post(self, room: Room, author: str, body: str) -> dict:
        message = self.db.messages.create(room_id=room.id, author=author, body=body)
        self.session.chat.send(room.id, {"author": author, "body": body})
        return message

    def open_room(self, name: str) -> Room:
        row = self.db.rooms.create(name=name)
        self.db.collections.create(name=f"room-{row.id}-attachments")
        return Room(id=row.id, name=name)

    def username_suggestions(self, prefix: str) -> list[str]:
        # Username autocompletion cache, not an LLM completion.
        return self.db.completions.create(prefix=prefix, limit=10)

    def link_preview(self, url: str) -> dict:
        return self.session.embeds.create(url=url, model="card")

    # def summarise(self, room):
    #     return openai_client.chat.completions.create(model="gpt-4o-mini", messages=...)


HELP_TEXT = "Tip: the bot uses model='gpt-4o' via client.chat.completions.create(...)"

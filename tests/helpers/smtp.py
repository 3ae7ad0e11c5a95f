"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

from email.message import Message

from aiosmtpd.handlers import Message as MessageHandler


class Inbox(MessageHandler):
    """What a real SMTP server on loopback (aiosmtpd) received."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message)

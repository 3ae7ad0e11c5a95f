"""Tables of webhooks: the endpoints admins register, and one log row per delivery attempt."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service_api.domain.webhooks import PersonalData
from service_api.orm import Base

_PERSONAL_DATA = ", ".join(f"'{level.value}'" for level in PersonalData)


def _now() -> datetime:
    return datetime.now(UTC)


class WebhookEndpoint(Base):
    """A URL that receives the events it subscribed to, each signed with its secret.

    The secret is kept as given, since it must sign; no answer of the API ever carries it (lists show
    its last four characters).
    """

    __tablename__ = "webhook_endpoint"
    __table_args__ = (
        CheckConstraint(f"personal_data IN ({_PERSONAL_DATA})", name="personal_data_known"),
        # An id is never given again (SQLite would reuse the highest): deliveries name their endpoint by it.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[list[Any]] = mapped_column(default=list)
    personal_data: Mapped[str] = mapped_column(String(10), default=PersonalData.NONE.value)
    description: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)


class WebhookDelivery(Base):
    """One attempt to deliver an event: when, the answer's status code, how long, why it failed.

    Never the body: what was sent is the outbox row's (``outbox_id``), which "send again" copies.
    """

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_endpoint", "endpoint_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    outbox_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("outbox.id", ondelete="SET NULL"), index=True
    )
    event: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(40))
    booking_reference: Mapped[str] = mapped_column(String(20), default="")
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    attempted_at: Mapped[datetime] = mapped_column(default=_now)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(String(300), default="")

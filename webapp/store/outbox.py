"""SQL on messages: the SMS outbox, delivery receipts, follow-ups in person, bulk sends, opt-outs
and inbound replies."""

from __future__ import annotations

"""SQL on forms as residents fill and sign them: submissions and their drafts' held posts,
signatures and letter texts, corrections, idempotency keys, consent codes and assistance
consents."""

from __future__ import annotations

"""SQL on the append-only audit log."""

from __future__ import annotations

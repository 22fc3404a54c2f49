"""SQL on residents, their sessions and sign-in codes."""

from __future__ import annotations

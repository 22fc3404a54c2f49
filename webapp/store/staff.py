"""SQL on staff accounts and staff sessions."""

from __future__ import annotations

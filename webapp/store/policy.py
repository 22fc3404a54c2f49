"""SQL on the versioned policy parameters."""

from __future__ import annotations

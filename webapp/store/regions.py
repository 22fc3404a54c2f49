"""SQL on regions: counties, townships and villages."""

from __future__ import annotations

"""Names on staff lists are masked (webapp/services/queues.py lists the cases themselves)."""

from __future__ import annotations

from webapp.services.queues import mask_name

__all__ = ["mask_name"]

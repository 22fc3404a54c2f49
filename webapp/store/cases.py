"""SQL on cases: the case rows and their append-only events, objections, responsible officials,
the county settings and the loaded calendar days. Lists are paged here, with counts from
indexed queries."""

from __future__ import annotations

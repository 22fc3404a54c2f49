"""Count the SQL statements a request runs: a trace callback on the request's connection."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from webapp.store.engine import get_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Transaction control is bookkeeping, not a query the page asked for.
BOOKKEEPING = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


class Recorder:
    """The statements run while recording, in order."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.on = False

    def __call__(self, statement: str) -> None:
        if self.on:
            self.statements.append(statement)

    @property
    def queries(self) -> list[str]:
        return [s for s in self.statements if not BOOKKEEPING.match(s)]

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements if WRITE.match(s)]


def install(app: Flask) -> Recorder:
    """Trace every request's connection from the first thing the request does."""
    recorder = Recorder()

    def trace() -> None:
        get_db().conn.set_trace_callback(recorder)

    app.before_request_funcs.setdefault(None, []).insert(0, trace)
    return recorder


@contextmanager
def recording(recorder: Recorder) -> Iterator[Recorder]:
    """Record only the statements of the requests made inside the block."""
    recorder.statements.clear()
    recorder.on = True
    try:
        yield recorder
    finally:
        recorder.on = False

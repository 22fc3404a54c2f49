"""`flask serve`: waitress in several processes sharing one listening socket, the worker beside.

The parent binds the listening sockets once (see `listen`) and starts DOUDI_SERVE_PROCESSES web
processes (`flask serve --socket-fd N`), each a waitress with DOUDI_SERVE_THREADS threads on an
inherited socket: the kernel gives each new connection to one of them, so pages run on every
core instead of under one interpreter lock. Any process may answer any request: nothing a page
relies on lives in one process's memory (sessions, sign-in and consent code limits, idempotency
keys and the outbox are in the database, SQLite in WAL mode across processes; the region cache
of webapp/flows/regions.py is read again after CACHE_FOR seconds, as with one process). The SMS
worker runs once, beside them. Ctrl-C or SIGTERM stops every child; a child that stops on its
own stops the others (a process manager then restarts the whole); a child whose parent is gone
(killed) stops itself.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

from webapp import worker

STOP_WAIT_SECONDS = 10  # a child still running this long after SIGTERM is killed
POLL_SECONDS = 0.5  # how often the parent checks its children (and a child its parent)
BACKLOG = 2048  # connections the kernel holds until a web process accepts them


class ChildStopped(RuntimeError):
    """A web process or the worker stopped while the server was running."""


def process_count(config) -> int:
    """DOUDI_SERVE_PROCESSES, or one per core this process may run on (2 if unknown) for 0."""
    wanted = int(config["SERVE_PROCESSES"])
    if wanted > 0:
        return wanted
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 2


def waitress_options(config) -> dict:
    """waitress for many slow phones: room for every phone's kept-alive connection (poll, not
    select, past 1024 sockets), idle ones closed soon so they do not hold the limit, and a few
    threads per process for the pages (SQLite and two cores: more threads only wait on each
    other). The connection limit is per process."""
    return {"threads": int(config["SERVE_THREADS"]),
            "connection_limit": int(config["SERVE_CONNECTION_LIMIT"]),
            "channel_timeout": int(config["SERVE_CHANNEL_TIMEOUT"]),
            "cleanup_interval": max(1, min(30, int(config["SERVE_CHANNEL_TIMEOUT"]) // 3)),
            "asyncore_use_poll": True,
            "backlog": BACKLOG}


def listen(host: str, port: int, processes: int) -> list[socket.socket]:
    """The listening sockets the web processes inherit, all bound here, once, by the parent.

    On Linux one socket per process, each with SO_REUSEPORT on the same address: the kernel
    spreads new connections evenly over them (by a hash of each connection's addresses). With
    one socket shared by all, whichever process wakes first takes the connection, and a burst of
    200 phones came to 119/81 or 141/59 between two; a phone keeps its connection, so the
    process with more phones answers them later. Elsewhere: one socket, shared."""
    if not (sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")):
        return [_inheritable(socket.create_server((host, port), backlog=BACKLOG))]
    with socket.create_server((host, port)) as probe:  # fails if anything listens there already
        address = probe.getsockname()[:2]  # and gives the port, when port is 0
    return [_inheritable(socket.create_server(address, backlog=BACKLOG, reuse_port=True))
            for _ in range(processes)]


def _inheritable(sock: socket.socket) -> socket.socket:
    sock.set_inheritable(True)
    return sock


def flask_command(app_import_path: str | None, *args: str) -> list[str]:
    """`flask [--app PATH] ARGS` with this interpreter (no --app: found as this one was)."""
    app = ["--app", app_import_path] if app_import_path else []
    return [sys.executable, "-m", "flask", *app, *args]


def run_parent(app_import_path: str | None, sockets: list[socket.socket], processes: int,
               worker: bool) -> None:
    """Start the web processes (and the worker), wait until a signal or a child stops, then stop
    every child. Raises ChildStopped when a child stopped first."""
    signal.signal(signal.SIGTERM, _exit_on_signal)
    children: list[subprocess.Popen] = []
    try:
        for n in range(processes):
            fd = sockets[n % len(sockets)].fileno()
            children.append(subprocess.Popen(
                flask_command(app_import_path, "serve", "--socket-fd", str(fd)), pass_fds=(fd,)))
        if worker:
            children.append(subprocess.Popen(flask_command(app_import_path, "serve",
                                                           "--worker-process")))
        _wait_for_any(children)
    finally:
        for sock in sockets:
            sock.close()
        stop(children)


def _wait_for_any(children: list[subprocess.Popen]) -> None:
    while True:
        for child in children:
            if child.poll() is not None:
                raise ChildStopped(f"process {child.pid} ({' '.join(child.args[3:])}) stopped "
                                   f"with exit code {child.returncode}; stopping the others")
        time.sleep(POLL_SECONDS)


def stop(children: list[subprocess.Popen]) -> None:
    """SIGTERM to every running child, then wait; kill one still running after the wait."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run_child(app, fd: int | None) -> None:
    """One child: a web process (waitress on the inherited socket fd) or, for None, the SMS
    worker; until SIGTERM, Ctrl-C, or its parent is gone (killed, so it could not stop it)."""
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    if fd is None:
        worker.run(app)  # stops on SIGTERM once the message it is sending is sent
    else:
        _run_web_process(app, fd)


def _run_web_process(app, fd: int) -> None:
    """waitress on the inherited socket; on SIGTERM its threads finish the requests they are on."""
    from waitress import serve  # only the web processes need the web server

    signal.signal(signal.SIGTERM, _exit_on_signal)
    serve(app, sockets=[socket.socket(fileno=fd)], **waitress_options(app.config))


def _exit_on_signal(_signum, _frame) -> None:
    raise SystemExit(0)


def _watch_parent(parent: int) -> None:
    """SIGTERM to this process once its parent is gone (it was killed, not stopped)."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)

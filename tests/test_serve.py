"""`flask serve` as the README starts it: web processes on one address, the worker, and no
process left once it stops (webapp/serving.py)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WAIT = 30  # seconds: a bound on start and stop on a busy machine, not a measured time

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")


def children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except FileNotFoundError:
        return set()


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(condition, what: str) -> None:
    stop = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < stop, what
        time.sleep(0.1)


@pytest.fixture
def server(tmp_path, template_database):
    """`flask --app wsgi serve --port 0` with two web processes, its port and its children."""
    shutil.copyfile(template_database, tmp_path / "doudi.db")
    env = {**os.environ, "DOUDI_DATABASE": str(tmp_path / "doudi.db"), "DOUDI_SECRET_KEY": "test",
           "DOUDI_SESSION_COOKIE_SECURE": "false", "DOUDI_SERVE_PROCESSES": "2",
           "DOUDI_PASSWORD_HASH_COST": "test"}
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", "0"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline()).group(1))
        wait_until(lambda: len(children(process.pid)) == 3, "two web processes and the worker")
        yield process, port, children(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()


def get(port: int, path: str = "/") -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=WAIT) as response:
        return response.status


def answers(port: int) -> bool:
    try:
        return get(port) == 200
    except OSError:
        return False


def test_serve_answers_from_its_web_processes_and_leaves_none_when_stopped(server):
    process, port, kids = server
    wait_until(lambda: answers(port), "the server answers")

    assert [get(port), get(port, "/signin")] == [200, 200]
    process.terminate()
    assert process.wait(timeout=WAIT) == 0
    wait_until(lambda: not any(running(kid) for kid in kids), "every child stopped")


def test_a_web_process_that_stops_stops_the_server(server):
    process, port, kids = server
    wait_until(lambda: answers(port), "the server answers")
    web = next(kid for kid in kids if b"--socket-fd" in Path(f"/proc/{kid}/cmdline").read_bytes())

    os.kill(web, signal.SIGKILL)

    assert process.wait(timeout=WAIT) != 0
    wait_until(lambda: not any(running(kid) for kid in kids), "every child stopped")

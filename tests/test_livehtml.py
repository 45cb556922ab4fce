"""`make livehtml` through a writer's mistake: the preview reports it, keeps watching, and shows the fix.

sphinx-autobuild runs in a copy of the sources (``tools.live`` serves the checkout it belongs to),
on a free port; the test edits a post as a writer does and reads what the server answers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from conftest import EDITED_POST, FIXED_DATES, copy_sources

# builds a copy of the site's sources, several times
pytestmark = pytest.mark.site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str, output: list[str], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} within {timeout:.0f} s; the preview printed:\n" + "".join(output[-60:]))


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_a_mistake_is_reported_and_the_fix_shows_without_a_restart(tmp_path):
    src = copy_sources(tmp_path / "src")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.live", "--port", str(port)],
        cwd=src,
        env={**os.environ, **FIXED_DATES},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    post_url = f"http://127.0.0.1:{port}/en/{EDITED_POST.removesuffix('.md')}.html"
    try:
        wait_for(lambda: "</html>" in page(post_url), "the preview did not serve the post", output)

        post = src / EDITED_POST
        original = post.read_text(encoding="utf-8")
        post.write_text(original + "\nSee {doc}`the hubs </no-such-page>`.\n", encoding="utf-8")
        wait_for(lambda: "Fix what is named above" in "".join(output), "the mistake was not reported", output)
        text = "".join(output)
        assert f"{EDITED_POST}:" in text and "unknown document: '/no-such-page'" in text, text[-3000:]
        assert "Traceback" not in text, text[-3000:]
        assert proc.poll() is None, "the preview stopped at the mistake"

        post.write_text(original + "\nA sentence written while the preview runs.\n", encoding="utf-8")
        wait_for(
            lambda: "A sentence written while the preview runs." in page(post_url),
            "the fixed post did not reach the preview",
            output,
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

"""`make serve` and `make livehtml`: a busy port is named with the way out; unknown addresses get the 404 page."""

from __future__ import annotations

import functools
import http.client
import http.server
import socket
import subprocess
import sys
import threading

import pytest

from conftest import ROOT
from tools import build as site_build

# no build
pytestmark = pytest.mark.fast


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize(("module", "target"), [("tools.build", "serve"), ("tools.live", "livehtml")])
def test_a_busy_port_is_named_with_how_to_choose_another(busy_port, module, target, tmp_path):
    args = ["--serve", "--outdir", str(tmp_path / "html")] if target == "serve" else []
    proc = subprocess.run(
        [sys.executable, "-m", module, *args, "--port", str(busy_port)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert f"Port {busy_port} is already in use" in proc.stderr, proc.stderr
    assert f"make {target} PORT={busy_port + 1}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "html").exists(), "the site was built before the port was checked"


def test_unknown_addresses_get_their_languages_404_page_and_nothing_outside_the_site(tmp_path):
    site = tmp_path / "site"
    for code in ("en", "es"):
        (site / code).mkdir(parents=True)
        (site / code / "404.html").write_text(f"not found in {code}", encoding="utf-8")
    (tmp_path / "404.html").write_text("outside the site", encoding="utf-8")
    handler = functools.partial(site_build._Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:

        def get(path):
            connection = http.client.HTTPConnection(*server.server_address)
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode()

        assert get("/es/no-such-page.html") == (404, "not found in es")
        assert get("/en/no-such-page.html") == (404, "not found in en")
        assert get("/../no-such-page.html") == (404, "not found in en")
        assert get("/nowhere?x=1") == (404, "not found in en")
    finally:
        server.shutdown()
        server.server_close()

"""Issue 16: `invoke links` against a local web server, never the internet:
an address that answers, one that is gone (404), one that moved (a
redirect), one that never answers (a timeout, with a short bound), and a
machine without a network, which is said to be one."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from conftest import copy_root
from shadowreport import linkcheck
from shadowreport.loader import load_report
from support.sources import with_sources

RELEASE = threading.Event()  # the slow page answers only when the test is over


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/slow":
            RELEASE.wait(60)  # longer than the client's bound: it gives up first
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/live")
            self.end_headers()
            return
        self.send_response(200 if self.path in ("/live", "/slow", "/archive") else 404)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(30)


def test_live_gone_moved_and_silent_addresses(server):
    addresses = [linkcheck.Address(f"{server}/live", ["a"]),
                 linkcheck.Address(f"{server}/gone", ["data/sources.csv, row 2, source x, column \"url\""], f"{server}/archive"),
                 linkcheck.Address(f"{server}/moved", ["b"]),
                 linkcheck.Address(f"{server}/slow", ["c"])]
    result = linkcheck.check(addresses, timeout=0.5, workers=2)
    answers = {address.url.rsplit("/", 1)[1]: answer for address, answer in result.checked}
    assert answers["live"] == linkcheck.Answer(True, "200 OK")
    assert answers["gone"] == linkcheck.Answer(False, "404 Not Found")
    assert answers["moved"] == linkcheck.Answer(True, "200 OK", moved=f"{server}/live")
    assert answers["slow"] == linkcheck.Answer(False, "timed out after 0.5 s")
    text, code = linkcheck.report_text(result)
    assert code == 1 and not result.no_network
    assert text.splitlines() == [
        "Checked 4 addresses: 2 answer, 2 do not.",
        f"  {server}/gone — 404 Not Found",
        '      given in data/sources.csv, row 2, source x, column "url"',
        f"      archived copy: {server}/archive",
        f"  {server}/slow — timed out after 0.5 s",
        "      given in c",
        "1 answer from another address (redirected; you may want to cite the new one):",
        f"  {server}/moved -> {server}/live",
    ]


def test_no_network_is_said_and_nothing_called_dead(monkeypatch):
    def no_resolver(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_resolver)
    result = linkcheck.check([linkcheck.Address("https://data.gov.kg/", ["a"]), linkcheck.Address("https://example.org/", ["b"])],
                             timeout=0.5)
    text, code = linkcheck.report_text(result)
    assert result.no_network and code == 2
    assert text.startswith("No network: none of the report's 2 addresses could be reached (its host name cannot be looked up")
    assert "no link is called dead" in text


def test_a_host_that_does_not_exist_is_dead_where_others_answer(server, monkeypatch):
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "no-such-host.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    result = linkcheck.check([linkcheck.Address(f"{server}/live", ["a"]), linkcheck.Address("https://no-such-host.example/", ["b"])],
                             timeout=0.5)
    assert not result.no_network
    assert [answer.what for _, answer in result.dead] == ["its host name cannot be looked up"]


def test_every_address_of_the_report_is_collected(tmp_path):
    report = load_report(with_sources(copy_root("english-default", tmp_path)))
    found = {address.url: address for address in linkcheck.addresses(report)}
    assert found["https://rulings.example.org/"].places == ['data/sources.csv, row 2, source court-portal, column "url"']
    assert found["https://rulings.example.org/"].archived == "https://web.archive.org/web/2023/https://rulings.example.org/"
    assert found["https://web.archive.org/web/2023/https://rulings.example.org/"].places == [
        'data/sources.csv, row 2, source court-portal, column "archived"']
    assert found["https://example.org/protocol"].places == ['data/milestones.csv, row 2, column "evidence"']
    assert found["https://example.org/rulings"].places == ["content/commitments/j1.md, line 20"]

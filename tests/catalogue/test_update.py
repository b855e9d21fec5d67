"""`msv catalogue update` against a real HTTP server on loopback: a good update is verified,
stored in the user cache and used from then on (by `msv --version`, reports and the rules);
a bad hash, an older version, a truncated file, a plain-HTTP host and no network all leave
the catalogue in use untouched with a one-line message and exit 2 — never a hang."""

from __future__ import annotations

import copy
import hashlib
import json
import socket
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hangguard import hang_guard
from validator.catalogue import index, load, update
from validator.cli import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "probe"))
from fakems import LoopbackServer  # noqa: E402


class Publisher(LoopbackServer):
    """Serves /catalogue.json and /catalogue.json.sha256 from a dict of path -> (status, bytes)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                outer.hits.append(self.path)
                status, body, headers = outer.files.get(self.path, (404, b"not found", {}))
                self.send_response(status)
                self.send_header("Content-Length", headers.get("Content-Length", str(len(body))))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

        super().__init__(Handler)

    def publish(self, data: dict[str, Any] | bytes, *, digest: str | None = None, declared: int | None = None) -> str:
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        digest = digest or hashlib.sha256(body).hexdigest()
        headers = {"Content-Length": str(declared)} if declared is not None else {}
        self.files["/catalogue.json"] = (200, body, headers)
        self.files["/catalogue.json.sha256"] = (200, f"{digest}  catalogue.json\n".encode(), {})
        return self.url("/catalogue.json")


@pytest.fixture
def publisher():
    p = Publisher()
    yield p
    p.close()


def newer(version: str = "2099.1.1", model: str = "qwen9.9-hyper") -> dict[str, Any]:
    data = copy.deepcopy(index._bundled().data)
    data["meta"]["version"] = version
    data["meta"]["as_of"] = "2099-01-02"
    proto = next(m for m in data["models"] if m["name"] == "qwen-plus")
    data["models"].append({**proto, "name": model, "alias_of": None, "same_as": None})
    return data


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_a_verified_newer_catalogue_is_stored_and_used_from_then_on(publisher, private_cache, tmp_path) -> None:
    url = publisher.publish(newer())
    r = run("catalogue", "update", "--url", url)
    assert r.exit_code == 0, r.output
    assert "updated: catalogue 2099.1.1 (as of 2099-01-02)" in r.output and "verified" in r.output
    stored = private_cache / "catalogue" / "catalogue.json"
    assert stored.exists() and oct(stored.stat().st_mode & 0o777) == "0o600"

    cat = load()
    assert cat.version == "2099.1.1" and cat.origin.startswith("downloaded")
    assert cat.model("qwen9.9-hyper") is not None
    v = run("--version")
    assert "catalogue 2099.1.1 (as of 2099-01-02, downloaded" in v.output

    proj = tmp_path / "p"
    proj.mkdir()
    (proj / ".env").write_text("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                               "OPENAI_MODEL=qwen9.9-hyper\n", encoding="utf-8")
    text = run("check", "--isolated", "--select", "MS3", str(proj))
    assert text.exit_code == 0 and "Catalogue 2099.1.1 (as of 2099-01-02, downloaded)" in text.output
    doc = json.loads(run("check", "--isolated", "--format", "json", str(proj)).output)
    assert doc["catalogue"] == {"version": "2099.1.1", "as_of": "2099-01-02"}

    # the same version again: nothing to do
    again = run("catalogue", "update", "--url", url)
    assert again.exit_code == 0 and "up to date" in again.output

    # --remove: the bundled catalogue again
    gone = run("catalogue", "update", "--remove")
    assert gone.exit_code == 0 and "bundled" in gone.output and load().origin == "bundled"


@pytest.mark.parametrize(("case", "message"), [
    ("bad-hash", "does not match its published SHA-256"),
    ("older", "is not newer"),
    ("truncated", "cut short"),
    ("truncated-hash-ok", "not valid JSON"),
    ("wrong-shape", "section 'hosts' is missing"),
    ("plain-http-host", "allows plain HTTP"),
    ("no-hash", "answered HTTP 404"),
])
def test_a_bad_download_is_refused_and_the_catalogue_in_use_stays(publisher, private_cache, case, message) -> None:
    good = newer()
    if case == "bad-hash":
        url = publisher.publish(good, digest="0" * 64)
    elif case == "older":
        url = publisher.publish(newer(version="2020.1.1"))
    elif case == "truncated":
        body = json.dumps(good).encode()
        url = publisher.publish(body[: len(body) // 2], declared=len(body))
    elif case == "truncated-hash-ok":
        url = publisher.publish(json.dumps(good).encode()[:5000])
    elif case == "wrong-shape":
        del good["hosts"]
        url = publisher.publish(good)
    elif case == "plain-http-host":
        good["hosts"][0] = {**good["hosts"][0], "allow_http": True}
        url = publisher.publish(good)
    else:
        url = publisher.publish(good)
        del publisher.files["/catalogue.json.sha256"]
    r = run("catalogue", "update", "--url", url)
    if case == "older":
        assert r.exit_code == 0 and message in r.output     # not an error: the one in use is newer
    else:
        assert r.exit_code == 2, r.output
        assert message in r.output and "still using catalogue" in r.output
    assert not (private_cache / "catalogue" / "catalogue.json").exists()
    assert load().origin == "bundled"


def test_no_network_is_a_clear_message_not_a_hang(private_cache) -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()                                           # nothing listens there: connection refused
    with hang_guard("catalogue update with nothing listening"):
        r = run("catalogue", "update", "--url", f"http://127.0.0.1:{port}/catalogue.json")
    assert r.exit_code == 2 and "cannot reach" in r.output and "no network?" in r.output


def test_offline_never_opens_a_socket(private_cache, monkeypatch) -> None:
    def boom(*a: Any, **k: Any) -> None:
        raise AssertionError("offline opened a socket")

    monkeypatch.setattr(socket.socket, "connect", boom)
    for args, env in ((("--offline",), None), ((), {"MSV_OFFLINE": "1"})):
        r = run("catalogue", "update", *args, env=env)
        assert r.exit_code == 2 and "offline" in r.output and "still using catalogue" in r.output


def test_only_https_or_loopback_urls_are_accepted(private_cache) -> None:
    r = run("catalogue", "update", "--url", "http://example.com/catalogue.json")
    assert r.exit_code == 2 and "must be https://" in r.output


def test_a_damaged_stored_copy_falls_back_to_the_bundled_catalogue(publisher, private_cache) -> None:
    assert run("catalogue", "update", "--url", publisher.publish(newer())).exit_code == 0
    stored = private_cache / "catalogue" / "catalogue.json"
    stored.write_bytes(stored.read_bytes()[:-10])        # no longer matches its recorded hash
    assert load().origin == "bundled" and load().version == index._bundled().version


def test_the_default_url_is_documented(private_cache) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert update.DEFAULT_URL in readme and "msv catalogue update" in readme


def test_field_sources_may_cite_only_fields_the_entry_has(tmp_path) -> None:
    from validator.catalogue import CatalogueError

    ext = tmp_path / "ext.yaml"
    ext.write_text("models:\n  - name: my-model\n    family: qwen-plus\n    scopes: [mainland]\n"
                   "    protocols: [openai]\n    plans: [payg]\n    source: inferred\n    confidence: inferred\n"
                   "    field_sources:\n      scopse: {source: inferred, confidence: inferred}\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load([str(ext)])
    assert "scopse" in str(err.value) and "ext.yaml" in str(err.value)
    ext.write_text(ext.read_text(encoding="utf-8").replace("scopse", "scopes"), encoding="utf-8")
    assert load([str(ext)]).model("my-model").cited_for("scopes").confidence == "inferred"

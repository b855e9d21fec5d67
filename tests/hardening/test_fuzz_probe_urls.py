"""Fuzzing the probe's destination check against the HTTP client's own URL parser.

The probe decides where a key may go with ``urllib.parse`` and the catalogue's resolver; httpx
then connects to whatever *its* parser reads in the same string. Any string where the two
disagree (``https://evil.com\\@dashscope.aliyuncs.com``, a tab in the host, ``#@``, ``%2e``…) is
an SSRF-style hole: the check approves one host, the key goes to another. For hostile base URLs,
every request the planner does not refuse must, as httpx parses it, be HTTPS, carry no
credentials, and go to the very host the check approved — a host the catalogue names.
"""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from hangguard import hang_guard
from hardkit import fuzz, mutated, tick

HOSTS = ["dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com", "ws-abc123.cn-beijing.maas.aliyuncs.com",
         "coding.dashscope.aliyuncs.com", "evil.example", "127.0.0.1", "[::1]", "dashscope.aliyuncs.com.evil.example"]
TRICKS = ["", "@", "\\@", "#@", "?@", "%40", "%2e", ".", "..", ":443", ":443@", ":@", "\t", "\n", " ", "\\",
          "/", "//", ";", "%00", "\u3002", "\uff0e", "ａ", "\u200b", "DASHSCOPE", "xn--", "[", "]", "user:pw@", "*"]
PATHS = ["/compatible-mode/v1", "/apps/anthropic", "/api/v1", "", "/", "/v1", "/compatible-mode/v1/chat/completions"]


@st.composite
def hostile_base_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https://", "http://", "HTTPS://", "https:/", "https:\\\\", "//", ""]))
    parts = [draw(st.sampled_from(HOSTS)) if draw(st.booleans()) else "",
             draw(st.sampled_from(TRICKS)), draw(st.sampled_from(HOSTS)), draw(st.sampled_from(TRICKS))]
    url = scheme + "".join(parts) + draw(st.sampled_from(PATHS))
    if draw(st.integers(0, 3)) == 0:
        url = draw(mutated(url, 2))
    return url


@functools.cache
def _catalogue():
    from validator.catalogue import load

    return load()


def _requests(url: str) -> list:
    from validator.probe.plan import key_request, model_request

    cat = _catalogue()
    out = []
    for protocol in (None, "openai", "anthropic", "dashscope"):
        out.append(key_request(cat, url, protocol))
        m = model_request(cat, url, protocol, "qwen-plus")
        if m is not None:
            out.append(m)
    return out


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return host.lower()


@fuzz(2)
@given(url=hostile_base_urls())
def test_what_the_check_approves_is_where_httpx_connects(url: str) -> None:
    import httpx

    from validator.probe.safety import refusal

    tick("probe/urls")
    cat = _catalogue()
    with hang_guard("planning requests"):
        requests = _requests(url)
    for req in requests:
        if req.refused:
            continue
        assert refusal(req.url, cat) is None
        try:
            parsed = httpx.URL(req.url)
        except (httpx.InvalidURL, ValueError):
            continue                      # httpx will refuse to send it: no key leaves
        from urllib.parse import urlsplit

        approved = (urlsplit(req.url.strip()).hostname or "").lower()
        connects = parsed.raw_host.decode("ascii", "replace").lower()   # what httpx resolves and dials
        assert parsed.scheme == "https", (url, req.url)
        assert parsed.userinfo in (b"", b":"), (url, req.url)   # no credentials of its own
        assert connects == _idna(approved), f"check approved {approved!r}, httpx connects to {connects!r} " \
                                            f"(base URL {url!r})"
        res = cat.resolve(f"https://{connects}/")
        assert res.known, f"httpx would send the key to {connects!r}, not a catalogue host (base URL {url!r})"


def test_known_tricks_are_refused_or_harmless() -> None:
    """The classic parser-confusion shapes, checked every run (not only when the fuzzer draws them)."""
    from validator.catalogue import load

    for url in ("https://evil.example:443#@dashscope.aliyuncs.com", "https://[2001:db8::1]#@dashscope.aliyuncs.com"):
        assert not load().resolve(url).known, url     # the static check must not call it Model Studio either
    for url in ["https://evil.example\\@dashscope.aliyuncs.com/compatible-mode/v1",
                "https://evil.example#@dashscope.aliyuncs.com/compatible-mode/v1",
                "https://evil.example?@dashscope.aliyuncs.com/compatible-mode/v1",
                "https://dashscope.aliyuncs.com@evil.example/compatible-mode/v1",
                "https://dashscope.aliyuncs.com:443@evil.example/compatible-mode/v1",
                "https://dashscope.aliyuncs.com%40evil.example/compatible-mode/v1",
                "https://dashscope.aliyuncs.com.evil.example/compatible-mode/v1",
                "https://dashscope.aliyuncs.com\t.evil.example/compatible-mode/v1",
                "https://dashscope.aliyuncs.com\n@evil.example/compatible-mode/v1",
                "https:\\\\evil.example\\dashscope.aliyuncs.com/compatible-mode/v1",
                "https://dashscope。aliyuncs。com/compatible-mode/v1",
                "https://xn--dashscope-.aliyuncs.com/compatible-mode/v1",
                # found by this fuzzer: the resolver's password scrub read "#@host" as userinfo, so the
                # catalogue approved a URL whose real host (for urllib and httpx) was the first one
                "https://[2001:db8::1]#@dashscope.aliyuncs.com",
                "https://evil.example:443#@dashscope.aliyuncs.com",
                "https://evil.example:443?@dashscope.aliyuncs.com"]:
        test_what_the_check_approves_is_where_httpx_connects.hypothesis.inner_test(url)  # type: ignore[attr-defined]

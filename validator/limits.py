"""Every limit msv puts on hostile input, listed in one place.

A validator runs on untrusted trees (a pull request from a fork) and pasted text; each of these
bounds keeps one kind of input from costing unbounded time or memory. Most limits live next to
the code that enforces them (a parser's depth, the walk's size test); this module *lists* them
all with where they live and why — ``tests/hardening/test_limits.py`` checks each entry against
the code, so the list cannot drift — and holds the limits that have no better home.

Nothing here is imported on the hot path except the constants readers use.
"""

from __future__ import annotations

from validator.record import record

# Python sources larger than this are not parsed with ``ast`` (the literal scan still reads them
# for URLs and keys). CPython's AST costs up to ~500 bytes of memory per byte of dense source
# (``x = [1,1,1,…]``): a 2 MiB file built to exhaust memory took ~1 GiB; real code is ~90 bytes
# per byte, and hand-written modules over 512 KiB are rare (generated code is not where SDK
# clients are configured).
PYTHON_AST_MAX_BYTES = 512 * 1024

# Seconds one file's reading (its reader and the loose-literal scan) may take before it is
# abandoned with a file-too-slow info finding. Every finder is linear, so this is only a last
# bound against a stall (a slow runner, a case we missed); see ``validator.sources.deadline``.
FILE_SECONDS = 5.0


@record(frozen=True)
class Limit:
    name: str
    value: float
    where: str        # "module:attribute", "module:function(parameter)" or "module:command --option"
    setting: str      # how a user changes it ("" when fixed)
    why: str


LIMITS: tuple[Limit, ...] = (
    Limit("file size", 2 * 1024 * 1024, "validator.selection:Options.max_file_size",
          "--max-file-size, max-file-size in settings",
          "larger files are not read at all: a file-too-large info finding"),
    Limit("YAML nodes (aliases expanded)", 100_000, "validator.parsing.yaml:parse_yaml(max_nodes)", "",
          "alias bombs (billion laughs, merge-key doubling) are a parse-error after this many nodes"),
    Limit("YAML nesting", 100, "validator.parsing.yaml:parse_yaml(max_depth)", "",
          "composed without recursion; deeper is a parse-error"),
    Limit("JSON/JSONC nesting", 200, "validator.parsing.jsonc:parse_json(max_depth)", "",
          "deeper is a parse-error"),
    Limit("TOML nesting", 100, "validator.parsing.toml:parse_toml(max_depth)", "",
          "deeper is a parse-error"),
    Limit("Python source analysed", PYTHON_AST_MAX_BYTES, "validator.limits:PYTHON_AST_MAX_BYTES", "",
          "larger sources are scanned for loose URLs and keys only: a file-too-large info finding"),
    Limit("tokens read per Java/Kotlin/Go/C#/PHP/Rust file", 100_000, "validator.sources.clex:MAX_TOKENS", "",
          "a generated or vendored source file this long is not where an SDK client is configured; the rest "
          "of it still gets the loose-literal scan (an info file-too-large says so)"),
    Limit("binary test window", 8192, "validator.sources.walk:NUL_WINDOW", "",
          "a NUL byte in the first 8 KiB makes a file binary: unreadable-file"),
    Limit("time per file (s)", FILE_SECONDS, "validator.limits:FILE_SECONDS", "",
          "a file whose reading takes longer is skipped: a file-too-slow info finding"),
    Limit("pasted error text", 64 * 1024, "validator.cli.diagnose:MAX_ERROR_TEXT", "",
          "msv diagnose --error reads at most this much"),
    Limit("error text parsed", 64 * 1024, "validator.probe.body:MAX_TEXT", "",
          "longer pasted errors and server bodies are cut before parsing"),
    Limit("probe answer body", 64 * 1024, "validator.probe.transport:MAX_BODY", "",
          "a probe reads at most this much of an answer"),
    Limit("probe request timeout (s)", 5.0, "validator.cli.probe:probe --timeout", "--timeout",
          "per request; no retries"),
    Limit("probe run timeout (s)", 30.0, "validator.cli.probe:probe --total-timeout", "--total-timeout",
          "for the whole probe run, whatever the number of hosts"),
)

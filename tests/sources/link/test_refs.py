"""Every reference syntax of config-formats.md §0.2, parsed by the shared helper."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from validator.model import Location, Origin, Secret
from validator.sources.refs import expand, find_references, parse_reference, reference_value, value_or_reference
from validator.sources import refs


@pytest.mark.parametrize("text, name, syntax, default", [
    ("${DASHSCOPE_API_KEY}", "DASHSCOPE_API_KEY", "${VAR}", None),
    ("${DASHSCOPE_API_KEY:-}", "DASHSCOPE_API_KEY", "${VAR:-default}", ""),
    ("${BASE:-https://dashscope.aliyuncs.com}", "BASE", "${VAR:-default}", "https://dashscope.aliyuncs.com"),
    ("${BASE-x}", "BASE", "${VAR:-default}", "x"),
    ("${KEY:?set the key}", "KEY", "${VAR:?error}", None),
    ("${AI_DASHSCOPE_API_KEY:sk-none}", "AI_DASHSCOPE_API_KEY", "${VAR:default}", "sk-none"),   # Spring
    ("$DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY", "$VAR", None),
    ('"$DASHSCOPE_API_KEY"', "DASHSCOPE_API_KEY", "$VAR", None),
    ("{env:DASHSCOPE_API_KEY}", "DASHSCOPE_API_KEY", "{env:X}", None),                         # OpenCode
    ("os.environ/DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY", "os.environ/VAR", None),             # LiteLLM
    ("env:DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY", "env:VAR", None),
    ("${env:DASHSCOPE_API_KEY}", "DASHSCOPE_API_KEY", "${env:VAR}", None),
    ("$env:DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY", "$env:VAR", None),                          # PowerShell
    ("%DASHSCOPE_API_KEY%", "DASHSCOPE_API_KEY", "%VAR%", None),                                # cmd.exe
    ('os.getenv("DASHSCOPE_API_KEY")', "DASHSCOPE_API_KEY", "os.getenv()", None),
    ("os.getenv('X', 'fallback')", "X", "os.getenv()", "fallback"),
    ('os.environ.get("X", "d")', "X", "os.getenv()", "d"),
    ('os.environ["X"]', "X", "os.environ[]", None),
    ("process.env.DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY", "process.env.VAR", None),
    ('process.env["QWEN_BASE_URL"] || "https://dashscope.aliyuncs.com/compatible-mode/v1"', "QWEN_BASE_URL",
     "process.env.VAR", "https://dashscope.aliyuncs.com/compatible-mode/v1"),
    ("import.meta.env.VITE_QWEN_API_KEY", "VITE_QWEN_API_KEY", "process.env.VAR", None),
    ('System.getenv("DASHSCOPE_API_KEY")', "DASHSCOPE_API_KEY", "getenv()", None),
    ('os.Getenv("DASHSCOPE_API_KEY")', "DASHSCOPE_API_KEY", "getenv()", None),
])
def test_environment_references(text: str, name: str, syntax: str, default: str | None) -> None:
    ref = parse_reference(text)
    assert ref is not None, text
    assert (ref.name, ref.syntax, ref.default, ref.namespace) == (name, syntax, default, "env")
    assert ref.variable == name


def test_actions_contexts_keep_their_namespace() -> None:
    secret = parse_reference("${{ secrets.DASHSCOPE_API_KEY }}")
    assert (secret.namespace, secret.variable) == ("secrets", "secrets.DASHSCOPE_API_KEY")
    assert parse_reference("${{vars.LLM_MODEL}}").variable == "vars.LLM_MODEL"
    assert parse_reference("${{ env.X }}").namespace == "env-context"
    assert parse_reference("{file:~/.secrets/key}").namespace == "file"


@pytest.mark.parametrize("text", ["https://${HOST}/v1", "sk-abc", "plain", "", "$", "${}", "${1X}", "os.environ/",
                                  "process.env.", "{env:}", "$$X"])
def test_not_a_whole_reference(text: str) -> None:
    assert parse_reference(text) is None


def test_embedded_references_and_expansion() -> None:
    text = "https://${WS_ID}.${REGION:-cn-beijing}.maas.aliyuncs.com/${{ vars.PATH }}/{env:V}"
    refs = find_references(text)
    assert [(r.name, r.namespace) for r in refs] == [("WS_ID", "env"), ("REGION", "env"), ("PATH", "vars"),
                                                     ("V", "env")]
    out, missing = expand(text, {"WS_ID": "ws-1"}.get)
    assert out.startswith("https://ws-1.cn-beijing.maas.aliyuncs.com/")
    assert [r.name for r in missing] == ["PATH", "V"]
    assert expand("a $B c", {"B": "x"}.get, bare=True)[0] == "a x c"
    assert expand("a $B c", {"B": "x"}.get)[0] == "a $B c"


def test_reference_value_and_secrets() -> None:
    loc = Location("f.yaml", 3, 7)
    v = reference_value(parse_reference("${K:-sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0}"), loc, "${K:-…}")
    assert v.value is None and v.origin is Origin.VARIABLE and v.variable == "K"
    assert v.fallback.value == "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    sv = value_or_reference("${K:-sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0}", loc, "raw", secret=True)
    assert isinstance(sv.fallback.value, Secret)
    lit = value_or_reference("sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0", loc, "raw", secret=True, variable="K")
    assert isinstance(lit.value, Secret) and lit.origin is Origin.LITERAL and lit.variable == "K"
    gh = reference_value(parse_reference("${{ secrets.K }}"), loc, "raw")
    assert gh.variable == "secrets.K" and "not visible" in gh.via


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("${}:-?+=/._ envAZaz09\"'`%()[]|&\n")), max_size=60))
def test_never_raises(text: str) -> None:
    parse_reference(text)
    find_references(text, bare=True)
    expand(text, {}.get, bare=True)


# --------------------------------------------------------------------------- prefix guards


def _unguarded(text: str) -> Ref | None:
    """The parser before each syntax was guarded by its literal prefix (every pattern tried in turn)."""
    if not isinstance(text, str):
        return None
    s = text.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        s = s[1:-1].strip()
    if not s or len(s) > 300:
        return None
    end = len(s)
    m = refs._BRACED.fullmatch(s)
    if m:
        r = refs._braced(m)
        return refs.Ref(r.name, r.syntax, r.namespace, r.default, r.required, 0, end)
    m = refs._ACTIONS.fullmatch(s)
    if m:
        ns = m.group("ns")
        return refs.Ref(m.group("name"), "${{ %s.X }}" % ns, "env-context" if ns == "env" else ns, start=0, end=end)
    m = refs._OPENCODE.fullmatch(s)
    if m:
        return refs.Ref(m.group("name"), "{%s:X}" % m.group("ns"), m.group("ns"), start=0, end=end)
    if s.startswith("$") and not s.startswith("${"):
        m = refs._PS_ENV.fullmatch(s)
        if m:
            return refs.Ref(m.group("name"), "$env:VAR", start=0, end=end)
        m = refs._BARE.fullmatch(s)
        if m:
            return refs.Ref(m.group("name"), "$VAR", start=0, end=end)
    m = refs._CMD_ENV.fullmatch(s)
    if m:
        return refs.Ref(m.group("name"), "%VAR%", start=0, end=end)
    m = refs._LITELLM.match(s)
    if m:
        return refs.Ref(m.group("name"), "os.environ/VAR", start=0, end=end)
    m = refs._ENV_PREFIX.match(s)
    if m:
        return refs.Ref(m.group("name"), "env:VAR", start=0, end=end)
    m = refs._PY_GETENV.match(s)
    if m:
        return refs.Ref(refs._pick(m, "n") or "", "os.getenv()", default=refs._pick(m, "v"), start=0, end=end)
    m = refs._PY_ENVIRON.match(s)
    if m:
        return refs.Ref(refs._pick(m, "n") or "", "os.environ[]", start=0, end=end)
    m = refs._JS_ENV.match(s)
    if m:
        name = m.group("dot") or refs._pick(m, "n") or refs._pick(m, "c") or ""
        return refs.Ref(name, "process.env.VAR", default=refs._pick(m, "v"), start=0, end=end)
    m = refs._OTHER_GETENV.match(s)
    if m:
        return refs.Ref(m.group("name"), "getenv()", start=0, end=end)
    return None



_PARTS = ["${", "${{", "}", "}}", "$", "$env:", "{env:", "{file:", "%", "os.environ/", "os.getenv(", "os.environ.get(",
          "os.environ[", "]", ")", "env:", "env::var(", "process.env.", "process.env[", "import.meta.env.",
          "Deno.env.get(", "System.getenv(", "os.Getenv(", "std::env::var(", "secrets.", "vars.", " ", ",", ":-",
          "'", '"', "X", "DASHSCOPE_API_KEY", "a-b", "||", "??"]


_FORMS = ["${%s}", "${%s:-d}", "${env:%s}", "${{ secrets.%s }}", "${{ env.%s }}", "$%s", "$env:%s", "{env:%s}",
          "{file:%s}", "%%%s%%", "os.environ/%s", "env:%s", "os.getenv('%s')", 'os.getenv("%s", "d")',
          "os.environ.get('%s')", "os.environ['%s']", "process.env.%s", "process.env['%s'] || 'd'",
          "import.meta.env.%s", 'Deno.env.get("%s")', 'System.getenv("%s")', 'os.Getenv("%s")',
          'std::env::var("%s")', 'env::var("%s")']
_WELL_FORMED = st.builds(lambda form, name, pad, quote: quote + pad + form % name + pad + quote, st.sampled_from(_FORMS),
                         st.sampled_from(["X", "DASHSCOPE_API_KEY", "a-b", "_1", "1A", ""]), st.sampled_from(["", " "]),
                         st.sampled_from(["", "'", '"']))


@settings(max_examples=2000, deadline=None)
@given(_WELL_FORMED | st.lists(st.sampled_from(_PARTS), min_size=1, max_size=7).map("".join))
def test_prefix_guards_change_no_answer(text: str) -> None:
    """``parse_reference`` tries only the syntaxes a value's first characters allow: the same
    answers as trying every pattern in turn."""
    assert refs.parse_reference(text) == _unguarded(text)


def _every_pattern(text: str, bare: bool) -> list[tuple[str, int, int]]:
    """What ``find_references`` finds with every syntax's pattern run on every text (as before
    the literal pre-tests): the same overlap resolution, left to right."""
    found = [(m.group("name"), m.start(), m.end()) for m in refs._ACTIONS.finditer(text)]
    found += [(r.name, r.start, r.end) for r in refs._braced_refs(text)]
    found += [(m.group("name"), m.start(), m.end()) for m in refs._OPENCODE.finditer(text)
              if not (m.start() > 0 and text[m.start() - 1] == "$")]
    if bare:
        found += [(m.group("name"), m.start(), m.end()) for m in refs._BARE.finditer(text)]
    found.sort(key=lambda r: (r[1], -r[2]))
    out, last = [], -1
    for name, start, end in found:
        if start >= last:
            out.append((name, start, end))
            last = end
    return out


@settings(max_examples=400, deadline=None)
@example(["${{", "secrets.A_B", "}}"], False)   # one example per pre-test
@example(["x", "${", "A_B", "}"], False)
@example(["{env:", "x", "}"], False)
@example(["{file:", "x", "}"], False)
@example(["x", "$", "A_B"], True)
@given(st.lists(st.sampled_from(["${{", " secrets.", "env.", "}}", "${", "}", "{env:", "{file:", "$", "\\$",
                                 "A_B", "x", " ", ":-", "{", "env:", "file:"]), max_size=14), st.booleans())
def test_literal_pretests_find_what_every_pattern_finds(parts: list[str], bare: bool) -> None:
    text = "".join(parts)
    got = [(r.name, r.start, r.end) for r in find_references(text, bare=bare)]
    assert got == _every_pattern(text, bare)

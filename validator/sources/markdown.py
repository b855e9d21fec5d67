"""Configuration examples in Markdown code fences (README, docs), checked with the fence's format.

A fence is read as the file it shows (:mod:`.embedded`): the name comes from the fence itself
(```` ```json title=".claude/settings.json" ````, ```` ```toml:~/.codex/config.toml ````), from a
first-line comment (``# ~/.qwen/.env``), from a file name in the two lines of prose above it
("Edit `~/.claude/settings.json`:"), or else from the language and content (a JSON object with
``env.ANTHROPIC_BASE_URL`` is Claude Code settings; ``bash`` is a shell snippet; ``dotenv`` a
``.env``). Languages: ``json``/``jsonc``/``json5``, ``yaml``/``yml``, ``toml``, ``bash``/``sh``/
``shell``/``zsh``, ``powershell``/``ps1``, ``bat``/``cmd``, ``fish``, ``dotenv``/``env``/``ini``,
``python``/``py``, ``javascript``/``js``/``typescript``/``ts`` (and ``jsx``/``tsx``/``mjs``),
``java``, ``kotlin``, ``go``, ``csharp``, ``php``, ``rust`` and ``http`` (SDK clients and raw HTTP
requests, :mod:`.langcode` and :mod:`.commands`; curl in shell fences through the shell reader).

Positions are the Markdown file's own. Findings in documentation are capped at *warning*; the
snippet's variables are ``template`` bindings no client loads; parse errors in fragments are
dropped (see :mod:`.embedded`). Loose URLs outside fences are still the literal scanner's.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy

from .base import Document, ReadResult, suffix_of
from .markers import has_marker

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path, PurePosixPath

_FENCE = lazy(r"(?m)^(?P<indent>[ \t]{0,3})(?P<mark>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n")
_NAMED = lazy(r"(?:title|file|filename|name)=[\"']?(?P<name>[^\"'\s]+)|^[\w+-]+:(?P<colon>\S+)")
_PATHISH = lazy(r"(?:~|\$HOME|%USERPROFILE%)?[\w./\\-]*?(?:\.env(?:\.[\w-]+)?|[\w-]+\.(?:jsonc?|json5|toml|ya?ml|sh|properties))\b"
                r"|(?<![\w.])\.env\b")

_BY_LANG = {
    "bash": "snippet.sh", "sh": "snippet.sh", "shell": "snippet.sh", "zsh": "snippet.sh", "console": None,
    "powershell": "snippet.ps1", "ps1": "snippet.ps1", "pwsh": "snippet.ps1", "bat": "snippet.bat",
    "cmd": "snippet.cmd", "batch": "snippet.bat", "fish": "snippet.fish",
    "dotenv": ".env", "env": ".env", "ini": ".env",
    "python": "snippet.py", "py": "snippet.py", "python3": "snippet.py",
    "javascript": "snippet.js", "js": "snippet.js", "mjs": "snippet.mjs", "jsx": "snippet.jsx",
    "typescript": "snippet.ts", "ts": "snippet.ts", "tsx": "snippet.tsx",
    "toml": "config.toml",
    # the other languages the Model Studio docs show, and HTTP request files (issue 13)
    "java": "Snippet.java", "kotlin": "Snippet.kt", "kt": "Snippet.kt", "go": "snippet.go", "golang": "snippet.go",
    "csharp": "Snippet.cs", "cs": "Snippet.cs", "c#": "Snippet.cs", "php": "snippet.php", "rust": "snippet.rs",
    "rs": "snippet.rs", "http": "snippet.http", "rest": "snippet.http", "curl": "snippet.sh",
}
_JSON = ("json", "jsonc", "json5")
_YAML = ("yaml", "yml")


def _json_name(body: str) -> str | None:
    """The tool a JSON example is for, from the keys it uses."""
    if '"env"' in body and "ANTHROPIC_" in body:
        return ".claude/settings.json"
    if '"modelProviders"' in body or '"selectedAuthType"' in body or '"security"' in body and '"auth"' in body:
        return ".qwen/settings.json"
    if '"Providers"' in body and '"api_base_url"' in body:
        return ".claude-code-router/config.json"
    if '"provider"' in body and ('"npm"' in body or '"@ai-sdk' in body or '"opencode' in body):
        return "opencode.json"
    if '"providers"' in body and '"base_url"' in body:
        return "crush.json"
    if '"providerProfiles"' in body or '"apiConfigs"' in body:
        return "roo-code-settings.json"
    if '"openAiBaseUrl"' in body:
        return ".cline/data/globalState.json"
    if '"model_type"' in body and '"config_name"' in body:
        return "model_configs.json"
    if body.lstrip().startswith("[") and '"model"' in body and ('"base_url"' in body or '"api_key"' in body):
        return "OAI_CONFIG_LIST"
    return None


def _yaml_name(body: str) -> str | None:
    if re.search(r"(?m)^services:", body):
        return "docker-compose.yml"
    if re.search(r"(?m)^jobs:", body) or re.search(r"(?m)^on:", body):
        return ".github/workflows/snippet.yml"
    if re.search(r"(?m)^\s*model_list:", body):
        return "litellm_config.yaml"
    if re.search(r"(?m)^spring:", body):
        return "application.yml"
    if re.search(r"(?m)^models:", body) and "provider:" in body:
        return ".continue/config.yaml"
    if re.search(r"(?m)^targets:", body) or re.search(r"(?m)^key:", body):
        return "modelstudio.yaml"
    return "litellm_config.yaml" if "api_base" in body else None


def _named(info: str, body: str, before: str) -> str | None:
    m = _NAMED.search(info)
    if m:
        return m.group("name") or m.group("colon")
    first = body.split("\n", 1)[0].strip()
    if first.startswith(("#", "//")):
        hit = _PATHISH.search(first)
        if hit:
            return hit.group(0)
    for line in before.split("\n")[-3:][::-1]:
        hits = _PATHISH.findall(line)
        if hits:
            return hits[-1]
    return None


_SUFFIXES = {**{k: (".json", ".jsonc", ".json5", "OAI_CONFIG_LIST") for k in _JSON},
             **{k: (".yml", ".yaml") for k in _YAML}, "toml": (".toml",)}


def _fits(lang: str, name: str) -> bool:
    """A file name agrees with the fence language (a ``bash`` fence may show a ``.env``)."""
    low = name.lower()
    if lang in _SUFFIXES:
        return low.endswith(tuple(x.lower() for x in _SUFFIXES[lang]))
    if lang in ("dotenv", "env", "ini"):
        return ".env" in low
    if lang in ("bash", "sh", "shell", "zsh"):
        return low.endswith((".sh", ".bash", ".zsh")) or ".env" in low
    return False


def _virtual(name: str) -> PurePosixPath:
    from pathlib import PurePosixPath

    name = name.replace("\\", "/")
    for home in ("~/", "$HOME/", "%USERPROFILE%/"):
        if name.startswith(home):
            name = "home/" + name[len(home):]
    return PurePosixPath(name.lstrip("/") or "snippet")


def fences(text: str) -> list[tuple[str, str, int, int]]:
    """(language, info, body start, body end) of every fenced block."""
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        if m is None:
            return out
        mark = m.group("mark")
        close = re.compile(r"(?m)^[ \t]{0,3}" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}[ \t]*$")
        end = close.search(text, m.end())
        stop = end.start() if end else len(text)
        info = m.group("info").strip()
        lang = re.split(r"[\s{:,]", info, maxsplit=1)[0].lower() if info else ""
        out.append((lang, info, m.end(), stop))
        pos = end.end() if end else len(text)


class MarkdownReader:
    """``*.md`` / ``*.mdx``: configuration examples in code fences."""

    name = "markdown"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return suffix_of(name).lower() in (".md", ".mdx", ".markdown")

    def relevant(self, text: str) -> bool:
        return ("```" in text or "~~~" in text) and has_marker(text)

    def read(self, doc: Document) -> ReadResult:
        from .embedded import read_embedded

        result = ReadResult()
        for lang, info, start, end in fences(doc.text):
            body = doc.text[start:end]
            if not has_marker(body):
                continue
            name = _named(info, body, doc.text[max(0, start - 400):start].rsplit("```", 1)[-1])
            if name is not None and not _fits(lang, name):
                name = None   # the prose names another file than the one this fence shows
            if name is None:
                if lang in _JSON:
                    name = _json_name(body)
                elif lang in _YAML:
                    name = _yaml_name(body)
                else:
                    name = _BY_LANG.get(lang)
            if name is None:
                continue
            got = read_embedded(doc, _virtual(name), start, end, kind=f"markdown {lang or 'fence'}",
                                documentation=True)
            if got is not None:
                result.extend(got)
        return result


READER = MarkdownReader()

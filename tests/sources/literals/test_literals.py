"""Loose literals: unclaimed Model Studio URLs and keys anywhere become LITERAL targets."""

from __future__ import annotations

from pathlib import Path

from validator.engine import Options
from validator.model import Secret, TargetKind
from validator.sources import collect
from validator.sources.base import Document
from validator.sources.literals import scan

KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
README = f"""# Quick start

```bash
curl https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions \\
  -H "Authorization: Bearer {KEY}" \\
  -d '{{"model": "qwen-plus"}}'
```

Workspace host: `https://{{WorkspaceId}}.cn-beijing.maas.aliyuncs.com/api/v1`.
Not ours: https://api.openai.com/v1 and sk-xxxxxxxxxxxxxxxxxxxxxxxx.



Later, far away: sk-sp-0a1b2c3d4e5f6a7b8c9d0e1f
"""


def doc(text: str, name: str = "README.md") -> Document:
    return Document(Path("/r") / name, name, text, committed=True)


def test_urls_and_keys_in_prose(locate) -> None:
    got = scan(doc(README))
    assert [t.kind for t in got] == [TargetKind.LITERAL] * 3
    curl, workspace, lone = got
    assert curl.base_url.value == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions"
    assert (curl.base_url.loc.line, curl.base_url.loc.column) == locate(README, "https://dashscope-intl")
    assert curl.key.value == Secret(KEY)                                  # the header two lines below joins
    assert (curl.key.loc.line, curl.key.loc.column) == locate(README, KEY)
    # the closing backtick is not part of the URL
    assert workspace.base_url.value == "https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/api/v1"
    assert workspace.key is None
    assert lone.base_url is None and lone.key.value.reveal().startswith("sk-sp-")
    assert all(t.committed is True and t.client == "unknown" for t in got)


def test_foreign_keys_only_near_model_studio_words() -> None:
    openai_only = "OPENAI_KEY = 'sk-proj-a1b2c3d4e5f60718293a4b5c'\n"
    assert scan(doc(openai_only, "a.py")) == []
    assert len(scan(doc(openai_only + "# used with dashscope\n", "a.py"))) == 1


def test_values_claimed_by_a_reader_are_not_repeated(tree, catalogue) -> None:
    tree({".env": f"DASHSCOPE_API_KEY={KEY}\n# old: https://dashscope.aliyuncs.com/compatible-mode/v1\n",
          "notes.txt": "base https://dashscope.aliyuncs.com/api/v1\n"})
    got = collect([], Options(), catalogue)
    literal = [t for t in got.targets if t.kind is TargetKind.LITERAL]
    assert sorted((t.origin.path, t.origin.line) for t in literal) == [(".env", 2), ("notes.txt", 1)]

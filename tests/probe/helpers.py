"""Shared helpers for the probe tests: run ``msv`` in-process, build targets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

from click.testing import CliRunner

from validator.model import Location, Origin, Secret, Target, Value

PAYG = "sk-" + "a1b2c3d4" * 4           # sk- + 32 hex: a pay-as-you-go key shape
OTHER = "sk-" + "0f1e2d3c" * 4
PLAN = "sk-sp-" + "9a8b7c6d" * 4


@dataclass
class Result:
    exit_code: int
    output: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.output)

    @property
    def everything(self) -> str:
        return self.output + self.stderr


def msv(args: Sequence[str], env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run ``msv ARGS`` in this process (so the network guard applies) and capture everything."""
    from validator.cli import cli

    runner = CliRunner()
    r = runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)
    return Result(r.exit_code, r.stdout, r.stderr)


def probe_args(base_url: str, *, key_env: str = "MSV_TEST_KEY", catalogue: str, extra: Sequence[str] = (),
               fmt: str = "json") -> list[str]:
    return ["probe", "--base-url", base_url, "--key-env", key_env, "--catalogue", catalogue,
            "--candidate-host", "127.0.0.1:*", "--format", fmt, "--no-cache", *extra]


def target(base_url: str | None, key: str | None, *, client: str = "openai-sdk", protocol: str = "openai",
           models: Sequence[str] = (), name: str = "t") -> Target:
    return Target(
        name=name, client=client, origin=Location(".env"), protocol=protocol,
        base_url=(Value(base_url, Location(".env", 1, 17), Origin.LITERAL, variable="OPENAI_BASE_URL",
                        raw=base_url) if base_url else None),
        key=Value(Secret(key), Location(".env", 2, 16), Origin.LITERAL, variable="OPENAI_API_KEY") if key else None,
        key_variable="OPENAI_API_KEY",
        models=[Value(m, Location(".env", 3 + i, 14)) for i, m in enumerate(models)],
    )


def rules_of(doc: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in doc["findings"]]

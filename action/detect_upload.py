"""Decide whether the action may upload SARIF to code scanning (action.yml's `detect` step).

``upload-sarif: auto`` (the default) uploads only where GitHub accepts it, so the default run
never fails for a reason that has nothing to do with the findings:

* not on a pull request from a fork, nor one opened by Dependabot: their token has no
  ``security-events: write`` ("Resource not accessible by integration");
* code scanning answers for the repository (``GET /repos/{repo}/code-scanning/analyses`` with the
  job's token returns 200): a private repository without GitHub Code Security answers 403/404.

``true`` always uploads (a refused upload is then a warning, see action.yml), ``false`` never.
Writes ``upload=true|false`` and ``reason=…`` to ``$GITHUB_OUTPUT``; prints a notice when it
decides not to upload. Standard library only: it runs before msv is installed.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

TRUE = {"true", "yes", "1", "on"}
FALSE = {"false", "no", "0", "off", ""}


def _event(env: dict[str, str]) -> dict:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _code_scanning_answers(env: dict[str, str], timeout: float = 10.0) -> tuple[bool, str]:
    token, repo = env.get("MSV_TOKEN", ""), env.get("GITHUB_REPOSITORY", "")
    if not token or not repo:
        return False, "no token to ask GitHub whether code scanning is enabled"
    api = (env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/")
    request = urllib.request.Request(f"{api}/repos/{repo}/code-scanning/analyses?per_page=1", headers={
        "Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "msv-action"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200, f"code scanning answered {response.status}"
    except urllib.error.HTTPError as exc:
        if exc.code == 404:   # enabled but no analysis yet also answers 404 "no analysis found"
            body = exc.read(2048).decode("utf-8", "replace").lower()
            if "no analysis found" in body:
                return True, "code scanning is enabled (no analysis yet)"
        return False, f"code scanning is not available for this repository (HTTP {exc.code})"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"could not ask GitHub about code scanning ({type(exc).__name__})"


def decide(env: dict[str, str]) -> tuple[bool, str]:
    """``(upload, reason)`` for the ``upload-sarif`` input in ``MSV_UPLOAD``."""
    wanted = env.get("MSV_UPLOAD", "auto").strip().lower()
    if wanted in TRUE:
        return True, "upload-sarif is true"
    if wanted in FALSE:
        return False, "upload-sarif is false"
    if wanted != "auto":
        return False, f"upload-sarif must be auto, true or false, not {wanted!r}"
    event = _event(env)
    pull = event.get("pull_request") or {}
    head_repo = ((pull.get("head") or {}).get("repo") or {})
    if pull and (head_repo.get("fork") or head_repo.get("full_name") not in (None, env.get("GITHUB_REPOSITORY"))):
        return False, "pull request from a fork: its token cannot upload to code scanning"
    if env.get("GITHUB_ACTOR") == "dependabot[bot]":
        return False, "Dependabot run: its token cannot upload to code scanning"
    return _code_scanning_answers(env)


def main() -> int:
    env = dict(os.environ)
    upload, reason = decide(env)
    with open(env["GITHUB_OUTPUT"], "a", encoding="utf-8") as fh:
        fh.write(f"upload={'true' if upload else 'false'}\n")
        fh.write(f"reason={reason}\n")
    if not upload and env.get("MSV_UPLOAD", "auto").strip().lower() == "auto":
        print(f"::notice title=msv action::SARIF not uploaded: {reason}. The findings are annotated and in the job summary.")
    elif not upload and env.get("MSV_UPLOAD", "").strip().lower() not in FALSE:
        print(f"::warning title=msv action::{reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Session fixtures for the integration tests (one hook repository, one pre-commit cache)."""

from __future__ import annotations

import pytest

from hookrepo import HookRepo, make_hook_repo


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    """This project, committed in a scratch repository; pre-commit's cache is shared by the
    session so the hook environment is built once."""
    return make_hook_repo(tmp_path_factory.mktemp("hooks"))

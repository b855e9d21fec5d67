"""The distribution: what the wheel carries, and which names it claims once installed.

The top-level ``rules/`` and ``schemas/`` folders are installed as ``validator.rules`` and
``validator.schemas``; nothing may be importable as a bare ``rules`` or ``schemas`` (those names
would clash with other packages). The wheel must carry every data file msv reads at run time.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    # Build from a copy so the work tree gets no build/ or egg-info folders.
    src = build / "src"
    subprocess.run([sys.executable, "-c",
                    "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2], "
                    "ignore=shutil.ignore_patterns('.venv', '.git', '__pycache__', 'build', '*.egg-info', "
                    "'.hypothesis', '.pytest_cache', 'bench'))", str(ROOT), str(src)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True)
    [path] = out.glob("modelstudio_validator-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_carries_every_runtime_data_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    data = sorted(p.name for p in (ROOT / "validator" / "catalogue" / "data").glob("*.yaml"))
    assert data, "the catalogue YAML is missing from the tree"
    for name in data:
        assert f"validator/catalogue/data/{name}" in names
    assert "validator/catalogue/compiled.json" in names and "validator/catalogue/compiled.marshal" in names
    for schema in sorted((ROOT / "schemas").glob("*.schema.json")):
        assert f"validator/schemas/{schema.name}" in names
    assert "validator/rules/__init__.py" in names and "validator/rules/registry.py" in names
    assert "validator/py.typed" in names


def test_wheel_claims_no_bare_rules_or_schemas_package(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert "rules" not in tops and "schemas" not in tops
    assert {t for t in tops if not t.endswith((".dist-info", ".data"))} == {"validator"}


@pytest.mark.parametrize("name", ["rules", "schemas"])
def test_bare_names_are_not_importable_but_validator_ones_are(name: str, tmp_path: Path) -> None:
    """Run from a neutral folder: the repository root is not on sys.path there."""
    bare = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=tmp_path, capture_output=True, text=True)
    assert bare.returncode != 0 and "ModuleNotFoundError" in bare.stderr
    ok = subprocess.run([sys.executable, "-c", f"import validator.{name}"], cwd=tmp_path, capture_output=True,
                        text=True)
    assert ok.returncode == 0, ok.stderr


def test_python_m_validator_is_msv(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "validator", "--version"], cwd=tmp_path, capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout.startswith("msv, version ")

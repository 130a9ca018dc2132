"""Shared helpers: the repository root (SP_ROOT, else two levels up) and its fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("SP_ROOT", Path(__file__).resolve().parents[2]))


def load(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT

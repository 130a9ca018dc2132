"""The README's Python examples run as written and print what their comments say (the Spark
one runs in test_spark.py)."""

from __future__ import annotations

import shutil

from conftest import readme_python_blocks, runs_as_written


def test_the_readme_has_three_python_examples():
    assert len(readme_python_blocks()) == 3


def test_the_functions_example(capsys):
    runs_as_written(readme_python_blocks()[0], capsys)


def test_the_arrow_example(capsys, export, tmp_path, monkeypatch):
    shutil.copy(export["path"], tmp_path / "export.jsonl")
    monkeypatch.chdir(tmp_path)
    runs_as_written(readme_python_blocks()[1], capsys)

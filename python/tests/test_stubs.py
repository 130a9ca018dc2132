"""The package is typed: py.typed ships, and the .pyi stubs name every public function and
class of the module, with the same parameters."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import settlement_preview as sp
from settlement_preview import spark as sps

PACKAGE = Path(sp.__file__).parent


def stub_names(name: str) -> dict[str, ast.AST]:
    tree = ast.parse((PACKAGE / name).read_text())
    return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def params(node: ast.FunctionDef) -> list[str]:
    a = node.args
    return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg != "self"]


def test_py_typed_and_the_stubs_ship():
    assert (PACKAGE / "py.typed").exists()
    stubs = stub_names("__init__.pyi")
    for name in sp.__all__:
        if name == "REPORT_COLUMNS":
            continue
        assert name in stubs, f"{name} is not in __init__.pyi"
        obj = getattr(sp, name)
        node = stubs[name]
        if isinstance(node, ast.FunctionDef):
            assert params(node) == list(inspect.signature(obj).parameters), name
    ledger = {n.name: n for n in stubs["Ledger"].body if isinstance(n, ast.FunctionDef)}
    assert set(ledger) >= {"__init__", "preview", "apply", "state"}


def test_the_spark_stubs_match():
    stubs = stub_names("spark.pyi")
    for name in sps.__all__:
        assert params(stubs[name]) == list(inspect.signature(getattr(sps, name)).parameters), name

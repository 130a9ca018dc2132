"""The package is typed: py.typed ships, and the .pyi stubs name every public function and
class of the module, with the same parameters."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

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


def typed_dict_keys(name: str) -> list[str]:
    node = stub_names("__init__.pyi")[name]
    return [n.target.id for n in node.body if isinstance(n, ast.AnnAssign)]


def test_from_vtex_options_are_the_packages():
    """from_vtex's options in the stubs are the npm package's FromVtexOptions (bindings.d.ts),
    changesV2 included (api.md sections 7 and 10), and the module takes each of them."""
    from conftest import ROOT

    dts = (ROOT / "src" / "bindings.d.ts").read_text()
    body = dts.split("export interface FromVtexOptions {", 1)[1].split("\n}", 1)[0]
    js = re.findall(r"^  (\w+)\?:", body, flags=re.M)
    assert "changesV2" in js
    assert typed_dict_keys("FromVtexOptions") == js
    stubs = stub_names("__init__.pyi")
    assert "FromVtexOptions" in ast.unparse(stubs["from_vtex"].args.args[2].annotation)
    assert ast.unparse(stubs["from_vtex"].returns) == "FromVtexResult"
    assert ast.unparse(stubs["from_vtex_change"].returns) == "FromVtexChangeResult"
    assert typed_dict_keys("FromVtexChangeResult") == ["operation", "notes"]
    # Each key is one the module reads (an unknown one raises InputError at its path).
    with pytest.raises(sp.InputError) as e:
        sp.from_vtex({}, None, {"changesV3": []})
    assert e.value.path == "options.changesV3"
    assert e.value.message.startswith("unknown field `changesV3`, expected one of `currency`")
    for key in js:
        assert f"`{key}`" in e.value.message, key

"""Shared helpers: the repository root (SP_ROOT, else two levels up) and its fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path
import json

import pytest

ROOT = Path(os.environ.get("SP_ROOT", Path(__file__).resolve().parents[2]))


def load(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# Lines added to the generated export: a damaged order of every kind the CLI knows (truncated,
# not JSON, not an object, no `order`), a blank line, and a VTEX fixture without records.
DAMAGED = [
    '{"order": {"orderId": "1399999999999-01", "items": [',
    "this is not JSON",
    "[1, 2, 3]",
    '[{"orderId": "1399999999999-02"}, null]',
    '{"transaction": {}}',
    "",
]


@pytest.fixture(scope="session")
def export(tmp_path_factory) -> dict:
    """A generated export (the CLI's `generate`, 240 orders, a third with an injected
    discrepancy), with damaged lines spread through it, and its truth file."""
    from cli_lib import generate

    folder = tmp_path_factory.mktemp("export")
    generated, truth = folder / "generated.jsonl", folder / "truth.jsonl"
    generate(generated, orders=240, seed=17, rate=0.3, truth=truth)
    # Bytes, split on "\n" only: a damaged line may not be UTF-8, and str.splitlines() would
    # also split inside a line (U+2028, \x1c, …).
    data = generated.read_bytes()
    lines = [(t, n) for n, t in enumerate(data.removesuffix(b"\n").split(b"\n"), start=1)]
    assert len(lines) == 240
    fixture = load(ROOT / "tests" / "vtex" / "orders" / "brl-two-invoices-and-a-return.json")
    extra = [*DAMAGED, json.dumps({"order": fixture["order"], "transaction": None})]
    for k, added in enumerate(extra):
        lines.insert(10 + 37 * k, (added.encode(), None))
    path = folder / "export.jsonl"
    path.write_bytes(b"".join(t + b"\n" for t, _ in lines))
    damaged = {d.encode() for d in DAMAGED if d}
    return {
        "path": path,
        "damaged": [i for i, (t, n) in enumerate(lines, start=1) if n is None and t in damaged],
        "line_of": {n: i for i, (_, n) in enumerate(lines, start=1) if n is not None},
        "truth": [json.loads(t) for t in truth.read_text().splitlines() if t.strip()],
    }


def readme_python_blocks() -> list[str]:
    """The ```python blocks of the README's "Python" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Python\n"):]
    section = section[: section.index("\n## ", 1)]
    return [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]


def runs_as_written(code: str, capsys, namespace: dict | None = None) -> None:
    """Runs a README block; what it prints is what its `# ` comments after a print say."""
    exec(compile(code, "README.md", "exec"), namespace if namespace is not None else {})
    printed = capsys.readouterr().out.splitlines()
    lines = code.splitlines()
    said = [l[2:] for i, l in enumerate(lines) if l.startswith("# ") and i > 0
            and (lines[i - 1].lstrip().startswith("print(") or lines[i - 1].startswith("    print("))]
    assert printed == said, (printed, said)

"""The golden files' format: JSON text with float64 numbers at full precision.

A file (``from-torch/AREA.json``) holds what it was recorded with and one entry per case::

    {"recorded_by": "...", "torch": "2.13.0+cpu", "numpy": "...",
     "cases": {"linear-layer": {"fingerprint": {...}, "value": 0.61,
                                "grads": {"W": [[0.1, ...], ...], ...}}}}

A number is written as Python's ``repr`` of the float64, which reads back to the same bits.
An array of up to ``SMALL`` numbers is a nested list of them; a bigger one is
``{"shape": [32, 64], "float64le_zlib": [...]}``: its little-endian float64 bytes,
compressed with zlib (gradients hold many zeros) and written in base64, in lines of 96
characters, so the file stays text (``decode`` reads it back in one expression).
``fingerprint`` says what the case's inputs were (``cases.py``); ``tests/test_golden.py``
compares it with today's inputs, so a changed lesson cannot keep an old golden.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import numpy as np

#: Where the files live.
FOLDER = Path(__file__).parent / "from-torch"
#: The areas, one file each: bundled tensor lessons, the scalar ops abs/softplus/leaky_relu,
#: random tensor graphs, the label ops (take, pick, onehot), the ops of issue 20, and the
#: lessons with ``train`` trained by gradient descent (issue 21).
AREAS = ("lessons", "new_ops", "random_graphs", "label_ops", "tensor_ops", "training")
#: Arrays of at most this many numbers are written as decimal lists.
SMALL = 64
#: Base64 characters per line of a big array.
LINE = 96
#: What to run to record the files again.
REGENERATE = "make golden TORCH_PY=/path/to/a/python/with/torch"

Json: TypeAlias = "None | bool | int | float | str | list[Json] | dict[str, Json]"


@dataclass(frozen=True)
class Record:
    """PyTorch's numbers for one case."""

    value: float
    """The output's value (the loss)."""
    grads: dict[str, np.ndarray]
    """The gradient of the output with respect to each named tensor."""


@dataclass(frozen=True)
class Case:
    """One recorded case: what it was computed from, and what PyTorch computed."""

    fingerprint: dict[str, str]
    """Digests of the inputs it was recorded from (see ``cases.py``)."""
    record: Record
    """PyTorch's numbers."""


@dataclass(frozen=True)
class Golden:
    """One golden file, read."""

    torch: str
    """The version of PyTorch that computed it."""
    cases: dict[str, Case]
    """The cases by name."""


def path(area: str) -> Path:
    """The file of an area."""
    return FOLDER / f"{area}.json"


def encode(x: float | np.ndarray) -> Json:
    """A number or an array as JSON (see the module docstring)."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        return float(a)
    if a.size <= SMALL:
        out: Json = a.tolist()
        return out
    raw = zlib.compress(np.ascontiguousarray(a, dtype="<f8").tobytes(), 9)
    text = base64.b64encode(raw).decode("ascii")
    lines: list[Json] = [text[i : i + LINE] for i in range(0, len(text), LINE)]
    return {"shape": list(a.shape), "float64le_zlib": lines}


def decode(x: Json) -> np.ndarray:
    """The array that ``encode`` wrote (a float reads back as a 0-d array)."""
    if isinstance(x, dict):
        shape, lines = x["shape"], x["float64le_zlib"]
        assert isinstance(shape, list) and isinstance(lines, list), x
        raw = zlib.decompress(base64.b64decode("".join(str(line) for line in lines), validate=True))
        dims = [int(str(n)) for n in shape]
        return np.frombuffer(raw, dtype="<f8").astype(np.float64).reshape(dims)
    return np.asarray(x, dtype=np.float64)


def _case(data: Json, name: str) -> Case:
    """One case of a file, checked for shape as it is read."""
    assert isinstance(data, dict), name
    fingerprint, value, grads = data["fingerprint"], data["value"], data["grads"]
    assert isinstance(fingerprint, dict) and isinstance(grads, dict), name
    assert isinstance(value, float), name
    return Case(
        fingerprint={k: str(v) for k, v in fingerprint.items()},
        record=Record(value=value, grads={k: decode(v) for k, v in grads.items()}),
    )


def read(area: str) -> Golden:
    """Read an area's golden file; a missing one fails with what to run."""
    p = path(area)
    if not p.is_file():
        raise AssertionError(f"{p} is missing: record it with `{REGENERATE}`")
    data = json.loads(p.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("cases"), dict), p
    torch = data["torch"]
    assert isinstance(torch, str), p
    return Golden(torch=torch, cases={k: _case(v, f"{p}: {k}") for k, v in data["cases"].items()})


def _layout(obj: Json, indent: int) -> str:
    """JSON text with one line per key, each small array on its key's line, and a big
    array's base64 one line per chunk."""
    pad = " " * (indent + 2)
    if isinstance(obj, dict) and "float64le_zlib" in obj:
        chunks = obj["float64le_zlib"]
        assert isinstance(chunks, list)
        lines = ",\n".join(f"{pad}  {json.dumps(c)}" for c in chunks)
        return f'{{"shape": {json.dumps(obj["shape"])}, "float64le_zlib": [\n{lines}\n{pad}]}}'
    if isinstance(obj, dict) and obj:
        rows = [f"{pad}{json.dumps(k)}: {_layout(v, indent + 2)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(rows) + "\n" + " " * indent + "}"
    return json.dumps(obj, allow_nan=False)


def dumps(header: dict[str, str], cases: dict[str, tuple[dict[str, str], Record]]) -> str:
    """The text of a golden file: its header, then its cases in the order given."""
    body: dict[str, Json] = dict(header)
    body["cases"] = {
        name: {
            "fingerprint": dict(fingerprint),
            "value": float(record.value),
            "grads": {k: encode(v) for k, v in record.grads.items()},
        }
        for name, (fingerprint, record) in cases.items()
    }
    return _layout(body, 0) + "\n"

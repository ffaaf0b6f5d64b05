"""Golden files: PyTorch's numbers for the tests, and the code that records them.

``make golden TORCH_PY=/path/to/python-with-torch`` runs ``record.py``, which writes the
JSON files in ``from-torch/``. The tests compare our engine with those files always, and with
live PyTorch as well when ``torch`` is importable; ``tests/test_golden.py`` fails when a
file is missing or older than the lessons and cases it covers.
"""

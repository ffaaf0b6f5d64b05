"""``practice --help`` names every level it offers (it said "1-5 (6, tensors, is not available
yet)" while levels 6 and 7 were there)."""

from __future__ import annotations

import pytest

from tutor.cli import main
from tutor.practice.problems import LEVELS


def test_practice_help_names_every_level(capsys):
    with pytest.raises(SystemExit):
        main(["practice", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "not available" not in text
    assert f"--level LEVEL {min(LEVELS)}-{max(LEVELS)}:" in text
    assert "6 tensors" in text and "7 the blocks of GPT-2" in text

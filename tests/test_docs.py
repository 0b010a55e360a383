"""The README's Python session runs as written (docs stay true by construction)."""

from __future__ import annotations

import doctest
import os
import re

from .conftest import ROOT


def test_readme_python_session() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks, "the README has no Python session"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for number, block in enumerate(blocks):
            test = parser.get_doctest(block, {}, f"README block {number}", "README.md", 0)
            runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.failures == 0


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block

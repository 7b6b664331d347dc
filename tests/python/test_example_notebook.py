"""examples/python/improvise.ipynb: committed without outputs, and executed headlessly with
`jupyter nbconvert --execute` where Jupyter is installed (Debian: jupyter-nbconvert, python3-nbclient,
python3-ipykernel)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import SOURCE

NOTEBOOK = SOURCE / "examples" / "python" / "improvise.ipynb"


def test_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None


def test_runs_headlessly(tmp_path):
    jupyter = shutil.which("jupyter")
    if jupyter is None or subprocess.run([jupyter, "nbconvert", "--version"], capture_output=True).returncode != 0:
        pytest.skip("jupyter nbconvert is not installed (Debian: jupyter-nbconvert python3-nbclient python3-ipykernel)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p) )
    shutil.copy(NOTEBOOK, tmp_path / "improvise.ipynb")
    run = subprocess.run([jupyter, "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
                          "--output", "executed.ipynb", "improvise.ipynb"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    nb = json.loads((tmp_path / "executed.ipynb").read_text(encoding="utf-8"))
    kinds = set()
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out
            kinds |= set(out.get("data", {}))
    assert "image/svg+xml" in kinds  # the piano roll
    assert "text/html" in kinds      # IPython.display.Audio's player
    assert (tmp_path / "solo.mid").stat().st_size > 100 and (tmp_path / "solo.wav").stat().st_size > 1000

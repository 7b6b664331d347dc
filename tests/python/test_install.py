"""`import jazzlstm` after `cmake --install` into a prefix, and after an offline `pip install`."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from conftest import SOURCE


def build_dir():
    b = os.environ.get("JAZZLSTM_BUILD_DIR")
    if not b or not (pathlib.Path(b) / "CMakeCache.txt").exists():
        pytest.skip("JAZZLSTM_BUILD_DIR (a configured build tree) is not set")
    return pathlib.Path(b)


def imports_from(python, path, env=None):
    out = subprocess.run([python, "-c", "import jazzlstm, jazzlstm.notebook; print(jazzlstm.__file__)"],
                         capture_output=True, text=True, cwd="/", env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith(str(path)), out.stdout


def test_cmake_install_into_a_prefix(tmp_path):
    build = build_dir()
    subprocess.run(["cmake", "--install", str(build), "--component", "python", "--prefix", str(tmp_path)],
                   check=True, capture_output=True)
    cache = (build / "CMakeCache.txt").read_text()
    where = re.search(r"^JAZZLSTM_PYTHON_INSTALL_DIR:\w+=(.*)$", cache, re.M).group(1)
    site = tmp_path / where
    assert (site / "jazzlstm" / "data" / "default_corpus.mid").exists()
    env = dict(os.environ, PYTHONPATH=str(site))
    imports_from(sys.executable, site, env)


def test_pip_install_offline(tmp_path):
    cache = (build_dir() / "CMakeCache.txt").read_text()
    if subprocess.run([sys.executable, "-m", "venv", "--help"], capture_output=True).returncode != 0:
        pytest.skip("python3 -m venv is not available (Debian: python3-venv)")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    if subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        pytest.skip("pip is not available (Debian: python3-pip)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # the same flags as the build tree's module, so ccache serves the objects it already has
    env["JAZZLSTM_CMAKE_ARGS"] = "-DJAZZLSTM_WERROR=ON" if "JAZZLSTM_WERROR:BOOL=ON" in cache else ""
    env["JAZZLSTM_BUILD_JOBS"] = os.environ.get("JAZZLSTM_JOBS", "2")
    env["PIP_NO_INDEX"] = "1"  # no network: a download attempt fails the test
    run = subprocess.run([python, "-m", "pip", "install", "--no-index", str(SOURCE / "examples" / "python")],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    imports_from(python, venv, env)
    assert not (SOURCE / "examples" / "python" / "build").exists()  # the build stayed out of the source tree

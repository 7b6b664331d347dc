"""An in-tree PEP 517 build backend for the jazzlstm Python package (pyproject.toml beside it).

`pip install examples/python` (or `pip install .` from this folder) needs no download: the
backend uses only the standard library, CMake and the C++ compiler already on the machine. It
configures the whole jazzlstm project (tests, examples and benchmarks off), builds the target
jazzlstm_python, installs the CMake component `python` into a staging folder and zips it as a
wheel for this interpreter. Environment: JAZZLSTM_CMAKE_ARGS (extra CMake arguments, split on
spaces), JAZZLSTM_BUILD_JOBS (default: the cores), JAZZLSTM_PYTHON_NATIVE=0 (no -march=native,
for a wheel that runs on other x86-64 machines).
"""

import base64
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the jazzlstm source tree (CMakeLists.txt, include/, examples/...)
NAME = "jazzlstm"


def _version():
    for line in (ROOT / "CMakeLists.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("project(jazzlstm VERSION "):
            return line.split()[2]
    raise RuntimeError("no project(jazzlstm VERSION ...) in CMakeLists.txt")


def _metadata():
    return "\n".join([
        "Metadata-Version: 2.1",
        "Name: %s" % NAME,
        "Version: %s" % _version(),
        "Summary: Improvise jazz solos with an LSTM: the Coursera notebook without TensorFlow or music21",
        "Requires-Python: >=3.7",
        "Requires-Dist: numpy",
        "License: see the jazzlstm source tree",
        "",
    ])


def _tag():
    impl = "cp%d%d" % sys.version_info[:2]
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "%s-%s-%s" % (impl, impl, platform)


def _dist_info(directory):
    info = pathlib.Path(directory) / ("%s-%s.dist-info" % (NAME, _version()))
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(_metadata(), encoding="utf-8")
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nGenerator: jazzlstm_build\nRoot-Is-Purelib: false\nTag: %s\n" % _tag(),
                                encoding="utf-8")
    return info


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _dist_info(metadata_directory).name


def _run(cmd, **kwargs):
    print("jazzlstm_build:", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    cmake = shutil.which("cmake")
    if cmake is None:
        raise RuntimeError("jazzlstm needs CMake (Debian: cmake) and a C++17 compiler to build")
    jobs = os.environ.get("JAZZLSTM_BUILD_JOBS") or str(os.cpu_count() or 2)
    work = pathlib.Path(tempfile.mkdtemp(prefix="jazzlstm-wheel-"))
    try:
        build, stage = work / "build", work / "stage"
        args = [cmake, "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DJAZZLSTM_BUILD_TESTS=OFF",
                "-DJAZZLSTM_BUILD_EXAMPLES=OFF", "-DJAZZLSTM_BUILD_BENCH=OFF", "-DJAZZLSTM_PYTHON=ON",
                "-DPython3_EXECUTABLE=%s" % sys.executable, "-DJAZZLSTM_PYTHON_INSTALL_DIR=."]
        if os.environ.get("JAZZLSTM_PYTHON_NATIVE", "1") == "0":
            args.append("-DJAZZLSTM_PYTHON_NATIVE=OFF")
        args += os.environ.get("JAZZLSTM_CMAKE_ARGS", "").split()
        _run(args)
        _run([cmake, "--build", build, "--target", "jazzlstm_python", "-j", jobs])
        _run([cmake, "--install", build, "--component", "python", "--prefix", stage])
        info = _dist_info(stage)
        wheel = pathlib.Path(wheel_directory) / ("%s-%s-%s.whl" % (NAME, _version(), _tag()))
        records = []
        with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(p for p in stage.rglob("*") if p.is_file()):
                rel = path.relative_to(stage).as_posix()
                data = path.read_bytes()
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                records.append("%s,sha256=%s,%d" % (rel, digest, len(data)))
                z.writestr(rel, data)
            record = "%s/RECORD" % info.name
            z.writestr(record, "\n".join(records + [record + ",,"]) + "\n")
        return wheel.name
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build_sdist(sdist_directory, config_settings=None):
    """The git-tracked files of the source tree, with a pyproject.toml at its top that points to
    this backend in examples/python."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    base = "%s-%s" % (NAME, _version())
    name = base + ".tar.gz"
    with tarfile.open(pathlib.Path(sdist_directory) / name, "w:gz") as t:
        for f in files:
            t.add(ROOT / f, arcname="%s/%s" % (base, f))
        extra = pathlib.Path(tempfile.mkdtemp())
        (extra / "PKG-INFO").write_text(_metadata(), encoding="utf-8")
        top = (HERE / "pyproject.toml").read_text(encoding="utf-8").replace('backend-path = ["."]', 'backend-path = ["examples/python"]')
        (extra / "pyproject.toml").write_text(top, encoding="utf-8")
        t.add(extra / "PKG-INFO", arcname="%s/PKG-INFO" % base)
        t.add(extra / "pyproject.toml", arcname="%s/pyproject.toml" % base)
        shutil.rmtree(extra, ignore_errors=True)
    return name

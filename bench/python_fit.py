#!/usr/bin/env python3
"""Model.fit from Python against the C++ figure and against PyTorch in the same process.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_fit.py [build dir] [repeats]

The notebook's configuration: V 78, n_a 64, m 60, Tx 30, full batch, 100 epochs, one thread,
on windows drawn as the notebook draws them (numpy seed 0 over a 193-token corpus: 49 distinct
of 60, as on the 78-value reference corpus; bench_epoch.cpp builds the same). Times are process
CPU seconds (the machine is shared: wall time includes waiting), medians of `repeats` runs.

* jazzlstm from Python: jazzlstm.Model.fit(data, epochs=100), without and with a Python callback
  after every epoch (the notebook layer's progress lines go through that callback).
* jazzlstm from C++: build/bench/bench_epoch, BM_training_epoch<float> (one train_step per
  iteration), run as a child process; the binding must add < 5 % per epoch.
* PyTorch (python3-torch): the notebook's LSTMCell loop with Keras's Adam, as
  bench/pytorch_reference.py, in this process. The BLAS it loaded is read from /proc/self/maps.
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np

import jazzlstm

ROOT = pathlib.Path(__file__).resolve().parents[1]
V, NA, M, TX, EPOCHS = 78, 64, 60, 30, 100


def windows():
    rng = np.random.RandomState(3)
    corpus = np.concatenate([np.arange(V), rng.randint(0, V, 193 - V)]).astype(np.int32)
    rng.shuffle(corpus)
    return jazzlstm.training_data(corpus, V)


def cpu(f):
    start = time.process_time()
    f()
    return time.process_time() - start


def jazzlstm_fit(data, callback):
    model = jazzlstm.Model(V, units=NA, seed=1)
    model.threads = 1
    model.fit(data, epochs=1)  # sizes the buffers, as bench_epoch's first train_step
    return cpu(lambda: model.fit(data, epochs=EPOCHS, callback=callback)) / EPOCHS


def cpp_epoch(build):
    program = pathlib.Path(build) / "bench" / "bench_epoch"
    if not program.exists():
        return None
    out = subprocess.run([str(program), "--benchmark_filter=BM_training_epoch<float>$", "--benchmark_repetitions=5",
                          "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                         capture_output=True, text=True, check=True)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    for b in json.loads(out.stdout)["benchmarks"]:
        if b["name"].endswith("_median"):
            return b["cpu_time"] * scale[b["time_unit"]]
    return None


def loaded_blas():
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in os.path.basename(path).lower() or "lapack" in os.path.basename(path).lower():
                libs.add(os.path.realpath(path))
    return sorted(libs)


def torch_fit(data, repeats):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    X = torch.from_numpy(data.one_hot_X())
    Y = torch.from_numpy(data.Y.astype(np.int64))
    cell = torch.nn.LSTMCell(V, NA)
    dense = torch.nn.Linear(NA, V)
    ce = torch.nn.CrossEntropyLoss(ignore_index=-1, reduction="sum")
    sys.path.insert(0, str(ROOT / "bench"))
    from pytorch_reference import Keras_Adam  # the same optimizer as bench/compare's reference

    def train():
        params = list(dense.parameters()) + list(cell.parameters())
        opt = Keras_Adam(params)
        for _ in range(EPOCHS):
            for p in params:
                p.grad = None
            a = torch.zeros(M, NA)
            c = torch.zeros(M, NA)
            loss = 0.0
            for t in range(TX):
                a, c = cell(X[:, t, :], (a, c))
                loss = loss + ce(dense(a), Y[:, t])
            (loss / M).backward()
            opt.step()

    per_epoch = statistics.median(cpu(train) for _ in range(repeats)) / EPOCHS
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "epoch_s": per_epoch, "blas": loaded_blas()}


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build")
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    data = windows()
    distinct = len(set(map(int, data.start_indices)))
    plain = statistics.median(jazzlstm_fit(data, None) for _ in range(repeats))
    with_callback = statistics.median(jazzlstm_fit(data, lambda record: None) for _ in range(repeats))
    native = cpp_epoch(build)
    torch = torch_fit(data, max(1, repeats // 2))
    result = {"windows": M, "distinct_windows": distinct, "python_epoch_s": plain, "python_callback_epoch_s": with_callback,
              "cpp_epoch_s": native, "pytorch": torch}
    print(json.dumps(result, indent=1))
    print()
    print("one epoch (V 78, n_a 64, m 60, Tx 30, full batch, one thread), CPU time:")
    print("  jazzlstm from Python, Model.fit          %8.3f ms" % (1e3 * plain))
    print("  jazzlstm from Python, with a callback    %8.3f ms" % (1e3 * with_callback))
    if native:
        print("  jazzlstm from C++ (bench_epoch)          %8.3f ms   binding overhead %+.1f %% (%+.1f %% with the callback)"
              % (1e3 * native, 100 * (plain / native - 1), 100 * (with_callback / native - 1)))
    else:
        print("  jazzlstm from C++: %s/bench/bench_epoch not built (needs libbenchmark-dev)" % build)
    if torch:
        print("  PyTorch %s LSTMCell loop, same process %8.3f ms   (%.0fx slower than jazzlstm from Python)"
              % (torch["torch"], 1e3 * torch["epoch_s"], torch["epoch_s"] / plain))
        print("  BLAS loaded by PyTorch: %s" % (", ".join(torch["blas"]) or "none found in /proc/self/maps"))
    else:
        print("  PyTorch: python3-torch is not installed")


if __name__ == "__main__":
    main()

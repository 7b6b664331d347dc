#!/usr/bin/env python3
"""The jazz model of the notebook in PyTorch, as the speed yardstick of bench/compare.

    /usr/bin/python3 bench/pytorch_reference.py [--threads N] [--sizes notebook|M,NA,V ...]
                                                [--min-seconds S] [--repeats R]

Two formulations of the same model (LSTM(n_a) + Dense(V) + softmax, Tx 30, full batch):
* `cell`: the notebook's djmodel, one LSTMCell call and one Linear per step (what a port of
  the notebook writes);
* `fused`: one nn.LSTM over the whole window and one Linear over all steps (the fastest
  PyTorch formulation, teacher forcing).
Loss: sum over the Tx outputs of the batch-mean cross-entropy (an empty target scores 0 but
counts in m). Adam with Keras's settings (lr 0.01, beta 0.9/0.999, eps 1e-7, decay 0.01 as
lr / (1 + decay * iterations)).

`notebook` is the notebook's configuration (m 60, n_a 64, V 78): 100 epochs timed whole, plus
one greedy step and 50 generated tokens at batch 1. `M,NA,V` sizes (all windows distinct,
uniform random tokens as in bench/bench_scaling.cpp) time single epochs after one warm-up
epoch, until --min-seconds of CPU time and at least 3 epochs (1 when the warm-up epoch took
over 3 × --min-seconds), median per epoch.

Set the thread count before torch starts (bench/compare runs one process per count): the
OpenMP/OpenBLAS pools read OMP_NUM_THREADS at start-up, and torch.set_num_threads is also
called. Prints JSON: CPU seconds (time.process_time: all threads of the process) and wall
seconds, the torch version, the thread count and the BLAS library this process mapped (from
/proc/self/maps). Needs python3-torch (Debian); not run by CI.
"""
import argparse
import json
import os
import random
import statistics
import sys
import time

TX, TY = 30, 50
REFERENCE_BLAS = "/usr/lib/x86_64-linux-gnu/blas/"


def blas_libraries():
    """The BLAS/LAPACK shared objects mapped into this process (what torch really calls)."""
    found = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path).lower()
                if any(k in name for k in ("blas", "lapack", "mkl", "blis")) and path not in found:
                    found.append(path)
    except OSError:
        pass
    return found


def blas_summary(libs):
    for lib in libs:
        if "openblas" in lib:
            return "OpenBLAS (" + lib + ")"
        if "mkl" in lib:
            return "MKL (" + lib + ")"
        if "blis" in lib:
            return "BLIS (" + lib + ")"
    if any(lib.startswith(REFERENCE_BLAS) for lib in libs):
        return "reference BLAS (" + ", ".join(libs) + ")"
    return ", ".join(libs) or "none mapped"


def notebook_windows(torch, m, V):
    """60 windows over a seeded random-walk corpus of 200 tokens (the content does not
    change the cost), x<0> = 0, Y<t> = X<t+1>, the last target empty (-1)."""
    rng = random.Random(3)
    corpus = []
    note = 0
    for _ in range(200):
        note = (note + rng.randrange(7) + V - 3) % V
        corpus.append(note)
    X = torch.full((m, TX), -1, dtype=torch.long)
    for j in range(m):
        s = rng.randrange(200 - TX)
        X[j, 1:] = torch.tensor(corpus[s + 1:s + TX])
    return X


def random_windows(torch, m, V):
    g = torch.Generator().manual_seed(3)
    X = torch.randint(0, V, (m, TX), generator=g)
    X[:, 0] = -1
    return X


def one_hot(torch, X, V):
    """Y<t> = X<t+1> (last target empty); the one-hot inputs with x<0> = 0."""
    m = X.shape[0]
    Y = torch.full_like(X, -1)
    Y[:, :-1] = X[:, 1:]
    onehot = torch.zeros(m, TX, V)
    onehot[:, 1:, :].scatter_(2, X[:, 1:].unsqueeze(2), 1.0)
    return onehot, Y


class KerasAdam:
    """Adam as Keras 2 applies it (eps outside the square root, legacy time-based decay)."""

    def __init__(self, torch, params, lr=0.01, b1=0.9, b2=0.999, eps=1e-7, decay=0.01):
        self.torch = torch
        self.params = list(params)
        self.lr, self.b1, self.b2, self.eps, self.decay = lr, b1, b2, eps, decay
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    def step(self):
        with self.torch.no_grad():
            lr = self.lr / (1.0 + self.decay * self.t)
            self.t += 1
            c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
            for p, m, v in zip(self.params, self.m, self.v):
                m.mul_(self.b1).add_(p.grad, alpha=1 - self.b1)
                v.mul_(self.b2).addcmul_(p.grad, p.grad, value=1 - self.b2)
                p.addcdiv_(m, v.sqrt().add_(self.eps), value=-lr * c2 ** 0.5 / c1)


class Model:
    def __init__(self, torch, m, na, V, windows):
        torch.manual_seed(0)
        self.torch, self.m, self.V = torch, m, V
        self.X, self.Y = one_hot(torch, windows(torch, m, V), V)
        self.Xt = self.X.transpose(0, 1).contiguous()  # steps first for the cell loop
        self.cell = torch.nn.LSTMCell(V, na)
        self.dense = torch.nn.Linear(na, V)
        self.fused = torch.nn.LSTM(V, na, batch_first=True)
        self.ce = torch.nn.CrossEntropyLoss(ignore_index=-1, reduction="sum")
        self.na = na

    def trainer(self, formulation):
        torch = self.torch
        cell = formulation == "cell"
        params = list(self.dense.parameters()) + list((self.cell if cell else self.fused).parameters())
        opt = KerasAdam(torch, params)
        m, na, V, X, Y = self.m, self.na, self.V, self.X, self.Y

        def epoch():
            for p in params:
                p.grad = None
            if cell:
                a = torch.zeros(m, na)
                c = torch.zeros(m, na)
                loss = 0.0
                for t in range(TX):
                    a, c = self.cell(self.Xt[t], (a, c))
                    loss = loss + self.ce(self.dense(a), Y[:, t])
            else:
                out, _ = self.fused(X)
                loss = self.ce(self.dense(out).reshape(-1, V), Y.reshape(-1))
            (loss / m).backward()
            opt.step()
            return float(loss)

        return epoch


def clocks():
    return time.process_time(), time.perf_counter()


def time_epochs(epoch, count):
    cpu, wall = clocks()
    for _ in range(count):
        epoch()
    cpu2, wall2 = clocks()
    return cpu2 - cpu, wall2 - wall


def per_epoch(epoch, min_seconds):
    warm, _ = time_epochs(epoch, 1)  # warm-up: allocator, thread pools, first-touch
    least = 1 if warm > 3 * min_seconds else 3
    cpus, walls = [], []
    while len(cpus) < least or (sum(cpus) < min_seconds and len(cpus) < 50):
        c, w = time_epochs(epoch, 1)
        cpus.append(c)
        walls.append(w)
    return statistics.median(cpus), statistics.median(walls), len(cpus)


def notebook(torch, repeats):
    model = Model(torch, 60, 64, 78, notebook_windows)
    result = {"m": 60, "n_a": 64, "V": 78}
    for formulation in ("cell", "fused"):
        runs = []
        for _ in range(repeats):
            epoch = model.trainer(formulation)  # fresh Adam; the weights keep training
            epoch()
            runs.append(time_epochs(epoch, 100))
        result[formulation + "_100_epochs_cpu_s"] = statistics.median(r[0] for r in runs)
        result[formulation + "_100_epochs_wall_s"] = statistics.median(r[1] for r in runs)

    cell, dense, V, na = model.cell, model.dense, 78, 64

    def generate():
        with torch.no_grad():
            a = torch.zeros(1, na)
            c = torch.zeros(1, na)
            x = torch.zeros(1, V)
            for _ in range(TY):
                a, c = cell(x, (a, c))
                k = int(torch.softmax(dense(a), dim=1).argmax())
                x = torch.zeros(1, V)
                x[0, k] = 1.0

    def one_step(reps=2000):
        with torch.no_grad():
            a = torch.zeros(1, na)
            c = torch.zeros(1, na)
            x = torch.zeros(1, V)
            x[0, 5] = 1.0
            start = time.process_time()
            for _ in range(reps):
                a, c = cell(x, (a, c))
                torch.softmax(dense(a), dim=1).argmax()
            return (time.process_time() - start) / reps

    def timed_generate():
        start = time.process_time()
        generate()
        return time.process_time() - start

    result["generate_50_cpu_s"] = statistics.median(timed_generate() for _ in range(25))
    result["step_batch1_cpu_s"] = statistics.median(one_step() for _ in range(5))
    return result


def sized(torch, m, na, V, min_seconds):
    model = Model(torch, m, na, V, random_windows)
    result = {"m": m, "n_a": na, "V": V}
    for formulation in ("cell", "fused"):
        cpu, wall, n = per_epoch(model.trainer(formulation), min_seconds)
        result[formulation + "_epoch_cpu_s"] = cpu
        result[formulation + "_epoch_wall_s"] = wall
        result[formulation + "_epochs_timed"] = n
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    parser.add_argument("--sizes", nargs="*", default=["notebook"])
    parser.add_argument("--min-seconds", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    # Before importing torch, so that OpenMP and OpenBLAS size their pools to the count.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    libs = blas_libraries()
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_summary(libs),
        "blas_libraries": libs,
        "reference_blas_only": bool(libs) and all(lib.startswith(REFERENCE_BLAS) for lib in libs),
        "results": [],
    }
    for size in args.sizes:
        if size == "notebook":
            out["results"].append(notebook(torch, args.repeats))
        else:
            m, na, V = (int(v) for v in size.split(","))
            out["results"].append(sized(torch, m, na, V, args.min_seconds))
        print(f"pytorch_reference: {size} done", file=sys.stderr, flush=True)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

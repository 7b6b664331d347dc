#!/usr/bin/env python3
"""The jazz model of the notebook in PyTorch, as the speed yardstick of bench/compare.

Same shapes as bench/bench_epoch.cpp (m 60, Tx 30, n_a 64, V 78): windows over a seeded
random-walk corpus (the content does not change the cost), x<0> = 0, Y<t> = X<t+1>, the last
target empty. Loss: sum over the Tx outputs of the batch-mean cross-entropy (an empty target
scores 0 but counts in m). Adam with Keras's settings (lr 0.01, beta 0.9/0.999, eps 1e-7,
decay 0.01 as lr / (1 + decay * iterations)). One thread. Prints process CPU times as JSON
(seconds; CPU time because the machine is shared and wall time includes waiting), training as
the median of argv[1] runs (default 1).

Needs python3-torch (Debian); not run by CI.
"""
import json
import random
import statistics
import sys
import time

import torch

TX, M, NA, V, EPOCHS, TY = 30, 60, 64, 78, 100, 50


def windows():
    rng = random.Random(3)
    corpus = []
    note = 0
    for _ in range(200):
        note = (note + rng.randrange(7) + V - 3) % V
        corpus.append(note)
    X = torch.full((M, TX), -1, dtype=torch.long)
    Y = torch.full((M, TX), -1, dtype=torch.long)
    for j in range(M):
        s = rng.randrange(200 - TX)
        X[j, 1:] = torch.tensor(corpus[s + 1:s + TX])
        Y[j, :-1] = X[j, 1:]
    onehot = torch.zeros(M, TX, V)
    for j in range(M):
        for t in range(1, TX):
            onehot[j, t, X[j, t]] = 1.0
    return onehot, Y


class Keras_Adam:
    """Adam as Keras 2 applies it (eps outside the square root, legacy time-based decay)."""

    def __init__(self, params, lr=0.01, b1=0.9, b2=0.999, eps=1e-7, decay=0.01):
        self.params = list(params)
        self.lr, self.b1, self.b2, self.eps, self.decay = lr, b1, b2, eps, decay
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    @torch.no_grad()
    def step(self):
        lr = self.lr / (1.0 + self.decay * self.t)
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        for p, m, v in zip(self.params, self.m, self.v):
            m.mul_(self.b1).add_(p.grad, alpha=1 - self.b1)
            v.mul_(self.b2).addcmul_(p.grad, p.grad, value=1 - self.b2)
            p.addcdiv_(m, v.sqrt().add_(self.eps), value=-lr * c2 ** 0.5 / c1)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    X, Y = windows()
    cell = torch.nn.LSTMCell(V, NA)
    dense = torch.nn.Linear(NA, V)
    fused = torch.nn.LSTM(V, NA, batch_first=True)
    ce = torch.nn.CrossEntropyLoss(ignore_index=-1, reduction="sum")

    def train(loop_cell):
        params = list(dense.parameters()) + list((cell if loop_cell else fused).parameters())
        opt = Keras_Adam(params)
        start = time.process_time()
        for _ in range(EPOCHS):
            for p in params:
                p.grad = None
            if loop_cell:  # the notebook's djmodel: one LSTMCell call and one Dense per step
                a = torch.zeros(M, NA)
                c = torch.zeros(M, NA)
                loss = 0.0
                for t in range(TX):
                    a, c = cell(X[:, t, :], (a, c))
                    loss = loss + ce(dense(a), Y[:, t])
            else:  # fused nn.LSTM over the whole window (teacher forcing)
                out, _ = fused(X)
                loss = ce(dense(out).reshape(-1, V), Y.reshape(-1))
            (loss / M).backward()
            opt.step()
        return time.process_time() - start

    @torch.no_grad()
    def generate():
        a = torch.zeros(1, NA)
        c = torch.zeros(1, NA)
        x = torch.zeros(1, V)
        for _ in range(TY):
            a, c = cell(x, (a, c))
            p = torch.softmax(dense(a), dim=1)
            k = int(p.argmax())
            x = torch.zeros(1, V)
            x[0, k] = 1.0

    @torch.no_grad()
    def one_step(reps=2000):
        a = torch.zeros(1, NA)
        c = torch.zeros(1, NA)
        x = torch.zeros(1, V)
        x[0, 5] = 1.0
        start = time.process_time()
        for _ in range(reps):
            a, c = cell(x, (a, c))
            torch.softmax(dense(a), dim=1).argmax()
        return (time.process_time() - start) / reps

    def median(f, n):
        return statistics.median(f() for _ in range(n))

    def timed_generate():
        start = time.process_time()
        generate()
        return time.process_time() - start

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "train_100_epochs_lstmcell_s": median(lambda: train(True), repeats),
        "train_100_epochs_fused_lstm_s": median(lambda: train(False), repeats),
        "generate_50_s": median(timed_generate, 25),
        "step_batch1_s": median(one_step, 5),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Export LSTM + Dense weights to the jazzlstm model file (docs/model-format.md).

Sources:
  --keras MODEL.h5     a saved Keras model holding one LSTM layer and one Dense layer
                       (the notebook's LSTM_cell and densor); needs tensorflow/keras.
  --torch STATE.pt     a PyTorch state_dict (torch.save(model.state_dict(), ...)) with an
                       nn.LSTMCell or single-layer nn.LSTM and an nn.Linear; needs torch.
  --selftest           no framework at all: writes a small model whose values follow a fixed
                       formula, so the C++ loader can be checked against this script
                       (tests/model_file.cmake runs it when python3 is available).

The vocabulary (--vocabulary) is a text file with one token per line in index order, or a
JSON list; it must be the vocabulary the model was trained with.

Examples:
  python3 export_weights.py --keras jazz.h5 --vocabulary vocab.txt --out jazz.json
  python3 export_weights.py --torch jazz.pt --vocabulary vocab.txt --out jazz.json \
      --lstm-prefix lstm. --linear-prefix dense.
  python3 export_weights.py --selftest --out selftest.json
"""

import argparse
import json
import math
import os
import sys
import tempfile

FORMAT = "jazzlstm-model"
VERSION = 1
# Training facts written when the caller gives none (the notebook's settings).
DEFAULT_INFO = {"Tx": 30, "Ty": 50, "epochs": 0, "m": 0, "seed": 0, "window_seed": 0, "final_loss": None,
                "learning_rate": 0.01, "epsilon": 1e-7, "decay": 0.01}


def fnv1a64(data):
    """FNV-1a, 64-bit, over bytes."""
    h = 14695981039346656037
    for byte in data:
        h ^= byte
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def vocabulary_hash(tokens):
    """The model file's vocabulary hash: FNV-1a 64 over the UTF-8 tokens joined by newlines."""
    return "%016x" % fnv1a64("\n".join(tokens).encode("utf-8"))


def as_rows(array):
    """A nested list (or numpy array) as (shape, flat row-major list of Python floats)."""
    if hasattr(array, "tolist"):
        array = array.tolist()
    if array and isinstance(array[0], list):
        rows, cols = len(array), len(array[0])
        flat = []
        for row in array:
            if len(row) != cols:
                raise ValueError("ragged matrix")
            flat.extend(float(x) for x in row)
        return [rows, cols], flat
    return [len(array)], [float(x) for x in array]


def transpose(matrix):
    """Transpose of a nested list or numpy array, as a nested list."""
    if hasattr(matrix, "T"):
        return matrix.T.tolist()
    return [list(col) for col in zip(*matrix)]


def build_document(kernel, recurrent, bias, dense_kernel, dense_bias, vocabulary, args, source, precision):
    """The model file as a dict, checking every shape against n_a and V."""
    tensors = {}
    for name, value in (("lstm_kernel", kernel), ("lstm_recurrent_kernel", recurrent), ("lstm_bias", bias),
                        ("dense_kernel", dense_kernel), ("dense_bias", dense_bias)):
        shape, data = as_rows(value)
        if not all(math.isfinite(x) for x in data):
            raise ValueError("%s holds a NaN or an infinity" % name)
        tensors[name] = {"shape": shape, "data": data}
    n_a = tensors["lstm_recurrent_kernel"]["shape"][0]
    V = len(vocabulary)
    expected = {"lstm_kernel": [V, 4 * n_a], "lstm_recurrent_kernel": [n_a, 4 * n_a], "lstm_bias": [4 * n_a],
                "dense_kernel": [n_a, V], "dense_bias": [V]}
    for name, shape in expected.items():
        if tensors[name]["shape"] != shape:
            raise ValueError("%s has shape %s, expected %s for n_a=%d and a vocabulary of %d tokens"
                             % (name, tensors[name]["shape"], shape, n_a, V))
    if len(set(vocabulary)) != V:
        raise ValueError("the vocabulary lists a token twice")
    return {
        "format": FORMAT,
        "version": VERSION,
        "hyper": {"Tx": args.Tx, "n_a": n_a, "V": V, "Ty": args.Ty},
        "training": {
            "epochs": args.epochs, "m": args.m, "seed": args.seed, "window_seed": args.window_seed,
            "final_loss": args.final_loss, "precision": precision, "source": source,
            "optimizer": {"name": "adam", "learning_rate": args.learning_rate, "beta_1": 0.9, "beta_2": 0.999,
                          "epsilon": args.epsilon, "decay": args.decay},
        },
        "vocabulary": list(vocabulary),
        "vocabulary_fnv1a64": vocabulary_hash(vocabulary),
        "weights": tensors,
    }


def keras_weights(model):
    """Kernel, recurrent kernel and bias of the LSTM, kernel and bias of the Dense, in Keras order,
    from a live Keras model (e.g. the notebook's `model` after `model.fit`)."""
    lstms = [layer for layer in model.layers if type(layer).__name__ == "LSTM"]
    denses = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    if len(lstms) != 1 or len(denses) != 1:
        raise ValueError("expected exactly one LSTM and one Dense layer, found %d and %d" % (len(lstms), len(denses)))
    lstm, dense = lstms[0], denses[0]
    # jazzlstm computes sigmoid gates and tanh cells; old standalone Keras defaulted to hard_sigmoid.
    config = lstm.get_config()
    if config.get("recurrent_activation") != "sigmoid" or config.get("activation") != "tanh" or not config.get("use_bias", True):
        raise ValueError("the LSTM must use sigmoid gates, tanh and biases (found %s, %s, use_bias=%s)"
                         % (config.get("recurrent_activation"), config.get("activation"), config.get("use_bias")))
    if dense.get_config().get("activation") != "softmax":
        raise ValueError("the Dense layer must use softmax")
    kernel, recurrent, bias = lstm.get_weights()
    dense_kernel, dense_bias = dense.get_weights()
    precision = "float64" if str(kernel.dtype) == "float64" else "float32"
    return kernel, recurrent, bias, dense_kernel, dense_bias, precision


def from_keras(path):
    """Load a saved Keras model and take its weights. Models with Lambda layers (the notebook's)
    may refuse to load in Keras 3; call export_keras_model on the live model instead."""
    from tensorflow import keras  # imported here: only this mode needs TensorFlow

    return keras_weights(keras.models.load_model(path, compile=False))


def export_keras_model(model, vocabulary, out, **info):
    """From a notebook: export_weights.export_keras_model(model, vocabulary, "jazz.json", epochs=100)."""
    args = argparse.Namespace(**dict(DEFAULT_INFO, **info))
    *weights, precision = keras_weights(model)
    write_atomically(out, build_document(*weights, list(vocabulary), args, "keras", precision))


def torch_to_keras(weight_ih, weight_hh, bias_ih, bias_hh, linear_weight, linear_bias):
    """PyTorch nn.LSTMCell / nn.LSTM + nn.Linear parameters in Keras's layout.

    PyTorch stacks the gates i, f, g, o, which is Keras's i, f, c, o, so no block is moved;
    its weight_ih is (4·n_a × n_x) and weight_hh (4·n_a × n_a), so the Keras kernels are their
    transposes; Keras has one bias, the sum bias_ih + bias_hh (summed in double precision);
    nn.Linear's weight is (V × n_a), the transpose of the Dense kernel. Accepts nested lists
    or numpy arrays; returns nested lists.
    """
    def rows(m):
        return m.tolist() if hasattr(m, "tolist") else [list(r) for r in m]

    def flat(v):
        return [float(x) for x in (v.tolist() if hasattr(v, "tolist") else v)]

    bias = [float(a) + float(b) for a, b in zip(flat(bias_ih), flat(bias_hh))]
    return transpose(rows(weight_ih)), transpose(rows(weight_hh)), bias, transpose(rows(linear_weight)), flat(linear_bias)


def from_torch(path, lstm_prefix, linear_prefix):
    """Load a PyTorch state_dict and convert it with torch_to_keras."""
    import torch  # imported here: only this mode needs PyTorch

    state = torch.load(path, map_location="cpu")
    if hasattr(state, "state_dict"):
        state = state.state_dict()

    def get(prefix, names):
        for name in names:
            if prefix + name in state:
                return state[prefix + name].detach().double().numpy()
        raise KeyError("none of %s found under prefix %r; keys: %s" % (names, prefix, sorted(state)))

    if any(k.startswith(lstm_prefix) and k[len(lstm_prefix):].endswith("_l1") for k in state):
        raise ValueError("only a single-layer LSTM can be exported")
    if any(k.startswith(lstm_prefix) and "reverse" in k for k in state):
        raise ValueError("a bidirectional LSTM cannot be exported")
    converted = torch_to_keras(get(lstm_prefix, ["weight_ih", "weight_ih_l0"]), get(lstm_prefix, ["weight_hh", "weight_hh_l0"]),
                               get(lstm_prefix, ["bias_ih", "bias_ih_l0"]), get(lstm_prefix, ["bias_hh", "bias_hh_l0"]),
                               get(linear_prefix, ["weight"]), get(linear_prefix, ["bias"]))
    dtype = str(next(iter(state.values())).dtype)
    return converted + ("float64" if dtype == "torch.float64" else "float32",)


def check_torch_conversion():
    """One LSTM + softmax step computed with PyTorch's formulas and parameters, and with Keras's
    formulas on the converted parameters, must agree: guards the gate order and transposes."""
    import random

    rng = random.Random(5)
    n_x, n_a, V = 3, 2, 3

    def mat(r, c):
        return [[rng.uniform(-1, 1) for _ in range(c)] for _ in range(r)]

    def vec(n):
        return [rng.uniform(-1, 1) for _ in range(n)]

    w_ih, w_hh, b_ih, b_hh, lin_w, lin_b = mat(4 * n_a, n_x), mat(4 * n_a, n_a), vec(4 * n_a), vec(4 * n_a), mat(V, n_a), vec(V)
    x, h, c = vec(n_x), vec(n_a), vec(n_a)

    def sigmoid(z):
        return 1.0 / (1.0 + math.exp(-z))

    def softmax(z):
        top = max(z)
        e = [math.exp(v - top) for v in z]
        return [v / sum(e) for v in e]

    # PyTorch: gates = W_ih x + b_ih + W_hh h + b_hh, chunks i, f, g, o.
    g = [sum(w_ih[r][k] * x[k] for k in range(n_x)) + b_ih[r] + sum(w_hh[r][k] * h[k] for k in range(n_a)) + b_hh[r] for r in range(4 * n_a)]
    i, f, gg, o = ([g[q * n_a + u] for u in range(n_a)] for q in range(4))
    c_t = [sigmoid(f[u]) * c[u] + sigmoid(i[u]) * math.tanh(gg[u]) for u in range(n_a)]
    h_t = [sigmoid(o[u]) * math.tanh(c_t[u]) for u in range(n_a)]
    p_torch = softmax([sum(lin_w[v][u] * h_t[u] for u in range(n_a)) + lin_b[v] for v in range(V)])

    # Keras: z = x·kernel + h·recurrent_kernel + bias, blocks i, f, c, o.
    kernel, recurrent, bias, dense_kernel, dense_bias = torch_to_keras(w_ih, w_hh, b_ih, b_hh, lin_w, lin_b)
    z = [sum(x[k] * kernel[k][col] for k in range(n_x)) + sum(h[k] * recurrent[k][col] for k in range(n_a)) + bias[col] for col in range(4 * n_a)]
    zi, zf, zc, zo = ([z[q * n_a + u] for u in range(n_a)] for q in range(4))
    c_k = [sigmoid(zf[u]) * c[u] + sigmoid(zi[u]) * math.tanh(zc[u]) for u in range(n_a)]
    a_k = [sigmoid(zo[u]) * math.tanh(c_k[u]) for u in range(n_a)]
    p_keras = softmax([sum(a_k[u] * dense_kernel[u][v] for u in range(n_a)) + dense_bias[v] for v in range(V)])

    worst = max(abs(a - b) for a, b in zip(p_torch, p_keras))
    if worst > 1e-12:
        raise AssertionError("PyTorch -> Keras conversion changes the output by %g" % worst)


def selftest_values(tensor_index, count):
    """The formula the C++ test recomputes: exact decimal-unfriendly doubles, sign changes."""
    return [((k * 7919 + 31 * tensor_index) % 2001 - 1000) / 3000.0 for k in range(count)]


def selftest_model(n_a=4, V=6):
    vocabulary = ["tok%d" % k for k in range(V - 1)] + ["R,0.333,<\u00e9>"]  # one non-ASCII token: hashed as UTF-8

    def matrix(tensor_index, rows, cols):
        flat = selftest_values(tensor_index, rows * cols)
        return [flat[r * cols:(r + 1) * cols] for r in range(rows)]

    kernel = matrix(0, V, 4 * n_a)
    recurrent = matrix(1, n_a, 4 * n_a)
    bias = selftest_values(2, 4 * n_a)
    dense_kernel = matrix(3, n_a, V)
    dense_bias = selftest_values(4, V)
    return kernel, recurrent, bias, dense_kernel, dense_bias, vocabulary


def read_vocabulary(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        tokens = json.loads(text)
    else:
        tokens = text.split("\n")
        if tokens and tokens[-1] == "":
            tokens.pop()
    if not tokens or not all(isinstance(t, str) and t for t in tokens):
        raise ValueError("the vocabulary must be a non-empty list of non-empty strings")
    return tokens


def write_atomically(path, document):
    """Write next to the target and rename, so a failed export never leaves half a file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--keras", metavar="MODEL.h5")
    source.add_argument("--torch", metavar="STATE.pt")
    source.add_argument("--selftest", action="store_true")
    parser.add_argument("--vocabulary", metavar="FILE", help="tokens in index order (text, one per line, or JSON list)")
    parser.add_argument("--out", required=True, metavar="MODEL.json")
    parser.add_argument("--lstm-prefix", default="lstm.", help="state_dict prefix of the LSTM (PyTorch)")
    parser.add_argument("--linear-prefix", default="dense.", help="state_dict prefix of the Linear layer (PyTorch)")
    parser.add_argument("--Tx", type=int, default=30)
    parser.add_argument("--Ty", type=int, default=50)
    parser.add_argument("--epochs", type=int, default=0)
    parser.add_argument("--m", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--window-seed", type=int, default=0)
    parser.add_argument("--final-loss", type=float, default=None)
    parser.add_argument("--learning-rate", type=float, default=0.01)
    parser.add_argument("--epsilon", type=float, default=1e-7)
    parser.add_argument("--decay", type=float, default=0.01)
    args = parser.parse_args(argv)

    if args.selftest:
        check_torch_conversion()
        kernel, recurrent, bias, dense_kernel, dense_bias, vocabulary = selftest_model()
        document = build_document(kernel, recurrent, bias, dense_kernel, dense_bias, vocabulary, args, "selftest", "float64")
    else:
        if not args.vocabulary:
            parser.error("--vocabulary is required with --keras and --torch")
        vocabulary = read_vocabulary(args.vocabulary)
        if args.keras:
            *weights, precision = from_keras(args.keras)
            source_name = "keras"
        else:
            *weights, precision = from_torch(args.torch, args.lstm_prefix, args.linear_prefix)
            source_name = "pytorch"
        document = build_document(*weights, vocabulary, args, source_name, precision)
    write_atomically(args.out, document)
    print("wrote %s: n_a=%d, V=%d, vocabulary %s" % (args.out, document["hyper"]["n_a"], document["hyper"]["V"],
                                                     document["vocabulary_fnv1a64"]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ValueError, KeyError, OSError) as e:
        print("export_weights.py: error: %s" % e, file=sys.stderr)
        sys.exit(1)

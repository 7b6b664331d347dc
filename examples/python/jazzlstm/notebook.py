"""The Coursera notebook "Improvise a Jazz Solo with an LSTM Network", without TensorFlow or music21.

Replace the notebook's import cell with

    import numpy as np
    from jazzlstm.notebook import *

and its other cells run as written (both the v3a and the v4 versions): load_music_utils,
the Keras-style layers (Input, Reshape, LSTM, Dense, Lambda, RepeatVector), Model with
summary / compile / fit / predict, Adam, to_categorical, K.argmax, tf.math.argmax,
tf.one_hot, one_hot, generate_music, mid2wav. The graph the learner writes is recognised
and run on the jazzlstm library (jazzlstm/_graph.py); docs/python.md lists every supported
call and every difference from Keras.
"""

import os as _os
import sys as _sys
import time as _time
import types as _types

import numpy as _np

import jazzlstm as _jazzlstm
from . import _core
from ._errors import ArgumentError as _ArgumentError
from ._errors import raise_error as _raise
from ._graph import (  # noqa: F401  (the notebook's names)
    Dense,
    GraphWarning,
    Input,
    KerasTensor,
    Lambda,
    LSTM,
    RepeatVector,
    Reshape,
)
from ._graph import analyse as _analyse
from ._graph import argmax as _argmax
from ._graph import one_hot_indices as _one_hot_indices

__all__ = [
    "load_music_utils", "djmodel", "music_inference_model", "predict_and_sample", "generate_music", "mid2wav",
    "one_hot", "Input", "Reshape", "LSTM", "Dense", "Lambda", "RepeatVector", "Activation", "Dropout", "Model",
    "Adam", "to_categorical", "K", "tf", "glorot_uniform", "load_model", "summary", "comparator", "djmodel_out",
    "music_inference_model_out", "GraphWarning", "SEED", "IPython", "np",
]

#: Seed of the weights of every new model (Keras draws them at random; here they are reproducible).
SEED = 1
#: The reference file the older notebook loads without an argument.
DEFAULT_FILE = "data/original_metheny.mid"

np = _np


def _fail(id, detail):
    _raise(_ArgumentError, id, detail)


class _State:
    corpus = None         # the corpus of the last load_music_utils() call
    indices_values = None


# ---- data -------------------------------------------------------------------------------------

class NotebookChords:
    """The notebook's ``chords``: len() is its len(chords) (group 0, the metadata, counted; 19 on
    the reference file), chords[i] for i >= 1 the chords of measure i."""

    def __init__(self, corpus):
        self.corpus = corpus
        self._groups = corpus.chord_groups()

    def __len__(self):
        return self.corpus.chord_group_count

    def __getitem__(self, i):
        if i < 0:
            i += len(self)
        if i == 0:
            return []
        if not 0 < i < len(self) or i > len(self._groups):
            raise IndexError("chord group index out of range")
        return list(self._groups[i - 1])

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __repr__(self):
        return "<%d chord groups of %s>" % (len(self), self.corpus.source)


def _load_corpus(path, behaviour):
    """The notebook's extraction (the metheny preset: Guitar over Piano, offsets 476..548) when
    the file has those parts, else the automatic part choice (printed)."""
    try:
        return _jazzlstm.load_corpus(path, preset="metheny", behaviour=behaviour)
    except _jazzlstm.ArgumentError as e:
        if not e.id.startswith("jazzlstm.corpus."):
            raise
    corpus = _jazzlstm.load_corpus(path, behaviour=behaviour)
    print("jazzlstm: %s has not the reference file's parts; %s" % (path, corpus.parts.explanation))
    return corpus


def load_music_utils(file=None, music21=None):
    """The notebook's load_music_utils: X (m, Tx, n_values), Y (Ty, m, n_values), n_values,
    indices_values (index -> token, the library's sorted order) and, when called with a file as
    the newer notebook does, chords.

    load_music_utils()      the older notebook (v3a): data/original_metheny.mid as music21 5
                            read it (no rests): 78 values; returns 4 values
    load_music_utils(file)  the newer notebook (v4): as music21 6 reads it (rests): 90 values on
                            the reference file; returns 5 values (with chords)
    music21=5 or 6 overrides the music21 generation imitated. The windows are the notebook's:
    m = 60, Tx = 30, numpy seed 0 (the very windows it trained on).
    """
    if music21 is None:
        music21 = 5 if file is None else 6
    if music21 not in (5, 6):
        _fail("jazzlstm.notebook.music21", "music21 must be 5 or 6, got %r" % (music21,))
    corpus = _load_corpus(DEFAULT_FILE if file is None else file, "music21_%d" % music21)
    data = corpus.training_data()
    X, Y = data.one_hot_X(), data.one_hot_Y()
    n_values = len(corpus.vocabulary)
    indices_values = dict(enumerate(corpus.vocabulary))
    _State.corpus, _State.indices_values = corpus, indices_values
    if file is None:
        return X, Y, n_values, indices_values
    return X, Y, n_values, indices_values, NotebookChords(corpus)


# ---- the optimizer and utilities --------------------------------------------------------------

class Adam:
    """keras.optimizers.Adam (Keras 2's legacy update, with ``decay``): lr / (1 + decay·iterations)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0.0, amsgrad=False,
                 lr=None, name="Adam", **kwargs):
        if amsgrad:
            _fail("jazzlstm.notebook.optimizer", "Adam(amsgrad=True) is not supported")
        self.learning_rate = float(lr if lr is not None else learning_rate)
        self.beta_1, self.beta_2, self.epsilon, self.decay = float(beta_1), float(beta_2), float(epsilon), float(decay)

    lr = property(lambda self: self.learning_rate)

    def settings(self):
        return (self.learning_rate, self.beta_1, self.beta_2, self.epsilon, self.decay)

    def __repr__(self):
        return "Adam(learning_rate=%g, beta_1=%g, beta_2=%g, epsilon=%g, decay=%g)" % self.settings()


def to_categorical(y, num_classes=None, dtype="float32"):
    """keras.utils.to_categorical, as Keras computes it (a trailing axis of 1 is dropped)."""
    y = _np.array(y, dtype="int")
    shape = y.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = tuple(shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = int(_np.max(y)) + 1
    out = _np.zeros((y.shape[0], num_classes), dtype=dtype)
    out[_np.arange(y.shape[0]), y] = 1
    return out.reshape(shape + (num_classes,))


def one_hot(x):
    """music_utils.one_hot: the one-hot argmax of x as a (None, 1, n_values) step (Lambda(one_hot))."""
    x = K.argmax(x)
    x = tf.one_hot(indices=x, depth=x.attrs["depth"] if isinstance(x, KerasTensor) else 78)
    return RepeatVector(1)(x)


#: The keras backend functions the notebook uses (K.argmax).
K = _types.SimpleNamespace(argmax=_argmax, one_hot=lambda indices, num_classes: _one_hot_indices(indices, num_classes))
#: The tensorflow functions the newer notebook uses (tf.math.argmax, tf.one_hot).
tf = _types.SimpleNamespace(math=_types.SimpleNamespace(argmax=_argmax), argmax=_argmax,
                            one_hot=lambda indices, depth, **kw: _one_hot_indices(indices, depth, **kw))


def glorot_uniform(seed=None):
    """Imported by the older notebook, never called by it: Keras's default initializer is what jazzlstm uses."""
    return "glorot_uniform"


def load_model(*args, **kwargs):
    _fail("jazzlstm.notebook.unsupported", "load_model: use jazzlstm.Model.load on a jazzlstm model file")


def Activation(*args, **kwargs):
    _fail("jazzlstm.notebook.unsupported", "Activation layers are not part of the notebook's model")


def Dropout(*args, **kwargs):
    _fail("jazzlstm.notebook.unsupported", "Dropout layers are not part of the notebook's model")


try:  # the notebook imports IPython for IPython.display.Audio
    import IPython  # noqa: F401
except ImportError:  # pragma: no cover - only without IPython
    IPython = None


# ---- the shared network -----------------------------------------------------------------------

class _Shared:
    """The one JazzModel behind a pair of shared LSTM and Dense layer objects."""

    def __init__(self, V, n_a, seed, adam=None):
        self.V, self.n_a, self.seed = V, n_a, seed
        self.adam = adam
        kwargs = {}
        if adam is not None:
            lr, b1, b2, eps, decay = adam.settings()
            kwargs = dict(learning_rate=lr, beta_1=b1, beta_2=b2, epsilon=eps, decay=decay)
        self.network = _core.Network(V, n_a, seed, **kwargs)
        self.epochs = 0

    def lstm_params(self):
        return 4 * self.n_a * (self.V + self.n_a + 1)

    def dense_params(self):
        return self.n_a * self.V + self.V

    def set_part(self, part):
        w = dict(self.network.keras_weights())
        w.update(part)
        self.network.set_keras_weights(w)

    def use_optimizer(self, adam):
        """A fresh optimizer (Keras: compile() with a new optimizer starts its moments at zero)."""
        weights = self.network.keras_weights()
        threads = self.network.threads
        self.__init__(self.V, self.n_a, self.seed, adam)
        self.network.set_keras_weights(weights)
        self.network.threads = threads


def _shared_of(cell, densor):
    if cell._native is None and densor._native is None:
        shared = _Shared(densor.units, cell.units, SEED)
        cell._native = densor._native = shared
    elif cell._native is not densor._native:
        _fail("jazzlstm.notebook.layers",
              "this LSTM and this Dense layer belong to different models; jazzlstm keeps the LSTM and the Dense "
              "layer of one model together (use the same LSTM_cell and densor for djmodel and music_inference_model)")
    shared = cell._native
    if (shared.V, shared.n_a) != (densor.units, cell.units):
        _fail("jazzlstm.notebook.layers", "the layers' sizes changed after the model was built")
    return shared


# ---- Model ------------------------------------------------------------------------------------

class History:
    """keras.callbacks.History: ``history['loss']`` (and 'accuracy'), ``epoch``, ``params``."""

    def __init__(self, model, records, epochs, steps):
        self.model = model
        self.history = {"loss": [r["loss"] for r in records], "accuracy": [r["accuracy"] for r in records]}
        self.epoch = [r["epoch"] - records[0]["epoch"] for r in records] if records else []
        self.params = {"verbose": 1, "epochs": epochs, "steps": steps}

    def __repr__(self):
        return "<jazzlstm.notebook.History at 0x%x>" % id(self)


class _InputLayer:
    def __init__(self, tensor, name):
        self.name = tensor.attrs.get("name") or name
        self.tensor = tensor

    output_shape = property(lambda self: [self.tensor.shape])

    def count_params(self):
        return 0


class Model:
    """keras.models.Model(inputs=[X, a0, c0], outputs=outputs) for the notebook's two graphs:
    djmodel's training graph (fit) and music_inference_model's generation graph (predict).
    Both run on the library's JazzModel shared through the LSTM and Dense layer objects."""

    _count = 0

    def __init__(self, inputs=None, outputs=None, name=None):
        if isinstance(outputs, KerasTensor):
            outputs = [outputs]
        graph = _analyse(inputs, outputs)
        graph["outputs"] = list(outputs)
        self.graph = graph
        self.kind = graph["kind"]
        self._cell, self._densor = graph["cell"], graph["densor"]
        self._shared = _shared_of(self._cell, self._densor)
        Model._count += 1
        self.name = name or ("functional_%d" % (2 * Model._count - 1))
        self.steps = graph["steps"]
        self.optimizer = None
        self.loss = None
        names = ["input_%d" % Model._count, "a0", "c0"]
        self.inputs = graph["inputs"]
        self.layers = [_InputLayer(t, n) for t, n in zip(self.inputs, names)]
        reshapers = {t.layer for t in self._walk() if t.op == "reshape" and t.layer is not None}
        self.layers += sorted(reshapers, key=lambda layer: layer.name) + [self._cell, self._densor]

    def _walk(self):
        seen, stack = set(), list(self.graph["outputs"])
        while stack:
            t = stack.pop()
            if id(t) in seen:
                continue
            seen.add(id(t))
            yield t
            stack.extend(t.inputs)

    network = property(lambda self: self._shared.network, doc="the jazzlstm.Model network (_core.Network) behind the layers")

    def count_params(self):
        return self._shared.lstm_params() + self._shared.dense_params()

    def summary(self, line_length=110, print_fn=None):
        """Keras's layer table; the shared layers appear once, with the number of calls."""
        print_fn = print_fn or print
        V, n_a, steps = self._shared.V, self._shared.n_a, self.steps
        widths = [32, 38, 12]
        rule = "_" * line_length

        def row(cells):
            return "".join(str(cell).ljust(width) for cell, width in zip(cells, widths + [0])).rstrip()

        lines = ['Model: "%s"' % self.name, rule, row(["Layer (type)", "Output Shape", "Param #", "Connected to"]), "=" * line_length]
        x_name = self.layers[0].name
        lines.append(row(["%s (InputLayer)" % x_name, str([self.inputs[0].shape]), 0, ""]))
        lines.append(row(["a0 (InputLayer)", str([(None, n_a)]), 0, ""]))
        lines.append(row(["c0 (InputLayer)", str([(None, n_a)]), 0, ""]))
        for layer in self.layers[3:]:
            if isinstance(layer, Reshape):
                lines.append(row(["%s (Reshape)" % layer.name, str((None, 1, V)), 0, "%s[0][0], %d steps" % (x_name, steps)]))
            elif isinstance(layer, LSTM):
                lines.append(row(["%s (LSTM)" % layer.name, "[(None, %d), (None, %d), (None, %d)]" % (n_a, n_a, n_a),
                                  self._shared.lstm_params(), "%d calls, shared" % steps]))
            elif isinstance(layer, Dense):
                lines.append(row(["%s (Dense)" % layer.name, str((None, V)), self._shared.dense_params(),
                                  "%s[t][%d], %d calls, shared" % (self._cell.name, 2 if self.graph["reads_c"] else 0, steps)]))
        total = self.count_params()
        lines += ["=" * line_length, "Total params: {:,}".format(total), "Trainable params: {:,}".format(total),
                  "Non-trainable params: 0", rule]
        for line in lines:
            print_fn(line)

    def compile(self, optimizer="adam", loss=None, metrics=None, **kwargs):
        """Only loss='categorical_crossentropy' and Adam (an Adam(...) or 'adam'); metrics=['accuracy'] is
        reported as history['accuracy']."""
        if loss not in ("categorical_crossentropy", None):
            _fail("jazzlstm.notebook.loss", "loss=%r: jazzlstm trains with 'categorical_crossentropy'" % (loss,))
        if isinstance(optimizer, str):
            if optimizer.lower() != "adam":
                _fail("jazzlstm.notebook.optimizer", "optimizer=%r: jazzlstm trains with Adam" % (optimizer,))
            optimizer = Adam()
        if not isinstance(optimizer, Adam):
            _fail("jazzlstm.notebook.optimizer", "the optimizer must be jazzlstm.notebook.Adam(...)")
        self.optimizer, self.loss, self.metrics = optimizer, "categorical_crossentropy", list(metrics or [])
        self._shared.use_optimizer(optimizer)

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None, shuffle=True, **kwargs):
        """model.fit([X, a0, c0], list(Y), epochs=...): Keras's default batch_size 32 (consecutive
        batches; Keras also shuffles them each epoch, jazzlstm does not), a0 = c0 = 0 only."""
        if self.kind != "training":
            _fail("jazzlstm.notebook.fit", "fit trains djmodel's graph; this is the inference graph")
        if self.optimizer is None:
            _fail("jazzlstm.notebook.not_compiled", "You must compile your model before training/testing. Use `model.compile(optimizer, loss)`.")
        unsupported = [k for k in ("validation_split", "validation_data", "class_weight", "sample_weight", "initial_epoch") if kwargs.get(k)]
        if unsupported or callbacks:
            _fail("jazzlstm.notebook.fit", "fit(%s) is not supported" % ", ".join(unsupported + (["callbacks"] if callbacks else [])))
        if not isinstance(x, (list, tuple)) or len(x) != 3:
            _fail("jazzlstm.notebook.fit", "fit takes x = [X, a0, c0] as the notebook passes it")
        X, a0, c0 = (_np.asarray(v) for v in x)
        if a0.shape != (X.shape[0], self._shared.n_a) or c0.shape != a0.shape:
            _fail("jazzlstm.notebook.initial_state", "a0 and c0 must be (m, n_a) = (%d, %d)" % (X.shape[0], self._shared.n_a))
        if _np.any(a0) or _np.any(c0):
            _fail("jazzlstm.notebook.initial_state", "jazzlstm starts every window from a0 = c0 = 0, as the notebook does")
        if X.shape[1:] != self.inputs[0].shape[1:]:
            _fail("jazzlstm.notebook.fit", "X is %s; the model's input is %s" % (X.shape, self.inputs[0].shape))
        X_idx, Y_idx = _jazzlstm._training_arrays(X, y, X.shape[1])
        if X.shape[1] != _jazzlstm.TX:
            _fail("jazzlstm.python.tx", "Tx = %d: the module's models train on Tx = %d" % (X.shape[1], _jazzlstm.TX))
        m = X.shape[0]
        batch = 32 if batch_size is None else int(batch_size)
        steps = -(-m // min(batch, m))
        records = []
        start = [_time.perf_counter()]
        first = self._shared.epochs + 1

        def on_epoch(epoch, loss, accuracy):
            records.append({"epoch": epoch, "loss": loss, "accuracy": accuracy})
            if verbose:
                now = _time.perf_counter()
                seconds, start[0] = now - start[0], now
                print("Epoch %d/%d" % (epoch - first + 1, epochs))
                print("%d/%d [==============================] - %.0fs %.0fms/step - loss: %.4f - accuracy: %.4f"
                      % (steps, steps, seconds, 1000 * seconds / steps, loss, accuracy))
                _sys.stdout.flush()

        self.network.fit(X_idx, Y_idx, int(epochs), batch if batch < m else 0, on_epoch, first)
        self._shared.epochs += int(epochs)
        return History(self, records, int(epochs), steps)

    def predict(self, x, batch_size=None, verbose=0, **kwargs):
        """inference_model.predict([x_initializer, a_initializer, c_initializer]): a list of Ty
        arrays (batch, n_values) of softmax outputs, each step fed the one-hot argmax of the last."""
        if self.kind != "inference":
            _fail("jazzlstm.notebook.predict", "predict runs music_inference_model's graph; this is the training graph")
        if not isinstance(x, (list, tuple)) or len(x) != 3:
            _fail("jazzlstm.notebook.predict", "predict takes [x_initializer, a_initializer, c_initializer]")
        x0, a0, c0 = (_np.asarray(v) for v in x)
        V, n_a = self._shared.V, self._shared.n_a
        if x0.ndim != 3 or x0.shape[1:] != (1, V) or a0.shape != (x0.shape[0], n_a) or c0.shape != a0.shape:
            _fail("jazzlstm.notebook.predict", "the initializers must be (batch, 1, %d), (batch, %d), (batch, %d)" % (V, n_a, n_a))
        if _np.any(a0) or _np.any(c0):
            _fail("jazzlstm.notebook.initial_state", "jazzlstm generates from a0 = c0 = 0, as the notebook does")
        first = _jazzlstm._indices_of_one_hot(x0[:, 0, :], "x_initializer")
        net = self.network
        out = _np.zeros((self.steps, x0.shape[0], V), dtype=_np.float32)
        for row, token in enumerate(first):
            net.reset_state()
            token = int(token)
            for t in range(self.steps):
                p = net.step(token)
                out[t, row] = p
                token = int(_np.argmax(p))
        return list(out)

    def get_weights(self):
        return self._cell.get_weights() + self._densor.get_weights()

    def set_weights(self, weights):
        self._cell.set_weights(weights[:3])
        self._densor.set_weights(weights[3:])

    def save(self, path):
        """A jazzlstm model file (with the vocabulary of the last load_music_utils()), readable by
        jazzlstm.Model.load and `jazzlstm generate`."""
        vocabulary = [_State.indices_values[i] for i in range(len(_State.indices_values))] if _State.indices_values else None
        if vocabulary is None or len(vocabulary) != self._shared.V:
            _fail("jazzlstm.python.no_vocabulary", "save needs the vocabulary of a load_music_utils() call with %d values" % self._shared.V)
        self.network.save(_os.fspath(path), vocabulary, self._shared.epochs, 60, self._shared.seed, None, 50)

    def __repr__(self):
        return "<jazzlstm.notebook.Model %s (%s, %d steps)>" % (self.name, self.kind, self.steps)


# ---- the notebook's graded functions, ready-made ----------------------------------------------

def djmodel(Tx, *layers, **kwargs):
    """The training graph, both notebook versions: djmodel(Tx, LSTM_cell, densor, reshaper) (v4)
    or djmodel(Tx, n_a, n_values) (v3a; fresh layers, reachable as model.layers)."""
    if len(layers) == 3 and isinstance(layers[0], LSTM):
        LSTM_cell, densor, reshaper = layers
    else:
        args = dict(zip(("n_a", "n_values"), layers))
        args.update(kwargs)
        LSTM_cell = LSTM(args.get("n_a", 64), return_state=True)
        densor = Dense(args.get("n_values", 78), activation="softmax")
        reshaper = Reshape((1, densor.units))
    n_values, n_a = densor.units, LSTM_cell.units
    X = Input(shape=(Tx, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outputs = []
    for t in range(Tx):
        x = reshaper(X[:, t, :])
        a, _, c = LSTM_cell(inputs=x, initial_state=[a, c])
        outputs.append(densor(a))
    return Model(inputs=[X, a0, c0], outputs=outputs)


def music_inference_model(LSTM_cell, densor, n_values=None, n_a=None, Ty=100):
    """The generation graph: Ty steps from x0, each output's one-hot argmax fed back."""
    n_values, n_a = densor.units, LSTM_cell.units
    x0 = Input(shape=(1, n_values))
    a0 = Input(shape=(n_a,), name="a0")
    c0 = Input(shape=(n_a,), name="c0")
    a, c, x = a0, c0, x0
    outputs = []
    for t in range(Ty):
        a, _, c = LSTM_cell(x, initial_state=[a, c])
        out = densor(a)
        outputs.append(out)
        x = RepeatVector(1)(tf.one_hot(tf.math.argmax(out, axis=-1), n_values))
    return Model(inputs=[x0, a0, c0], outputs=outputs)


def predict_and_sample(inference_model, x_initializer=None, a_initializer=None, c_initializer=None):
    """results (Ty, n_values) one-hot and indices (Ty, 1), greedy as in the notebook."""
    V, n_a = inference_model._shared.V, inference_model._shared.n_a
    x_initializer = _np.zeros((1, 1, V)) if x_initializer is None else x_initializer
    a_initializer = _np.zeros((1, n_a)) if a_initializer is None else a_initializer
    c_initializer = _np.zeros((1, n_a)) if c_initializer is None else c_initializer
    pred = inference_model.predict([x_initializer, a_initializer, c_initializer])
    indices = _np.argmax(pred, axis=-1)
    results = to_categorical(indices, num_classes=V)
    return results, indices


def generate_music(inference_model, indices_values=None, chords=None, diversity=0.5, **kwargs):
    """The notebook's generate_music: for each chord group i = 1 .. len(chords)/3 - 1, Ty greedy
    tokens from zero state, 'C,0.25' prepended, A/X read as C, pruned, turned into notes over
    the group's chords (the library's notebook loop, improv/generate.hpp). Prints the notebook's
    lines, writes output/my_music.midi (130 bpm) and returns the solo (a jazzlstm.Solo)."""
    if isinstance(chords, NotebookChords):
        corpus = chords.corpus
    elif chords is None and _State.corpus is not None:
        corpus = _State.corpus
    else:
        _fail("jazzlstm.notebook.chords", "generate_music needs the chords of load_music_utils(file) (or a load_music_utils() call first)")
    indices_values = indices_values if indices_values is not None else _State.indices_values
    vocabulary = [indices_values[i] for i in range(len(indices_values))]
    model = getattr(inference_model, "_shared", None)
    if model is None:
        _fail("jazzlstm.notebook.generate", "generate_music takes the model of music_inference_model")
    ty = inference_model.steps if inference_model.kind == "inference" else 50
    print("Predicting new values for different set of chords.")
    solo = _core.improvise(model.network, vocabulary, corpus.chord_groups(), 0.0, ty, True, SEED, corpus.behaviour)
    for g in solo.groups:
        print('Generated %s sounds using the predicted values for the set of chords ("%s") and after pruning' % (g.notes, g.group))
    _os.makedirs("output", exist_ok=True)
    out = _jazzlstm.Solo(solo, bpm=130.0)
    out.midi = out.write_midi(_os.path.join("output", "my_music.midi"))
    print("Your generated music is saved in output/my_music.midi")
    return out


def mid2wav(file):
    """The newer notebook's mid2wav: renders the MIDI file to output/rendered.wav, at concert
    pitch (A4 = 440 Hz; the notebook's own renderer played A4 at 500 Hz)."""
    _os.makedirs("output", exist_ok=True)
    return _jazzlstm.midi_to_wav(file, _os.path.join("output", "rendered.wav"), 440.0)


# ---- the newer notebook's unit-test helpers (test_utils.summary, comparator) ------------------

def summary(model):
    """[class name, output shape, parameters] of each layer, as the course's test_utils.summary."""
    rows = []
    for layer in model.layers:
        if isinstance(layer, _InputLayer):
            rows.append(["InputLayer", layer.output_shape, 0])
        elif isinstance(layer, Reshape):
            rows.append(["Reshape", (None,) + layer.target_shape, 0])
        elif isinstance(layer, LSTM):
            n_a = layer.units
            rows.append(["LSTM", [(None, n_a), (None, n_a), (None, n_a)], layer.count_params()])
        elif isinstance(layer, Dense):
            rows.append(["Dense", (None, layer.units), layer.count_params()])
    return rows


def comparator(learner, instructor):
    """Prints "All tests passed!" when the two summaries agree, else raises AssertionError."""
    if len(learner) != len(instructor):
        raise AssertionError("The number of layers in the model is incorrect. Expected: %d Found: %d" % (len(instructor), len(learner)))
    for a, b in zip(learner, instructor):
        if list(a) != list(b):
            print("Test failed \n Expected value \n\n %s \n\n does not match the input value: \n\n %s" % (b, a))
            raise AssertionError("Error in test")
    print("All tests passed!")


#: What summary() gives for a correct djmodel / music_inference_model of the newer notebook (V 90, n_a 64).
djmodel_out = [["InputLayer", [(None, 30, 90)], 0], ["InputLayer", [(None, 64)], 0], ["InputLayer", [(None, 64)], 0],
               ["Reshape", (None, 1, 90), 0], ["LSTM", [(None, 64), (None, 64), (None, 64)], 39680], ["Dense", (None, 90), 5850]]
music_inference_model_out = [["InputLayer", [(None, 1, 90)], 0], ["InputLayer", [(None, 64)], 0], ["InputLayer", [(None, 64)], 0],
                             ["LSTM", [(None, 64), (None, 64), (None, 64)], 39680], ["Dense", (None, 90), 5850]]

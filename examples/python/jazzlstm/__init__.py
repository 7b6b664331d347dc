"""jazzlstm: learn a jazz soloist's style from MIDI and improvise new solos (docs/python.md).

The C++ library (include/jazzlstm) does the work; this package is its Python face:

    corpus = jazzlstm.load_corpus("song.mid")             # MIDI -> grammar tokens
    model = jazzlstm.Model(corpus, seed=1)                # LSTM(64) + Dense + softmax, Keras's init
    history = model.fit(corpus.training_data(), epochs=100)
    solo = jazzlstm.improvise(corpus, model=model, out="solo.mid")

``jazzlstm.notebook`` runs the Coursera notebook's own cells (Keras-style layers over the same
library). Errors are ``jazzlstm.Error`` subclasses carrying the library's stable ``id``.
"""

import collections as _collections
import os as _os

import numpy as _np

from ._errors import (  # noqa: F401  (re-exported)
    ArgumentError,
    Error,
    FileError,
    LimitError,
    NumericError,
    ParseError,
    ShapeError,
)
from ._errors import raise_error as _raise
from . import _core

__version__ = _core.__version__
__all__ = [
    "Corpus", "Model", "Solo", "Note", "TrainingData", "StopTraining", "load_corpus", "default_corpus_path",
    "training_data", "improvise", "filtered_distribution", "midi_to_wav", "loss_chart_svg",
    "Error", "ParseError", "ShapeError", "FileError", "LimitError", "NumericError", "ArgumentError",
]

#: LSTM sizes ``Model(units=...)`` accepts (compiled into the extension).
COMPILED_UNITS = tuple(_core.compiled_units)
#: The training window length of every model (the notebook's Tx).
TX = _core.window_steps
#: The index that stands for an all-zero one-hot row (no input / no target).
NO_TOKEN = _core.no_token


def default_corpus_path():
    """The embedded corpus of the jazzlstm program (examples/data/default_corpus.mid)."""
    return _os.path.join(_os.path.dirname(__file__), "data", "default_corpus.mid")


# ---- corpus -----------------------------------------------------------------------------------

class Corpus:
    """The token corpus of one MIDI file (music/corpus.hpp's Corpus).

    ``tokens`` (list of str, in order), ``vocabulary`` (sorted unique tokens; index k is token k),
    ``indices`` (numpy int32, the tokens' indices), ``parts`` (which tracks and window, and
    ``parts.explanation``), ``measures``, ``chord_group_count``, ``behaviour``, ``notes``, ``bpm``
    (the source's tempo at the window's start).
    """

    def __init__(self, native, source=None):
        self._native = native
        self.source = source

    tokens = property(lambda self: self._native.tokens)
    vocabulary = property(lambda self: self._native.vocabulary)
    indices = property(lambda self: self._native.indices)
    parts = property(lambda self: self._native.parts)
    notes = property(lambda self: self._native.notes)
    measures = property(lambda self: self._native.measures)
    measure_count = property(lambda self: self._native.measure_count)
    chord_group_count = property(lambda self: self._native.chord_group_count)
    behaviour = property(lambda self: self._native.behaviour)
    bpm = property(lambda self: self._native.bpm)

    def chord_groups(self):
        """The bars of chords to improvise over (one list of Chord per measure)."""
        return self._native.chord_groups()

    def training_data(self, m=60, tx=TX, seed=0):
        """The notebook's m windows of tx tokens, cut with numpy seed ``seed`` (0: its very windows)."""
        return training_data(self.indices, len(self.vocabulary), m=m, tx=tx, seed=seed)

    def __len__(self):
        return len(self._native.tokens)

    def __repr__(self):
        return "<jazzlstm.Corpus %s: %d measures, %d tokens, vocabulary %d>" % (
            self.source or "", self.measures, len(self), len(self.vocabulary))


def load_corpus(path, melody=None, chords=None, window=None, preset=None, behaviour=None):
    """Reads a MIDI file (a path, or its bytes) and builds its token corpus.

    melody: track index or name of the solo (default: chosen automatically, see parts.explanation)
    chords: track index/name, or a list of them, of the accompaniment
    window: (lo, hi) start offsets in quarter notes, both inclusive
    preset: "metheny" (music21 6, 90 values on original_metheny.mid) or "metheny-no-rests"
            ("metheny_m5": music21 5, 78 values), the reference extraction
    behaviour: "music21_6" (default) or "music21_5"
    Raises ParseError / FileError / LimitError (jazzlstm.midi.*), ArgumentError (jazzlstm.corpus.*).
    """
    if isinstance(chords, (str, int)):
        chords = [chords]
    chords = [str(c) for c in (chords or [])]
    melody = None if melody is None else str(melody)
    if window is not None:
        lo, hi = window
        window = (float(lo), float(hi))
    source = path if isinstance(path, (bytes, bytearray)) else _os.fspath(path)
    native = _core.load_corpus(bytes(source) if isinstance(source, bytearray) else source, preset=preset,
                               melody=melody, chords=chords, window=window, behaviour=behaviour)
    return Corpus(native, None if isinstance(source, (bytes, bytearray)) else source)


# ---- training windows -------------------------------------------------------------------------

class TrainingData:
    """Training windows as token indices: ``X``, ``Y`` of shape (m, Tx), -1 = no token (all-zero row).

    ``one_hot_X()`` is the notebook's X (m, Tx, V), ``one_hot_Y()`` its Y (Ty, m, V), float32.
    """

    def __init__(self, native):
        self._native = native

    X = property(lambda self: self._native.X)
    Y = property(lambda self: self._native.Y)
    V = property(lambda self: self._native.V)
    start_indices = property(lambda self: self._native.start_indices)

    def one_hot_X(self):
        return self._native.one_hot_X()

    def one_hot_Y(self):
        return self._native.one_hot_Y()

    def __repr__(self):
        m, tx = self.X.shape
        return "<jazzlstm.TrainingData m=%d Tx=%d V=%d>" % (m, tx, self.V)


def training_data(indices, values, m=60, tx=TX, seed=0):
    """The notebook's ``data_processing``: m windows of tx tokens at offsets drawn by numpy's
    legacy generator seeded with ``seed`` (nn/training_data.hpp)."""
    return TrainingData(_core.training_data(_np.asarray(indices, dtype=_np.int32), int(values), m, tx, seed))


def _indices_of_one_hot(a, name):
    """(..., V) one-hot (or all-zero) rows -> indices (-1 for all-zero rows)."""
    a = _np.asarray(a)
    if a.ndim < 1 or a.shape[-1] == 0:
        _raise(ShapeError, "jazzlstm.python.one_hot", "%s must be one-hot rows, got shape %s" % (name, a.shape))
    ones = a == 1
    count = ones.sum(axis=-1)
    if not _np.all((a == 0) | ones) or _np.any(count > 1):
        _raise(ArgumentError, "jazzlstm.python.one_hot",
               "%s must hold one-hot rows (a single 1, or all zeros for no token); jazzlstm trains on token indices" % name)
    return _np.where(count == 1, a.argmax(axis=-1), -1).astype(_np.int32)


def _training_arrays(X, Y, tx):
    """(X, Y) in any of the accepted layouts -> two (m, Tx) int32 index arrays."""
    if isinstance(X, TrainingData):
        return X.X, X.Y
    if Y is None:
        _raise(ArgumentError, "jazzlstm.python.targets", "fit needs Y (or a TrainingData as X)")
    if isinstance(Y, (list, tuple)):  # the notebook's list(Y): Ty arrays of (m, V)
        Y = _np.stack([_np.asarray(y) for y in Y])
    X = _np.asarray(X)
    Y = _np.asarray(Y)
    if X.ndim == 3:  # the notebook's one-hot X (m, Tx, V)
        X = _indices_of_one_hot(X, "X")
    if Y.ndim == 3:  # the notebook's one-hot Y (Ty, m, V), time-major
        Y = _indices_of_one_hot(Y, "Y").T
    if X.ndim != 2 or Y.ndim != 2 or X.shape != Y.shape:
        _raise(ShapeError, "jazzlstm.python.index_shape",
               "X and Y must be (m, Tx) index arrays, (m, Tx, V) / (Ty, m, V) one-hot arrays or a TrainingData; "
               "got X %s and Y %s" % (X.shape, Y.shape))
    if X.shape[1] != tx:
        _raise(ShapeError, "jazzlstm.python.tx",
               "the windows are %d steps long; the module's models train on Tx = %d" % (X.shape[1], tx))
    return _np.ascontiguousarray(X, dtype=_np.int32), _np.ascontiguousarray(Y, dtype=_np.int32)


# ---- the model --------------------------------------------------------------------------------

class StopTraining(Exception):
    """Raise from a fit callback to end training after the current epoch; fit returns the
    history up to and including it."""


class Model:
    """The notebook's model: LSTM(units) + Dense(V, softmax), Keras's initialisation and legacy
    Adam (lr 0.01, beta 0.9 / 0.999, eps 1e-7, decay 0.01), trained by the library's BPTT.

    values: V (int), or the vocabulary (a Corpus or a list of tokens), which save() and
            improvise() need.
    units:  n_a, one of COMPILED_UNITS (32, 64, 128, 256, the library's sizes).
    seed:   weight initialisation; Model(corpus, seed=s) starts where `jazzlstm train --seed s` does.
    """

    def __init__(self, values, units=64, seed=1, *, _network=None):
        if isinstance(values, Corpus):
            vocabulary = list(values.vocabulary)
        elif isinstance(values, (list, tuple)):
            vocabulary = [str(t) for t in values]
        else:
            vocabulary = None
        self.vocabulary = vocabulary
        V = len(vocabulary) if vocabulary is not None else int(values)
        self.seed = int(seed)
        self._net = _network if _network is not None else _core.Network(V, int(units), self.seed)
        self.history = []
        self.default_ty = 50

    units = property(lambda self: self._net.units, doc="LSTM units n_a")
    values = property(lambda self: self._net.values, doc="vocabulary size V")
    param_count = property(lambda self: self._net.param_count)
    threads = property(lambda self: self._net.threads, lambda self, n: setattr(self._net, "threads", int(n)),
                       doc="threads for the two shards of large batches (1 or 2; results are identical)")

    def summary(self, print_fn=print):
        """Prints (and returns) the library's Keras-like layer table ending in "Total params: N"."""
        text = self._net.summary()
        if print_fn is not None:
            print_fn(text.rstrip("\n"))
        return text

    def fit(self, X, Y=None, epochs=1, batch_size=None, callback=None):
        """Trains and returns the history: one dict {"epoch", "loss", "accuracy"} per epoch.

        X, Y: a TrainingData (Y omitted); (m, Tx) index arrays (-1 = no token); or the notebook's
              one-hot X (m, Tx, V) and Y (Ty, m, V) / list(Y).
        batch_size: None = all m windows in one Adam step per epoch; n = consecutive batches of n
              (Keras's batch_size, without shuffling).
        callback: called as callback(record) after every epoch; raise StopTraining to stop.
        Loss: Keras's, the sum over the Tx outputs of the batch-mean cross-entropy.
        """
        x, y = _training_arrays(X, Y, TX)
        batch = 0 if batch_size is None else int(batch_size)
        first = len(self.history) + 1
        if callback is None:
            history = self._net.fit(x, y, int(epochs), batch, None, first)
        else:
            history = []

            def on_epoch(epoch, loss, accuracy):
                record = {"epoch": epoch, "loss": loss, "accuracy": accuracy}
                history.append(record)
                callback(record)

            try:
                self._net.fit(x, y, int(epochs), batch, on_epoch, first)
            except StopTraining:
                pass
        self.history.extend(history)
        return history

    def evaluate(self, X, Y=None):
        """Loss and accuracy of the windows, without training: (loss, accuracy)."""
        x, y = _training_arrays(X, Y, TX)
        return self._net.evaluate(x, y)

    def generate(self, ty=50, temperature=0.0, top_k=None, top_p=None, seed=1, probabilities=False):
        """Ty token indices from zero state, each fed back as the next input (the notebook's
        inference model). temperature 0 = greedy argmax (the notebook); > 0 samples from
        p^(1/T). top_k / top_p filter that tempered distribution first (filtered_distribution();
        implemented in this module, not yet in the C++ library). Returns a numpy int32 array, or
        (indices, probabilities (Ty, V)) with probabilities=True.
        """
        indices, probs = self._net.generate(int(ty), float(temperature), 0 if top_k is None else int(top_k),
                                            1.0 if top_p is None else float(top_p), int(seed), bool(probabilities))
        return (indices, probs) if probabilities else indices

    def tokens(self, indices):
        """The vocabulary tokens of generated indices."""
        if self.vocabulary is None:
            _raise(ArgumentError, "jazzlstm.python.no_vocabulary", "this model was made from V alone and has no vocabulary")
        return [self.vocabulary[int(i)] for i in indices]

    def keras_weights(self):
        """The five tensors in Keras's layout (float32 numpy arrays that own their memory):
        lstm_kernel (V, 4n_a), lstm_recurrent_kernel (n_a, 4n_a), lstm_bias (4n_a,),
        dense_kernel (n_a, V), dense_bias (V,); gate blocks i, f, c, o as Keras stores them."""
        return self._net.keras_weights()

    def set_keras_weights(self, weights):
        """Loads a dict of those five arrays (any float dtype; e.g. from Keras's get_weights()).
        Adam's moments are reset. Raises ShapeError jazzlstm.model.shape."""
        self._net.set_keras_weights(dict(weights))

    def save(self, path):
        """Writes the library's model file (docs/model-format.md), readable by `jazzlstm generate`."""
        if self.vocabulary is None:
            _raise(ArgumentError, "jazzlstm.python.no_vocabulary",
                   "a model file stores the vocabulary; make the Model from a Corpus or a token list")
        final = self.history[-1]["loss"] if self.history else None
        self._net.save(_os.fspath(path), self.vocabulary, len(self.history), 60 if self.history else 0,
                       self.seed, final, self.default_ty)

    @classmethod
    def load(cls, path):
        """Reads a model file written by save(), `jazzlstm train` or examples/export_weights.py."""
        net, vocabulary, ty, epochs, seed, final_loss = _core.Network.from_file(_os.fspath(path))
        model = cls(list(vocabulary), units=net.units, seed=seed, _network=net)
        model.default_ty = ty
        model.history = [{"epoch": e + 1, "loss": None, "accuracy": None} for e in range(epochs)]
        if model.history and final_loss is not None:
            model.history[-1]["loss"] = final_loss
        return model

    def __repr__(self):
        return "<jazzlstm.Model units=%d V=%d params=%d>" % (self.units, self.values, self.param_count)


def filtered_distribution(probabilities, temperature=1.0, top_k=None, top_p=None):
    """The distribution Model.generate draws from: p^(1/T) renormalised, then the top_k largest
    kept (ties: lower index first), then the smallest prefix of those reaching mass top_p, each
    step renormalised (float64)."""
    return _core.filtered_distribution(_np.asarray(probabilities, dtype=_np.float64), float(temperature),
                                       0 if top_k is None else int(top_k), 1.0 if top_p is None else float(top_p))


# ---- improvising ------------------------------------------------------------------------------

Note = _collections.namedtuple("Note", "offset duration pitch velocity")
Note.__doc__ = "A note of a solo: offset and duration in quarter notes, MIDI pitch (A4 = 69), velocity."


class Solo:
    """A generated solo: ``notes`` (Note list, rests left out), ``rests``, ``chords`` (Chord list:
    offset, duration, pitches), ``groups`` (per chord group: tokens, elements, notes), ``tokens``
    (every predicted token), ``history`` and ``model`` when improvise() trained one, ``midi`` (the
    path written, if any)."""

    def __init__(self, native, model=None, history=None, midi=None, bpm=130.0):
        self._native = native
        self.model = model
        self.history = history or []
        self.midi = midi
        self.bpm = bpm
        melody = native.melody
        self.notes = [Note(e.offset, e.duration, e.pitch, e.velocity) for e in melody if not e.is_rest]
        self.rests = [(e.offset, e.duration) for e in melody if e.is_rest]
        self.chords = list(native.chords)
        self.groups = list(native.groups)
        self.tokens = list(native.tokens)

    def write_midi(self, path, bpm=None):
        """The solo (track "Solo", guitar) over its chords (track "Chords", piano), 480 TPQ."""
        self._native.write_midi(_os.fspath(path), float(bpm or self.bpm))
        return path

    def midi_bytes(self, bpm=None):
        return self._native.midi_bytes(float(bpm or self.bpm))

    def write_wav(self, path, bpm=None, a4=440.0):
        """Rendered with the jazzlstm program's built-in synthesiser (A4 = a4 Hz)."""
        self._native.write_wav(_os.fspath(path), float(bpm or self.bpm), float(a4))
        return path

    def piano_roll_svg(self, title="jazzlstm solo"):
        """The piano roll (melody over chords) as SVG text, as `jazzlstm improvise` draws it."""
        return self._native.piano_roll_svg(title)

    def _repr_svg_(self):
        return self.piano_roll_svg()

    def __repr__(self):
        return "<jazzlstm.Solo: %d notes over %d chord groups>" % (len(self.notes), len(self.groups))


def improvise(path_or_corpus=None, out="solo.mid", *, model=None, epochs=100, batch_size=None, seed=1,
              temperature=None, ty=50, notebook=False, bpm=None, wav=None, svg=None, callback=None,
              melody=None, chords=None, window=None, preset=None, top_k=0, top_p=1.0, motif_recall=None):
    """Trains on a MIDI file (or Corpus; default: the embedded corpus) and improvises a solo over
    its chords, as `jazzlstm improvise` does: same seed, same solo. Writes the MIDI file ``out``
    (None: nothing written), and ``wav`` / ``svg`` when given. Returns a Solo.

    model: a trained Model (any compiled size) to play instead of training one; it decodes with its own
           vocabulary. notebook=True replays the notebook's generate_music loop (greedy unless a
           temperature is given explicitly, Ty tokens per group, groups 1 .. len(chords)/3 - 1).
    temperature: None = 1 (the model's own distribution; docs/generation.md says why), 0 (greedy) with
           notebook=True, as the program does.
    bpm: the tempo written; None = the source's (corpus.bpm), 130 with notebook=True.
    top_k, top_p, motif_recall: the default mode's sampling cut and motif recall (docs/generation.md).
    """
    if path_or_corpus is None:
        path_or_corpus = default_corpus_path()
    corpus = path_or_corpus if isinstance(path_or_corpus, Corpus) else load_corpus(
        path_or_corpus, melody=melody, chords=chords, window=window, preset=preset)
    history = []
    if model is None:
        model = Model(corpus, units=64, seed=seed)
        history = model.fit(corpus.training_data(), epochs=epochs, batch_size=batch_size, callback=callback)
    elif model.vocabulary is None:
        _raise(ArgumentError, "jazzlstm.python.no_vocabulary", "improvise needs a model that knows its vocabulary")
    if temperature is None:
        temperature = 0.0 if notebook else 1.0  # as the program: the notebook is greedy, the default mode samples at 1
    native = _core.improvise(model._net, model.vocabulary, corpus.chord_groups(), float(temperature), int(ty),
                             bool(notebook), int(seed), corpus.behaviour, corpus._native, int(top_k), float(top_p),
                             None if motif_recall is None else float(motif_recall))
    if bpm is None:
        bpm = 130.0 if notebook else corpus.bpm
    solo = Solo(native, model=model, history=history, midi=None, bpm=float(bpm))
    if out is not None:
        solo.midi = solo.write_midi(out)
    if wav is not None:
        solo.write_wav(wav)
    if svg is not None:
        with open(svg, "w", encoding="utf-8") as f:
            f.write(solo.piano_roll_svg())
    return solo


def midi_to_wav(midi, wav, a4=440.0):
    """Renders any MIDI file to a 16-bit WAV with the jazzlstm program's synthesiser (A4 = a4 Hz)."""
    _core.midi_to_wav(_os.fspath(midi), _os.fspath(wav), float(a4))
    return wav


def loss_chart_svg(history, title="training loss"):
    """An SVG line chart of the loss per epoch (a history of dicts, or a list of losses)."""
    losses = [h["loss"] if isinstance(h, dict) else float(h) for h in history]
    return _core.loss_chart_svg(losses, title)

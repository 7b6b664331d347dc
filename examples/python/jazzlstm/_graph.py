"""Keras-style symbolic tensors and layers for jazzlstm.notebook (docs/python.md, "The notebook layer").

The notebook's learner writes the model as a Keras graph: Input, a loop of Lambda / Reshape /
LSTM / Dense calls on shared layer objects, Model(inputs, outputs). Here those calls record a
small graph, and Model() recognises in it one of the two graphs the notebook builds:

* training (djmodel):    x<t> = Reshape(X[:, t, :]); a, _, c = LSTM(x<t>, [a, c]); out<t> = Dense(a)
* inference (music_inference_model): the same step from x0, each next x the one-hot argmax of out

and runs it on the library's JazzModel, whose LSTM and Dense weights the two models then share
as Keras shares them through the layer objects. Anything else raises jazzlstm.ArgumentError
with id "jazzlstm.notebook.graph" naming what was not understood.
"""

import warnings

import numpy as np

from ._errors import ArgumentError, raise_error


class GraphWarning(UserWarning):
    """A graph jazzlstm runs differently from Keras (e.g. Dense applied to the cell state c)."""


def _fail(detail):
    raise_error(ArgumentError, "jazzlstm.notebook.graph", detail)


class KerasTensor:
    """A symbolic value of the graph. ``shape`` includes the batch dimension (None)."""

    def __init__(self, op, shape, inputs=(), layer=None, **attrs):
        self.op = op
        self._shape = tuple(shape)
        self.inputs = tuple(inputs)
        self.layer = layer
        self.attrs = attrs

    @property
    def shape(self):
        return (None,) + self._shape

    def __getitem__(self, key):
        # X[:, t, :] of the (m, Tx, V) input: the t-th time step.
        if (isinstance(key, tuple) and len(key) == 3 and key[0] == slice(None) and key[2] == slice(None)
                and isinstance(key[1], (int, np.integer)) and len(self._shape) == 2):
            t = int(key[1])
            if not -self._shape[0] <= t < self._shape[0]:
                _fail("time step %d is outside the %d steps of %s" % (t, self._shape[0], self))
            return KerasTensor("step", (self._shape[1],), (self,), t=t % self._shape[0])
        _fail("only X[:, t, :] slicing of the (m, Tx, V) input is supported, got %r" % (key,))

    def __repr__(self):
        return "<KerasTensor %s shape=%s>" % (self.op, self.shape)


def Input(shape=None, batch_size=None, name=None, dtype=None, **kwargs):
    """keras.layers.Input: ``shape`` without the batch dimension."""
    if shape is None:
        _fail("Input needs shape=")
    return KerasTensor("input", tuple(shape), name=name)


class Layer:
    _counts = {}

    def __init__(self, name=None):
        kind = type(self).__name__.lower()
        n = Layer._counts.get(kind, 0)
        Layer._counts[kind] = n + 1
        self.name = name or (kind if n == 0 else "%s_%d" % (kind, n))
        self._native = None  # the shared JazzModel (LSTM and Dense layers only)

    def count_params(self):
        return 0

    def get_weights(self):
        return []


class Reshape(Layer):
    """keras.layers.Reshape((1, n_values)): a (None, V) step becomes (None, 1, V)."""

    def __init__(self, target_shape, name=None, **kwargs):
        super().__init__(name)
        self.target_shape = tuple(target_shape)

    def __call__(self, x):
        if not isinstance(x, KerasTensor):
            _fail("Reshape is applied to graph tensors only")
        if int(np.prod(x._shape)) != int(np.prod(self.target_shape)):
            _fail("Reshape%s cannot reshape %s" % (self.target_shape, x.shape))
        return KerasTensor("reshape", self.target_shape, (x,), layer=self)


class RepeatVector(Layer):
    """keras.layers.RepeatVector(1): (None, V) -> (None, 1, V)."""

    def __init__(self, n, name=None, **kwargs):
        super().__init__(name)
        if n != 1:
            _fail("RepeatVector(%d): only RepeatVector(1) is supported" % n)
        self.n = n

    def __call__(self, x):
        return KerasTensor("repeat", (1,) + x._shape, (x,), layer=self)


class Lambda(Layer):
    """keras.layers.Lambda(f): f is called on the graph tensor and must return one."""

    def __init__(self, function, output_shape=None, name=None, **kwargs):
        super().__init__(name)
        self.function = function

    def __call__(self, x):
        out = self.function(x)
        if not isinstance(out, KerasTensor):
            _fail("the Lambda function returned %r, not a graph tensor" % (out,))
        return out


class LSTM(Layer):
    """keras.layers.LSTM(n_a, return_state=True): one call = one step of the shared cell.

    Call forms: LSTM_cell(x, initial_state=[a, c]), LSTM_cell(inputs=x, initial_state=[a, c]),
    LSTM_cell([x, a, c]). Returns [output, a, c] (output is a) with return_state=True.
    """

    def __init__(self, units, return_state=False, name=None, **kwargs):
        super().__init__(name)
        self.units = int(units)
        self.return_state = bool(return_state)
        unsupported = {k: v for k, v in kwargs.items() if k in ("return_sequences", "go_backwards", "stateful") and v}
        if unsupported:
            _fail("LSTM(%s) is not supported" % ", ".join("%s=%r" % kv for kv in unsupported.items()))

    def __call__(self, inputs=None, initial_state=None, **kwargs):
        if isinstance(inputs, (list, tuple)):
            if len(inputs) == 3 and initial_state is None:
                inputs, initial_state = inputs[0], list(inputs[1:])
            elif len(inputs) == 1:
                inputs = inputs[0]
        if not isinstance(inputs, KerasTensor):
            _fail("LSTM is called on graph tensors only")
        if initial_state is None or len(initial_state) != 2:
            _fail("call the LSTM as LSTM_cell(x, initial_state=[a, c]) (the notebook's form)")
        a, c = initial_state
        for s in (a, c):
            if not isinstance(s, KerasTensor) or s._shape != (self.units,):
                _fail("the LSTM's initial states must be (None, %d) graph tensors, got %r" % (self.units, s))
        x = inputs
        if len(x._shape) == 1:  # Keras would refuse a 2-D input; be lenient, it is one step
            x = KerasTensor("reshape", (1,) + x._shape, (x,))
        if len(x._shape) != 2 or x._shape[0] != 1:
            _fail("the LSTM takes one step of shape (None, 1, n_values) per call, got %s" % (x.shape,))
        call = KerasTensor("lstm", (self.units,), (x, a, c), layer=self)
        outputs = [KerasTensor("lstm_out", (self.units,), (call,), layer=self, index=i) for i in range(3)]
        return outputs if self.return_state else outputs[0]

    def count_params(self):
        return self._native.lstm_params() if self._native is not None else None

    def get_weights(self):
        if self._native is None:
            return []
        w = self._native.network.keras_weights()
        return [w["lstm_kernel"], w["lstm_recurrent_kernel"], w["lstm_bias"]]

    def set_weights(self, weights):
        if self._native is None:
            _fail("the LSTM's weights exist once a Model is built with it and a Dense layer")
        self._native.set_part({"lstm_kernel": weights[0], "lstm_recurrent_kernel": weights[1], "lstm_bias": weights[2]})


class Dense(Layer):
    """keras.layers.Dense(n_values, activation='softmax'), applied to the LSTM's a (or c: see GraphWarning)."""

    def __init__(self, units, activation=None, name=None, **kwargs):
        super().__init__(name)
        self.units = int(units)
        if activation != "softmax":
            _fail("Dense(activation=%r): the notebook's Dense is softmax" % (activation,))
        self.activation = activation

    def __call__(self, x):
        if not isinstance(x, KerasTensor):
            _fail("Dense is applied to graph tensors only")
        return KerasTensor("dense", (self.units,), (x,), layer=self)

    def count_params(self):
        return self._native.dense_params() if self._native is not None else None

    def get_weights(self):
        if self._native is None:
            return []
        w = self._native.network.keras_weights()
        return [w["dense_kernel"], w["dense_bias"]]

    def set_weights(self, weights):
        if self._native is None:
            _fail("the Dense layer's weights exist once a Model is built with it and an LSTM layer")
        self._native.set_part({"dense_kernel": weights[0], "dense_bias": weights[1]})


# ---- the tf / K functions the notebook's cells call -------------------------------------------

def argmax(x, axis=-1):
    """K.argmax / tf.math.argmax: symbolic on graph tensors, numpy otherwise."""
    if isinstance(x, KerasTensor):
        if axis not in (-1, len(x._shape)):
            _fail("argmax over axis %r: only the last axis is supported" % (axis,))
        return KerasTensor("argmax", x._shape[:-1], (x,), depth=x._shape[-1])
    return np.argmax(np.asarray(x), axis=axis)


def one_hot_indices(indices, depth, **kwargs):
    """tf.one_hot(indices, depth): symbolic on graph tensors, numpy otherwise."""
    if isinstance(indices, KerasTensor):
        return KerasTensor("one_hot", indices._shape + (int(depth),), (indices,), depth=int(depth))
    indices = np.asarray(indices)
    return (indices[..., None] == np.arange(int(depth))).astype(np.float32)


# ---- recognising the notebook's graphs --------------------------------------------------------

def _strip(t):
    """The tensor under shape-only ops (Reshape, RepeatVector)."""
    while t.op in ("reshape", "repeat"):
        t = t.inputs[0]
    return t


def analyse(inputs, outputs):
    """The notebook graph of Model(inputs, outputs): a dict with kind 'training' or 'inference',
    the LSTM and Dense layers, steps, V, n_a and which LSTM state Dense reads."""
    if isinstance(inputs, KerasTensor):
        inputs = [inputs]
    if isinstance(outputs, KerasTensor):
        outputs = [outputs]
    inputs, outputs = list(inputs), list(outputs)
    if len(inputs) != 3 or any(not isinstance(t, KerasTensor) or t.op != "input" for t in inputs):
        _fail("Model(inputs=[X, a0, c0], ...): three Input tensors")
    if not outputs or any(not isinstance(t, KerasTensor) or t.op != "dense" for t in outputs):
        _fail("Model(..., outputs=...): a list of the Dense layer's outputs, one per time step")
    X, a0, c0 = inputs
    densor = outputs[0].layer
    calls = []
    state_index = set()
    for out in outputs:
        if out.layer is not densor:
            _fail("every output must come from the same (shared) Dense layer")
        src = out.inputs[0]
        if src.op != "lstm_out":
            _fail("the Dense layer must be applied to the LSTM's output, got %s" % src.op)
        state_index.add(2 if src.attrs["index"] == 2 else 0)
        calls.append(src.inputs[0])
    cell = calls[0].layer
    if any(call.layer is not cell for call in calls):
        _fail("every step must call the same (shared) LSTM layer")
    if len(state_index) != 1:
        _fail("the Dense layer reads a at some steps and c at others")
    n_a, V = cell.units, densor.units
    if a0._shape != (n_a,) or c0._shape != (n_a,):
        _fail("a0 and c0 must be Input(shape=(%d,)) for LSTM(%d)" % (n_a, n_a))
    # The states chain: call 0 starts from (a0, c0), call k from call k-1's (a, c).
    for k, call in enumerate(calls):
        _, a, c = call.inputs
        if k == 0:
            if a is not a0 or c is not c0:
                _fail("the first LSTM step must start from initial_state=[a0, c0]")
        else:
            prev = calls[k - 1]
            if not (a.op == "lstm_out" and a.inputs[0] is prev and a.attrs["index"] in (0, 1)
                    and c.op == "lstm_out" and c.inputs[0] is prev and c.attrs["index"] == 2):
                _fail("LSTM step %d must start from the previous step's [a, c]" % k)
    first_x = _strip(calls[0].inputs[0])
    if first_x is X and X._shape == (1, V):
        kind = "inference"
        for k, call in enumerate(calls[1:], start=1):
            x = _strip(call.inputs[0])
            if not (x.op == "one_hot" and x.attrs["depth"] == V and x.inputs[0].op == "argmax"
                    and x.inputs[0].inputs[0] is outputs[k - 1]):
                _fail("inference step %d must feed the one-hot argmax of the previous output back in" % k)
    elif len(X._shape) == 2 and X._shape[1] == V:
        kind = "training"
        for k, call in enumerate(calls):
            x = _strip(call.inputs[0])
            if not (x.op == "step" and x.inputs[0] is X and x.attrs["t"] == k):
                _fail("training step %d must read X[:, %d, :]" % (k, k))
        if len(calls) != X._shape[0]:
            _fail("the training graph has %d outputs for Tx = %d steps" % (len(calls), X._shape[0]))
    else:
        _fail("the first input must be X of shape (Tx, %d) (djmodel) or (1, %d) (music_inference_model)" % (V, V))
    reads_c = state_index == {2}
    if reads_c:
        warnings.warn(
            "the Dense layer is applied to the LSTM's cell state c; jazzlstm's model applies it to the "
            "hidden state a (the notebook's instructions, step 2.D), and trains that graph instead",
            GraphWarning, stacklevel=3)
    return {"kind": kind, "cell": cell, "densor": densor, "steps": len(calls), "V": V, "n_a": n_a,
            "inputs": inputs, "reads_c": reads_c}

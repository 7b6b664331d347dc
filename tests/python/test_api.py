"""The Pythonic API of jazzlstm: corpus, windows, model, generation, files, errors."""
import math
import os
import struct
import subprocess
import sys
import wave

import numpy as np
import pytest

import jazzlstm
from conftest import SOURCE


@pytest.fixture(scope="module")
def corpus():
    return jazzlstm.load_corpus(jazzlstm.default_corpus_path())


@pytest.fixture(scope="module")
def trained(corpus):
    model = jazzlstm.Model(corpus, seed=1)
    history = model.fit(corpus.training_data(), epochs=5)
    return model, history


def test_corpus_of_the_embedded_file(corpus):
    assert corpus.measures == 44
    assert len(corpus.tokens) == len(corpus.indices)
    assert corpus.vocabulary == sorted(set(corpus.tokens))
    assert corpus.indices.dtype == np.int32
    assert [corpus.vocabulary[i] for i in corpus.indices[:20]] == corpus.tokens[:20]
    assert "Guitar" in corpus.parts.explanation and corpus.parts.automatic


def test_the_reference_corpora(metheny):
    with_rests = jazzlstm.load_corpus(metheny, preset="metheny")
    no_rests = jazzlstm.load_corpus(metheny, preset="metheny-no-rests")
    assert (len(with_rests), len(with_rests.vocabulary)) == (275, 90)
    assert (len(no_rests), len(no_rests.vocabulary)) == (193, 78)
    assert with_rests.chord_group_count == 19
    # The preset's tracks and window named by hand: the same melody (every element, every
    # duration); the harmony is read per beat unless the preset's music21 reading is asked for.
    explicit = jazzlstm.load_corpus(metheny, melody=11, chords=6, window=(476, 548), behaviour="music21_5")
    assert [t.split(",")[1] for t in explicit.tokens] == [t.split(",")[1] for t in no_rests.tokens]


def test_bytes_in_and_the_error_id(corpus):
    data = open(jazzlstm.default_corpus_path(), "rb").read()
    assert jazzlstm.load_corpus(data).tokens == corpus.tokens
    truncated = data[:14] + data[14:22] + data[22:60]  # the header, and a track chunk cut short
    with pytest.raises(jazzlstm.ParseError) as e:
        jazzlstm.load_corpus(truncated)
    assert e.value.id.startswith("jazzlstm.midi.")
    assert str(e.value).startswith("[%s] <memory>" % e.value.id)
    assert e.value.context["file"] == "<memory>" and "byte" in e.value.context
    with pytest.raises(jazzlstm.FileError) as e:
        jazzlstm.load_corpus("/does/not/exist.mid")
    assert e.value.id.startswith("jazzlstm.") and isinstance(e.value, OSError)
    with pytest.raises(jazzlstm.ArgumentError) as e:
        jazzlstm.load_corpus(data, melody="Drums")
    assert e.value.id == "jazzlstm.corpus.track"


def test_the_truncated_midi_id():
    header = b"MThd" + struct.pack(">IHHH", 6, 1, 1, 480)
    with pytest.raises(jazzlstm.ParseError) as e:
        jazzlstm.load_corpus(header + b"MTrk" + struct.pack(">I", 2) + b"\x00\x90")  # a note-on without its data
    assert e.value.id == "jazzlstm.midi.truncated"
    with pytest.raises(jazzlstm.ParseError) as e:
        jazzlstm.load_corpus(header)  # one track announced, none there
    assert e.value.id == "jazzlstm.midi.truncated"


def test_training_windows_are_the_notebooks(corpus):
    d = corpus.training_data()
    assert d.X.shape == d.Y.shape == (60, 30)
    assert (d.X[:, 0] == jazzlstm.NO_TOKEN).all() and (d.Y[:, -1] == jazzlstm.NO_TOKEN).all()
    assert (d.X[:, 1:] == d.Y[:, :-1]).all()
    s = d.start_indices
    assert (d.X[:, 1:] == np.stack([corpus.indices[i + 1:i + 30] for i in s])).all()
    # numpy's own legacy generator with seed 0 draws the same offsets as the notebook did
    rs = np.random.RandomState(0)
    assert list(s) == [rs.choice(len(corpus) - 30) for _ in range(60)]
    X, Y = d.one_hot_X(), d.one_hot_Y()
    assert X.shape == (60, 30, len(corpus.vocabulary)) and Y.shape == (30, 60, len(corpus.vocabulary))
    assert (X.argmax(-1)[:, 1:] == d.X[:, 1:]).all() and not X[:, 0].any()


def test_model_summary_fit_and_history(corpus, trained):
    model, history = trained
    assert model.param_count == 4 * 64 * (len(corpus.vocabulary) + 65) + 65 * len(corpus.vocabulary)
    assert "Total params: " in model.summary(print_fn=None)
    assert [h["epoch"] for h in history] == [1, 2, 3, 4, 5]
    assert history[-1]["loss"] < history[0]["loss"]
    assert abs(history[0]["loss"] - 29 * math.log(len(corpus.vocabulary))) / history[0]["loss"] < 0.03


def test_fit_accepts_every_layout_and_gives_the_same_numbers(corpus):
    d = corpus.training_data()
    runs = []
    for args in [(d,), (d.X, d.Y), (d.one_hot_X(), d.one_hot_Y()), (d.one_hot_X(), list(d.one_hot_Y()))]:
        m = jazzlstm.Model(corpus, seed=3)
        runs.append([h["loss"] for h in m.fit(*args, epochs=2)])
    assert all(r == runs[0] for r in runs)
    with pytest.raises(jazzlstm.ShapeError) as e:
        jazzlstm.Model(corpus).fit(d.X[:, :20], d.Y[:, :20], epochs=1)
    assert e.value.id == "jazzlstm.python.tx"
    bad = d.one_hot_X()
    bad[0, 3, 0] = 0.5
    with pytest.raises(jazzlstm.ArgumentError):
        jazzlstm.Model(corpus).fit(bad, d.one_hot_Y(), epochs=1)


def test_callback_and_stop(corpus):
    seen = []

    def callback(record):
        seen.append(record)
        if record["epoch"] == 3:
            raise jazzlstm.StopTraining

    m = jazzlstm.Model(corpus)
    history = m.fit(corpus.training_data(), epochs=10, callback=callback)
    assert [h["epoch"] for h in history] == [1, 2, 3] and seen == history


def test_batch_size_is_kerass_consecutive_batches(corpus):
    d = corpus.training_data()
    full = jazzlstm.Model(corpus, seed=2).fit(d, epochs=2)
    batched = jazzlstm.Model(corpus, seed=2).fit(d, epochs=2, batch_size=32)
    assert full[0]["loss"] != batched[0]["loss"] or full[1]["loss"] != batched[1]["loss"]


def test_generate_greedy_and_sampled(trained):
    model, _ = trained
    a = model.generate(30)
    assert a.dtype == np.int32 and a.shape == (30,)
    assert (model.generate(30) == a).all()
    indices, probs = model.generate(30, probabilities=True)
    assert probs.shape == (30, model.values)
    assert np.allclose(probs.sum(1), 1, atol=1e-5)
    assert (probs.argmax(1) == indices).all()
    s1 = model.generate(40, temperature=1.0, seed=5)
    assert (model.generate(40, temperature=1.0, seed=5) == s1).all()
    assert not (model.generate(40, temperature=1.0, seed=6) == s1).all()
    k1 = model.generate(50, temperature=1.0, top_k=1, seed=9)
    assert (k1 == model.generate(50)).all()  # top-1 sampling is greedy
    for tokens in model.tokens(model.generate(10, temperature=0.8, top_p=0.9)):
        assert tokens in model.vocabulary


def test_filtered_distribution_exactly():
    p = np.array([0.1, 0.4, 0.2, 0.3])
    f = jazzlstm.filtered_distribution
    assert np.allclose(f(p), p)
    assert np.allclose(f(p, top_k=2), [0, 4 / 7, 0, 3 / 7])
    assert np.allclose(f(p, top_p=0.4), [0, 1, 0, 0])          # the largest alone reaches 0.4
    assert np.allclose(f(p, top_p=0.5), [0, 4 / 7, 0, 3 / 7])  # 0.4 < 0.5: the next one joins
    assert np.allclose(f(p, top_p=0.7), [0, 4 / 7, 0, 3 / 7])  # 0.4 + 0.3 reaches 0.7
    assert np.allclose(f(p, top_p=0.71), [0, 4 / 9, 2 / 9, 3 / 9])
    t = p ** 2 / (p ** 2).sum()
    assert np.allclose(f(p, temperature=0.5), t)
    assert np.allclose(f(p, temperature=0.5, top_k=3), np.where(p > 0.1, t, 0) / t[p > 0.1].sum())
    assert np.allclose(f([0.25, 0.25, 0.5], top_k=2), [1 / 3, 0, 2 / 3])  # ties: the lower index stays
    with pytest.raises(jazzlstm.ArgumentError) as e:
        f(p, top_p=0)
    assert e.value.id == "jazzlstm.python.top_p"
    with pytest.raises(jazzlstm.ArgumentError) as e:
        f(p, top_k=-1)
    assert e.value.id == "jazzlstm.python.top_k"


def test_sampling_follows_the_filtered_distribution(trained):
    model, _ = trained
    # the first step's distribution is fixed (zero state); sample it many times through top-k
    _, probs = model.generate(1, probabilities=True)
    want = jazzlstm.filtered_distribution(probs[0], temperature=1.0, top_k=3)
    counts = np.zeros(model.values)
    for seed in range(3000):
        counts[model.generate(1, temperature=1.0, top_k=3, seed=seed)[0]] += 1
    assert set(np.nonzero(counts)[0]) <= set(np.nonzero(want)[0])
    assert np.abs(counts / counts.sum() - want).max() < 0.04


def test_returned_arrays_are_the_librarys_own_buffers(corpus, trained):
    # docs/python.md: "numpy without copies". An array numpy made by copying would own its data;
    # these wrap the library's buffers and keep them alive through a capsule.
    model, _ = trained
    d = corpus.training_data()
    indices, probs = model.generate(20, probabilities=True)
    arrays = {"corpus.indices": corpus.indices, "X": d.X, "Y": d.Y, "one_hot_X": d.one_hot_X(), "one_hot_Y": d.one_hot_Y(),
              "generate": model.generate(20), "generate indices": indices, "generate probabilities": probs}
    arrays.update({"keras " + k: v for k, v in model.keras_weights().items()})
    for name, a in arrays.items():
        assert not a.flags.owndata, name
        assert type(a.base).__name__ == "PyCapsule", name
    # Eigen's column-major storage comes out as it is: Fortran order, no transposing copy.
    w = model.keras_weights()
    assert w["lstm_kernel"].flags.f_contiguous and w["dense_kernel"].flags.f_contiguous


def test_keras_weights_round_trip_and_save_load(corpus, trained, tmp_path):
    model, _ = trained
    w = model.keras_weights()
    V = len(corpus.vocabulary)
    assert w["lstm_kernel"].shape == (V, 256) and w["lstm_recurrent_kernel"].shape == (64, 256)
    assert w["lstm_bias"].shape == (256,) and w["dense_kernel"].shape == (64, V) and w["dense_bias"].shape == (V,)
    assert all(a.dtype == np.float32 for a in w.values())
    other = jazzlstm.Model(corpus, seed=99)
    other.set_keras_weights({k: np.ascontiguousarray(v, dtype=np.float64) for k, v in w.items()})
    assert (other.generate(50) == model.generate(50)).all()
    with pytest.raises(jazzlstm.ShapeError) as e:
        other.set_keras_weights(dict(w, dense_bias=np.zeros(3)))
    assert e.value.id == "jazzlstm.model.shape"
    path = tmp_path / "m.model.json"
    model.save(path)
    back = jazzlstm.Model.load(path)
    assert back.vocabulary == model.vocabulary and back.units == 64
    assert all((back.keras_weights()[k] == w[k]).all() for k in w)
    with pytest.raises(jazzlstm.ArgumentError) as e:
        jazzlstm.Model(10).save(tmp_path / "x.json")
    assert e.value.id == "jazzlstm.python.no_vocabulary"


@pytest.mark.parametrize("units", [u for u in jazzlstm.COMPILED_UNITS if u != 64])
def test_other_sizes(corpus, units):
    m = jazzlstm.Model(corpus, units=units)
    assert m.units == units
    assert m.param_count == 4 * units * (len(corpus.vocabulary) + units + 1) + (units + 1) * len(corpus.vocabulary)
    # Six epochs: at n_a 256 the notebook's lr 0.01 overshoots once (epoch 3 above epoch 1 on
    # this corpus) before the loss falls.
    h = m.fit(corpus.training_data(), epochs=6)
    assert h[-1]["loss"] < h[0]["loss"] - 5
    # The improviser plays every compiled size (improv/network.hpp, SoloNetwork).
    solo = jazzlstm.improvise(corpus, model=m, out=None)
    assert solo.notes


def test_units_not_compiled():
    assert jazzlstm.COMPILED_UNITS == (32, 64, 128, 256)  # the sizes `jazzlstm train --units` offers
    with pytest.raises(jazzlstm.ShapeError) as e:
        jazzlstm.Model(10, units=65)
    assert e.value.id == "jazzlstm.improv.model_units"
    assert "32, 64, 128 and 256" in str(e.value)


def test_improvise_writes_what_the_program_writes(tmp_path):
    solo = jazzlstm.improvise(out=str(tmp_path / "py.mid"), epochs=3, seed=4, wav=str(tmp_path / "py.wav"),
                              svg=str(tmp_path / "py.svg"))
    assert solo.notes and len(solo.groups) == 44 and solo.history and solo.model
    assert all(isinstance(n, jazzlstm.Note) and 0 <= n.pitch < 128 for n in solo.notes)
    assert open(tmp_path / "py.svg").read().startswith("<svg") or "<svg" in open(tmp_path / "py.svg").read()
    cli = os.environ.get("JAZZLSTM_BUILD_DIR")
    program = os.path.join(cli, "examples", "jazzlstm", "jazzlstm") if cli else None
    if not program or not os.path.exists(program):
        pytest.skip("the jazzlstm program is not built here (JAZZLSTM_BUILD_DIR)")
    subprocess.run([program, "improvise", "--epochs", "3", "--seed", "4", "--quiet", "--out", str(tmp_path / "cli.mid")],
                   check=True, cwd=tmp_path)
    assert open(tmp_path / "py.mid", "rb").read() == open(tmp_path / "cli.mid", "rb").read()


def test_midi_to_wav_plays_a4_at_440(tmp_path, monkeypatch):
    # one A4 (MIDI 69, 120 bpm, one quarter) through the notebook layer's mid2wav renderer
    from jazzlstm import notebook
    path = tmp_path / "a4.mid"
    track = b"\x00\xff\x51\x03\x07\xa1\x20" + b"\x00\xc0\x00" + b"\x00\x90\x45\x60" + b"\x83\x60\x80\x45\x40" + b"\x00\xff\x2f\x00"
    data = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track
    path.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    wav_path = notebook.mid2wav(str(path))
    with wave.open(str(wav_path)) as w:
        rate, channels = w.getframerate(), w.getnchannels()
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).reshape(-1, channels)[:, 0].astype(float)
    start = int(0.05 * rate)
    seg = frames[start:start + int(0.3 * rate)]
    spectrum = np.abs(np.fft.rfft(seg * np.hanning(len(seg))))
    peak = np.fft.rfftfreq(len(seg), 1 / rate)[spectrum.argmax()]
    assert abs(peak - 440) < 5, peak


def test_importable_outside_the_build_tree():
    out = subprocess.run([sys.executable, "-c", "import jazzlstm, jazzlstm.notebook; print(jazzlstm.__version__)"],
                         capture_output=True, text=True, cwd="/")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == jazzlstm.__version__
    assert os.path.exists(jazzlstm.default_corpus_path())
    assert str(SOURCE)  # the source tree is known to the tests

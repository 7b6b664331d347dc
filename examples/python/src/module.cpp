// jazzlstm._core: the pybind11 extension behind `import jazzlstm` (docs/python.md).
//
// Thin by design: every figure comes from the library (include/jazzlstm); this file converts
// between numpy / Python objects and the library's types, releases the GIL around training and
// generation, and turns jazzlstm::error into the Python exceptions of jazzlstm/_errors.py, which
// carry the error's stable id. The Pythonic API and the notebook layer are Python (jazzlstm/).
#include "network.hpp"

#include "outputs.hpp" // the jazzlstm program's renderers: WAV, piano roll, loss chart
#include "plot.hpp"
#include "svg.hpp"
#include "wav.hpp"

#include <jazzlstm/jazzlstm.hpp>

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace jazzlstm::python {
namespace {

    // ---- errors ---------------------------------------------------------------------------

    py::dict context_dict(const error_context& c)
    {
        py::dict d;
        if (!c.file.empty())
            d["file"] = c.file;
        if (c.byte)
            d["byte"] = *c.byte;
        if (c.line)
            d["line"] = *c.line;
        if (c.column)
            d["column"] = *c.column;
        if (c.track)
            d["track"] = *c.track;
        if (c.position)
            d["position"] = *c.position;
        if (!c.token.empty())
            d["token"] = c.token;
        return d;
    }

    const char* class_name_of(const error& e)
    {
        if (dynamic_cast<const parse_error*>(&e))
            return "ParseError";
        if (dynamic_cast<const shape_error*>(&e))
            return "ShapeError";
        if (dynamic_cast<const io_error*>(&e))
            return "FileError";
        if (dynamic_cast<const limit_error*>(&e))
            return "LimitError";
        if (dynamic_cast<const numeric_error*>(&e))
            return "NumericError";
        if (dynamic_cast<const argument_error*>(&e))
            return "ArgumentError";
        return "Error";
    }

    void translate(std::exception_ptr p)
    {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const error& e) {
            py::object errors = py::module_::import("jazzlstm._errors");
            py::object cls = errors.attr(class_name_of(e));
            py::object exc = cls(e.what(), e.id(), e.detail(), context_dict(e.context()));
            PyErr_SetObject(cls.ptr(), exc.ptr());
        }
    }

    // ---- numpy without copies -------------------------------------------------------------

    /// A numpy array that owns `value` (moved to the heap); `make` builds it from the pointer.
    template <typename T, typename Make>
    py::array owning(T&& value, Make&& make)
    {
        auto* heap = new std::decay_t<T>(std::forward<T>(value));
        py::capsule owner(heap, [](void* p) { delete static_cast<std::decay_t<T>*>(p); });
        return make(*heap, owner);
    }

    template <typename T>
    py::array vector_array(std::vector<T>&& v)
    {
        return owning(std::move(v), [](std::vector<T>& h, py::capsule& owner) {
            return py::array_t<T>({ static_cast<py::ssize_t>(h.size()) }, { static_cast<py::ssize_t>(sizeof(T)) }, h.data(), owner);
        });
    }

    /// An Eigen column-major matrix as a (rows, cols) array with Fortran strides.
    template <typename Scalar>
    py::array matrix_array(Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>&& m)
    {
        using M = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
        return owning(std::move(m), [](M& h, py::capsule& owner) {
            const auto s = static_cast<py::ssize_t>(sizeof(Scalar));
            return py::array_t<Scalar>({ static_cast<py::ssize_t>(h.rows()), static_cast<py::ssize_t>(h.cols()) },
                { s, s * static_cast<py::ssize_t>(h.rows()) }, h.data(), owner);
        });
    }

    template <typename Scalar>
    py::array column_array(Eigen::Matrix<Scalar, Eigen::Dynamic, 1>&& v)
    {
        using V = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
        return owning(std::move(v), [](V& h, py::capsule& owner) {
            return py::array_t<Scalar>({ static_cast<py::ssize_t>(h.size()) }, { static_cast<py::ssize_t>(sizeof(Scalar)) }, h.data(), owner);
        });
    }

    /// Tx × m index sequences (column-major) as the (m, Tx) C-order array they already are.
    py::array sequences_array(IndexSequences&& s)
    {
        return owning(std::move(s), [](IndexSequences& h, py::capsule& owner) {
            const auto i = static_cast<py::ssize_t>(sizeof(int));
            return py::array_t<int>({ static_cast<py::ssize_t>(h.cols()), static_cast<py::ssize_t>(h.rows()) },
                { i * static_cast<py::ssize_t>(h.rows()), i }, h.data(), owner);
        });
    }

    template <typename T>
    py::array one_hot_array(OneHotTensor<T>&& t)
    {
        return owning(std::move(t), [](OneHotTensor<T>& h, py::capsule& owner) {
            const auto s = static_cast<py::ssize_t>(sizeof(T));
            return py::array_t<T>({ h.dim0, h.dim1, h.dim2 }, { s * h.dim1 * h.dim2, s * h.dim2, s }, h.data.data(), owner);
        });
    }

    using IndexArray = py::array_t<int, py::array::c_style | py::array::forcecast>;

    /// An (m, Tx) int array (C order) read as the library's Tx × m sequences.
    IndexSequences sequences_of(const IndexArray& a, const char* name)
    {
        if (a.ndim() != 2)
            throw shape_error("jazzlstm.python.index_shape",
                std::string(name) + " must be an (m, Tx) array of token indices, got " + std::to_string(a.ndim()) + " dimensions");
        const auto m = static_cast<Eigen::Index>(a.shape(0));
        const auto tx = static_cast<Eigen::Index>(a.shape(1));
        return Eigen::Map<const IndexSequences>(a.data(), tx, m);
    }

    // ---- weights --------------------------------------------------------------------------

    using FloatArray = py::array_t<float, py::array::f_style | py::array::forcecast>;

    KerasWeights<float> weights_of(const py::dict& d)
    {
        auto get = [&](const char* name) -> FloatArray {
            if (!d.contains(name))
                throw argument_error("jazzlstm.python.weight_missing", std::string("the weights have no '") + name + "' array");
            return FloatArray::ensure(d[name]);
        };
        auto matrix = [&](const char* name) {
            FloatArray a = get(name);
            if (!a || a.ndim() != 2)
                throw shape_error("jazzlstm.model.shape", std::string(name) + " must be a 2-dimensional array");
            return Eigen::MatrixXf(Eigen::Map<const Eigen::MatrixXf>(a.data(), a.shape(0), a.shape(1)));
        };
        auto vector = [&](const char* name) {
            FloatArray a = get(name);
            if (!a || a.ndim() != 1)
                throw shape_error("jazzlstm.model.shape", std::string(name) + " must be a 1-dimensional array");
            return Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(a.data(), a.shape(0)));
        };
        KerasWeights<float> w;
        w.lstm_kernel = matrix("lstm_kernel");
        w.lstm_recurrent_kernel = matrix("lstm_recurrent_kernel");
        w.lstm_bias = vector("lstm_bias");
        w.dense_kernel = matrix("dense_kernel");
        w.dense_bias = vector("dense_bias");
        return w;
    }

    py::dict weights_dict(KerasWeights<float>&& w)
    {
        py::dict d;
        d["lstm_kernel"] = matrix_array(std::move(w.lstm_kernel));
        d["lstm_recurrent_kernel"] = matrix_array(std::move(w.lstm_recurrent_kernel));
        d["lstm_bias"] = column_array(std::move(w.lstm_bias));
        d["dense_kernel"] = matrix_array(std::move(w.dense_kernel));
        d["dense_bias"] = column_array(std::move(w.dense_bias));
        return d;
    }

    // ---- the network ----------------------------------------------------------------------

    py::list history_list(const std::vector<EpochStats>& history, int first_epoch)
    {
        py::list out;
        int epoch = first_epoch;
        for (const auto& s : history) {
            py::dict d;
            d["epoch"] = epoch++;
            d["loss"] = s.loss;
            d["accuracy"] = s.accuracy;
            out.append(std::move(d));
        }
        return out;
    }

    /// The sampling cut under the names of the Python keywords (the library's own check, which
    /// follows, speaks of the program's --top-k / --top-p).
    /// @throws argument_error `jazzlstm.python.top_k` (k < 0) or `jazzlstm.python.top_p` (p outside (0, 1]).
    void check_cut(int top_k, double top_p)
    {
        if (top_k < 0)
            throw argument_error("jazzlstm.python.top_k", "top_k must be >= 1 (or None), got " + std::to_string(top_k));
        if (!(top_p > 0.0 && top_p <= 1.0))
            throw argument_error("jazzlstm.python.top_p", "top_p must be in (0, 1] (or None), got " + std::to_string(top_p));
    }

    /// Ty indices generated from zero state; with `probabilities`, also the (Ty, V) softmax rows.
    struct Generated {
        std::vector<int> indices;
        Eigen::MatrixXf probabilities; // V × Ty (column t = step t), returned transposed as (Ty, V)
    };

    Generated generate(Network& net, int ty, double temperature, int top_k, double top_p, std::uint64_t seed, bool keep_probabilities)
    {
        if (ty < 1 || ty > limits::max_timesteps)
            throw argument_error("jazzlstm.python.ty", "ty must be in 1.." + std::to_string(limits::max_timesteps) + ", got " + std::to_string(ty));
        check_cut(top_k, top_p);
        auto sampler = make_temperature_sampler(temperature, std::mt19937_64(derive_seed(seed, SeedStream::sampling)), top_k, top_p);
        Generated g;
        g.indices.reserve(static_cast<std::size_t>(ty));
        if (keep_probabilities)
            g.probabilities.resize(net.solo().values(), ty);
        net.reset_state();
        int token = no_token;
        for (int t = 0; t < ty; ++t) {
            const Eigen::VectorXf& p = net.step(token);
            if (keep_probabilities)
                g.probabilities.col(t) = p;
            token = sampler(p);
            g.indices.push_back(token);
        }
        return g;
    }

    ModelFile model_file_of(Network& net, const std::vector<std::string>& vocabulary, const TrainingInfo& info, int ty)
    {
        ModelFile file;
        file.hyper.Tx = window_steps;
        file.hyper.n_a = net.solo().units();
        file.hyper.V = net.solo().values();
        file.hyper.Ty = ty;
        file.hyper.training = info;
        file.vocabulary = vocabulary;
        file.weights = to_double_weights(net.solo().keras_weights());
        return file;
    }

    // ---- music ----------------------------------------------------------------------------

    double quarters(ticks12 t) { return static_cast<double>(t) / twelfths_per_quarter; }

    CorpusOptions corpus_options(const std::optional<std::string>& preset, const std::optional<std::string>& melody,
        const std::vector<std::string>& chords, const std::optional<std::pair<double, double>>& window,
        const std::optional<std::string>& behaviour)
    {
        CorpusOptions options;
        if (preset)
            options = corpus_preset(*preset); // the program's names; the older ones are aliases there
        if (melody)
            options.melody = *melody;
        if (!chords.empty())
            options.chords = chords;
        if (window) {
            options.window_lo = window->first;
            options.window_hi = window->second;
        }
        if (behaviour) {
            if (*behaviour == behaviour_name(Music21Behaviour::music21_5))
                options.behaviour = Music21Behaviour::music21_5;
            else if (*behaviour == behaviour_name(Music21Behaviour::music21_6))
                options.behaviour = Music21Behaviour::music21_6;
            else
                throw argument_error("jazzlstm.python.behaviour", "behaviour must be 'music21_5' or 'music21_6', got '" + *behaviour + "'");
        }
        return options;
    }

    std::vector<std::uint8_t> bytes_of(const py::bytes& b)
    {
        const std::string s = b;
        return { s.begin(), s.end() };
    }

    py::bytes as_bytes(const std::vector<std::uint8_t>& v) { return py::bytes(reinterpret_cast<const char*>(v.data()), v.size()); }

    void write_wav_of_score(const midi::Score& score, const std::filesystem::path& wav, double a4)
    {
        app::SynthSettings settings;
        settings.a4 = a4;
        app::write_wav(wav, app::synth_notes(score), settings);
    }

} // namespace
} // namespace jazzlstm::python

PYBIND11_MODULE(_core, m)
{
    using namespace jazzlstm;
    using namespace jazzlstm::python;
    m.doc() = "The jazzlstm library (C++) behind the jazzlstm package; use `import jazzlstm`.";
    m.attr("__version__") = JAZZLSTM_VERSION;
    m.attr("window_steps") = window_steps;
    m.attr("compiled_units") = compiled_units_vector();
    m.attr("no_token") = no_token;
    py::register_exception_translator(&translate);

    // ---- corpus ---------------------------------------------------------------------------
    py::class_<TrackStats>(m, "TrackStats")
        .def_readonly("track", &TrackStats::track)
        .def_readonly("name", &TrackStats::name)
        .def_readonly("channel", &TrackStats::channel)
        .def_readonly("program", &TrackStats::program)
        .def_readonly("notes", &TrackStats::notes)
        .def_readonly("attacks", &TrackStats::onsets)
        .def_readonly("chordal_share", &TrackStats::chordal_share)
        .def_readonly("dyad_share", &TrackStats::dyad_share)
        .def_readonly("held_share", &TrackStats::held_share)
        .def_readonly("lead_score", &TrackStats::lead_score)
        .def_readonly("chord_score", &TrackStats::chord_score)
        .def_readonly("verdict", &TrackStats::verdict)
        .def("__repr__", [](const TrackStats& t) { return "<Track " + std::to_string(t.track) + " '" + t.name + "': " + t.verdict + ">"; });

    py::class_<PartChoice>(m, "PartChoice")
        .def_readonly("melody", &PartChoice::melody)
        .def_readonly("chords", &PartChoice::chords)
        .def_readonly("harmony", &PartChoice::harmony)
        .def_readonly("melody_top_note", &PartChoice::melody_top_note)
        .def_property_readonly("window", [](const PartChoice& p) { return std::make_pair(quarters(p.window_lo), quarters(p.window_hi)); })
        .def_readonly("automatic", &PartChoice::automatic)
        .def_readonly("tracks", &PartChoice::tracks)
        .def_readonly("explanation", &PartChoice::explanation)
        .def("__repr__", [](const PartChoice& p) { return "<PartChoice: " + p.explanation + ">"; });

    py::class_<Chord>(m, "Chord")
        .def_property_readonly("offset", [](const Chord& c) { return quarters(c.offset); })
        .def_property_readonly("duration", [](const Chord& c) { return quarters(c.duration); })
        .def_readonly("pitches", &Chord::pitches)
        .def("__repr__", [](const Chord& c) {
            std::string s = "Chord(offset=" + std::to_string(quarters(c.offset)) + ", duration=" + std::to_string(quarters(c.duration)) + ", pitches=[";
            for (std::size_t i = 0; i < c.pitches.size(); ++i)
                s += (i ? ", " : "") + std::to_string(c.pitches[i]);
            return s + "])";
        });

    py::class_<ChordGroups>(m, "ChordGroups")
        .def("__len__", [](const ChordGroups& g) { return g.groups.size(); })
        .def("__getitem__", [](const ChordGroups& g, std::ptrdiff_t i) {
            const auto n = static_cast<std::ptrdiff_t>(g.groups.size());
            if (i < 0)
                i += n;
            if (i < 0 || i >= n)
                throw py::index_error("chord group index out of range");
            return g.groups[static_cast<std::size_t>(i)];
        })
        .def_readonly("chord_group_count", &ChordGroups::chord_group_count);

    py::class_<Corpus>(m, "Corpus")
        .def_readonly("tokens", &Corpus::tokens)
        .def_property_readonly("vocabulary", [](const Corpus& c) { return c.vocabulary.tokens(); })
        .def_property_readonly("indices", [](const Corpus& c) { return vector_array(c.indices()); })
        .def_readonly("parts", &Corpus::parts)
        .def_readonly("notes", &Corpus::notes)
        .def_property_readonly("measures", [](const Corpus& c) { return c.measures.size(); })
        .def_readonly("measure_count", &Corpus::measure_count)
        .def_readonly("chord_group_count", &Corpus::chord_group_count)
        .def_readonly("bpm", &Corpus::bpm)
        .def_property_readonly("behaviour", [](const Corpus& c) { return behaviour_name(c.behaviour); })
        .def("chord_groups", [](const Corpus& c) { return chord_groups(c); });

    m.def(
        "load_corpus",
        [](const py::object& source, std::optional<std::string> preset, std::optional<std::string> melody,
            std::vector<std::string> chords, std::optional<std::pair<double, double>> window, std::optional<std::string> behaviour) {
            const CorpusOptions options = corpus_options(preset, melody, chords, window, behaviour);
            if (py::isinstance<py::bytes>(source)) {
                const std::vector<std::uint8_t> data = bytes_of(source.cast<py::bytes>());
                py::gil_scoped_release release;
                return build_corpus(midi::parse(data), options);
            }
            const std::filesystem::path path = source.cast<std::filesystem::path>();
            py::gil_scoped_release release;
            return load_corpus(path, options);
        },
        py::arg("source"), py::arg("preset") = py::none(), py::arg("melody") = py::none(), py::arg("chords") = std::vector<std::string> {},
        py::arg("window") = py::none(), py::arg("behaviour") = py::none());

    // ---- training windows -----------------------------------------------------------------
    py::class_<TrainingData>(m, "TrainingData")
        .def_property_readonly("X", [](const TrainingData& d) { return sequences_array(IndexSequences(d.X)); })
        .def_property_readonly("Y", [](const TrainingData& d) { return sequences_array(IndexSequences(d.Y)); })
        .def_readonly("V", &TrainingData::V)
        .def_property_readonly("start_indices", [](const TrainingData& d) { return vector_array(std::vector<std::int64_t>(d.start_indices)); })
        .def("one_hot_X", [](const TrainingData& d) { return one_hot_array(dense_x<float>(d)); })
        .def("one_hot_Y", [](const TrainingData& d) { return one_hot_array(dense_y<float>(d)); });

    m.def(
        "training_data",
        [](const IndexArray& indices, int values, int m_, int tx, std::uint32_t seed) {
            if (indices.ndim() != 1)
                throw shape_error("jazzlstm.python.index_shape", "the corpus indices must be a 1-dimensional array");
            std::vector<int> corpus(indices.data(), indices.data() + indices.shape(0));
            return make_training_data(corpus, values, m_, tx, seed);
        },
        py::arg("indices"), py::arg("values"), py::arg("m") = training_windows, py::arg("tx") = window_steps,
        py::arg("seed") = training_window_seed);

    m.def(
        "one_hot_batch_major",
        [](const IndexArray& indices, int values) { return one_hot_array(one_hot_batch_major<float>(sequences_of(indices, "indices"), values)); },
        py::arg("indices"), py::arg("values"));

    // ---- the network ----------------------------------------------------------------------
    py::class_<Network>(m, "Network")
        .def(py::init([](int values, int units, std::uint64_t seed, double learning_rate, double beta_1, double beta_2, double epsilon,
                          double decay) {
            AdamSettings adam;
            adam.learning_rate = learning_rate;
            adam.beta_1 = beta_1;
            adam.beta_2 = beta_2;
            adam.epsilon = epsilon;
            adam.decay = decay;
            return new_network(values, units, seed, adam);
        }),
            py::arg("values"), py::arg("units") = 64, py::arg("seed") = default_seed, py::arg("learning_rate") = AdamSettings {}.learning_rate,
            py::arg("beta_1") = AdamSettings {}.beta_1, py::arg("beta_2") = AdamSettings {}.beta_2, py::arg("epsilon") = AdamSettings {}.epsilon,
            py::arg("decay") = AdamSettings {}.decay)
        .def_static("from_file", [](const std::filesystem::path& path) {
            ModelFile file = load_model_file(path);
            auto net = network_of_file(file);
            return py::make_tuple(py::cast(std::move(net)), file.vocabulary, file.hyper.Ty, file.hyper.training.epochs,
                file.hyper.training.seed, file.hyper.training.final_loss);
        })
        .def_property_readonly("units", [](const Network& net) { return net.solo().units(); })
        .def_property_readonly("values", [](const Network& net) { return net.solo().values(); })
        .def_property_readonly("param_count", [](const Network& net) { return net.solo().param_count(); })
        .def_property_readonly("time_steps", [](const Network&) { return window_steps; })
        .def("summary", [](const Network& net) { return net.solo().summary(); })
        .def(
            "fit",
            [](Network& net, const IndexArray& X, const IndexArray& Y, int epochs, int batch_size, const py::object& callback, int first_epoch) {
                const IndexSequences x = sequences_of(X, "X");
                const IndexSequences y = sequences_of(Y, "Y");
                std::vector<EpochStats> history;
                if (callback.is_none()) {
                    py::gil_scoped_release release;
                    history = net.solo().fit(x, y, epochs, batch_size, {});
                } else {
                    py::gil_scoped_release release;
                    history = net.solo().fit(x, y, epochs, batch_size, [&](int epoch, double loss, double accuracy) {
                        py::gil_scoped_acquire acquire;
                        callback(epoch + first_epoch - 1, loss, accuracy);
                    });
                }
                return history_list(history, first_epoch);
            },
            py::arg("X"), py::arg("Y"), py::arg("epochs"), py::arg("batch_size") = 0, py::arg("callback") = py::none(), py::arg("first_epoch") = 1)
        .def(
            "evaluate",
            [](Network& net, const IndexArray& X, const IndexArray& Y) {
                const EpochStats s = net.solo().evaluate(sequences_of(X, "X"), sequences_of(Y, "Y"));
                return py::make_tuple(s.loss, s.accuracy);
            },
            py::arg("X"), py::arg("Y"))
        .def("keras_weights", [](const Network& net) { return weights_dict(net.solo().keras_weights()); })
        .def("set_keras_weights", [](Network& net, const py::dict& w) { net.solo().set_keras_weights(weights_of(w)); })
        .def_property(
            "threads", [](const Network& net) { return net.solo().compute_options().threads; },
            [](Network& net, int threads) {
                ComputeOptions o = net.solo().compute_options();
                o.threads = threads;
                net.solo().set_compute_options(o);
            })
        .def_property(
            "merge_duplicate_windows", [](const Network& net) { return net.solo().compute_options().merge_duplicate_windows; },
            [](Network& net, bool merge) {
                ComputeOptions o = net.solo().compute_options();
                o.merge_duplicate_windows = merge;
                net.solo().set_compute_options(o);
            })
        .def("reset_state", &Network::reset_state)
        .def(
            "step", [](Network& net, int token) { return column_array(Eigen::VectorXf(net.step(token))); }, py::arg("token"))
        .def_property_readonly("a", [](const Network& net) { return column_array(net.state_a()); })
        .def_property_readonly("c", [](const Network& net) { return column_array(net.state_c()); })
        .def(
            "generate",
            [](Network& net, int ty, double temperature, int top_k, double top_p, std::uint64_t seed, bool probabilities) {
                Generated g;
                {
                    py::gil_scoped_release release;
                    g = generate(net, ty, temperature, top_k, top_p, seed, probabilities);
                }
                py::array indices = vector_array(std::move(g.indices));
                if (!probabilities)
                    return py::make_tuple(indices, py::none());
                Eigen::MatrixXf rows = g.probabilities.transpose();
                return py::make_tuple(indices, matrix_array(std::move(rows)));
            },
            py::arg("ty"), py::arg("temperature") = 0.0, py::arg("top_k") = 0, py::arg("top_p") = 1.0, py::arg("seed") = default_seed,
            py::arg("probabilities") = false)
        .def(
            "save",
            [](Network& net, const std::filesystem::path& path, const std::vector<std::string>& vocabulary, int epochs, int m_,
                std::uint64_t seed, std::optional<double> final_loss, int ty) {
                TrainingInfo info;
                info.epochs = epochs;
                info.m = m_;
                info.seed = seed;
                info.window_seed = training_window_seed;
                info.final_loss = final_loss;
                info.source = "jazzlstm";
                save_model_file(path, model_file_of(net, vocabulary, info, ty));
            },
            py::arg("path"), py::arg("vocabulary"), py::arg("epochs") = 0, py::arg("m") = 0, py::arg("seed") = 0,
            py::arg("final_loss") = py::none(), py::arg("ty") = 50);

    m.def(
        "filtered_distribution",
        [](const py::array_t<double, py::array::c_style | py::array::forcecast>& p, double temperature, int top_k, double top_p) {
            if (p.ndim() != 1)
                throw shape_error("jazzlstm.python.index_shape", "probabilities must be a 1-dimensional array");
            check_cut(top_k, top_p);
            const Eigen::Map<const Eigen::VectorXd> v(p.data(), p.shape(0));
            return column_array(sampling_distribution(v, temperature, top_k, top_p));
        },
        py::arg("probabilities"), py::arg("temperature") = 1.0, py::arg("top_k") = 0, py::arg("top_p") = 1.0);

    // ---- improvising ----------------------------------------------------------------------
    py::class_<MelodyElement>(m, "MelodyElement")
        .def_property_readonly("offset", [](const MelodyElement& e) { return quarters(e.offset); })
        .def_property_readonly("duration", [](const MelodyElement& e) { return quarters(e.duration); })
        .def_readonly("pitch", &MelodyElement::midi)
        .def_readonly("velocity", &MelodyElement::velocity)
        .def_readonly("is_rest", &MelodyElement::is_rest);

    py::class_<GroupReport>(m, "GroupReport")
        .def_readonly("group", &GroupReport::group)
        .def_readonly("tokens", &GroupReport::tokens)
        .def_readonly("elements", &GroupReport::elements)
        .def_readonly("notes", &GroupReport::notes)
        .def_readonly("prefixed", &GroupReport::prefixed)
        .def("__repr__", [](const GroupReport& g) {
            return "<group " + std::to_string(g.group) + ": " + std::to_string(g.tokens) + " tokens, " + std::to_string(g.elements)
                + " elements, " + std::to_string(g.notes) + " notes>";
        });

    py::class_<Solo>(m, "Solo")
        .def_readonly("melody", &Solo::melody)
        .def_readonly("chords", &Solo::chords)
        .def_readonly("groups", &Solo::groups)
        .def_readonly("tokens", &Solo::tokens)
        .def(
            "midi_bytes", [](const Solo& s, double bpm) { return as_bytes(midi::serialize(midi::from_score(solo_score(s, bpm)))); },
            py::arg("bpm") = 130.0)
        .def(
            "write_midi", [](const Solo& s, const std::filesystem::path& path, double bpm) { midi::write_file(midi::from_score(solo_score(s, bpm)), path); },
            py::arg("path"), py::arg("bpm") = 130.0)
        .def(
            "write_wav", [](const Solo& s, const std::filesystem::path& path, double bpm, double a4) { write_wav_of_score(solo_score(s, bpm), path, a4); },
            py::arg("path"), py::arg("bpm") = 130.0, py::arg("a4") = 440.0)
        .def(
            "piano_roll_svg",
            [](const Solo& s, const std::string& title) {
                std::vector<app::RollNote> melody;
                std::vector<app::RollChord> chords;
                app::roll_of_solo(s, melody, chords);
                app::RollSettings settings;
                settings.title = title;
                return app::piano_roll_svg(melody, chords, settings);
            },
            py::arg("title") = "jazzlstm solo");

    m.def(
        "improvise",
        [](Network& net, const std::vector<std::string>& vocabulary, const ChordGroups& chords, double temperature, int ty, bool notebook,
            std::uint64_t seed, const std::string& behaviour, const Corpus* source, int top_k, double top_p,
            std::optional<double> motif_recall) {
            const TokenVocabulary tokens(vocabulary);
            GenerationSettings settings;
            settings.temperature = temperature;
            settings.ty = ty;
            settings.notebook = notebook;
            settings.seed = seed;
            settings.behaviour = behaviour == "music21_5" ? Music21Behaviour::music21_5 : Music21Behaviour::music21_6;
            // The default mode plays in the style of the melody it learned from, as the program does.
            if (source)
                settings.style = learn_style(metric_line(*source));
            settings.top_k = top_k;
            settings.top_p = top_p;
            settings.motif_recall = motif_recall;
            py::gil_scoped_release release;
            return improvise(net.solo(), tokens, chords, settings);
        },
        py::arg("network"), py::arg("vocabulary"), py::arg("chords"), py::arg("temperature") = 1.0, py::arg("ty") = 50,
        py::arg("notebook") = false, py::arg("seed") = default_seed, py::arg("behaviour") = "music21_6",
        py::arg("source") = nullptr, py::arg("top_k") = 0, py::arg("top_p") = 1.0, py::arg("motif_recall") = std::nullopt);

    m.def(
        "train_solo_model",
        [](const Corpus& corpus, int epochs, int batch_size, std::uint64_t seed, const py::object& callback) {
            TrainOptions options;
            options.epochs = epochs;
            options.batch_size = batch_size;
            options.seed = seed;
            TrainingRun run;
            {
                py::gil_scoped_release release;
                run = start_training({ corpus }, options);
                if (callback.is_none())
                    run_training(run, options, [](const EpochRecord&, int) {});
                else
                    run_training(run, options, [&](const EpochRecord& r, int) {
                        py::gil_scoped_acquire acquire;
                        callback(r.epoch, r.loss, r.accuracy);
                    });
            }
            std::vector<EpochStats> history;
            for (const auto& r : run.history)
                history.push_back({ r.loss, r.accuracy });
            return py::make_tuple(py::cast(adopt(std::move(run.model.network))), run.model.vocabulary.strings(), history_list(history, 1));
        },
        py::arg("corpus"), py::arg("epochs") = 100, py::arg("batch_size") = 0, py::arg("seed") = default_seed, py::arg("callback") = py::none());

    // ---- rendering ------------------------------------------------------------------------
    m.def(
        "midi_to_wav",
        [](const std::filesystem::path& midi_path, const std::filesystem::path& wav, double a4) {
            py::gil_scoped_release release;
            write_wav_of_score(midi::to_score(midi::read_file(midi_path)), wav, a4);
        },
        py::arg("midi"), py::arg("wav"), py::arg("a4") = 440.0);

    m.def(
        "loss_chart_svg",
        [](const std::vector<double>& losses, const std::string& title) {
            std::vector<EpochRecord> history;
            for (std::size_t i = 0; i < losses.size(); ++i)
                history.push_back({ static_cast<int>(i) + 1, losses[i], 0.0 });
            return app::loss_plot_svg(history, title);
        },
        py::arg("losses"), py::arg("title") = "training loss");

    m.def("midi_notes", [](const std::filesystem::path& path) {
        // (track, onset quarters, duration quarters, pitch, velocity) of every note of a MIDI file.
        const midi::Score score = midi::to_score(midi::read_file(path));
        py::list out;
        for (std::size_t t = 0; t < score.tracks.size(); ++t)
            for (const auto& n : score.tracks[t].notes)
                out.append(py::make_tuple(t, n.onset, n.duration, n.pitch, n.velocity));
        return out;
    });
}

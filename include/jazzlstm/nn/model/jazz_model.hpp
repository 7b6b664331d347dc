// JazzModel: the notebook's djmodel (training graph) and music_inference_model (generation
// graph) over ONE shared LSTM and ONE shared Dense layer.
//
// Training graph, unrolled over the compile-time Tx steps (batch of m in columns):
//   a⟨0⟩ = c⟨0⟩ = 0
//   for t in 0..Tx−1:  x = reshapor(X[t]);  a⟨t+1⟩, c⟨t+1⟩ = LSTM(x, a⟨t⟩, c⟨t⟩);  ŷ⟨t⟩ = softmax(Dense(a⟨t+1⟩))
//   loss = Σ_t (1/m) Σ_j CE(ŷ⟨t⟩_j, Y[t]_j)
// Every step's cache (gates, c, tanh c, a) is a column block of a few buffers allocated once
// in prepare(), so the Dense layer and the LSTM's weight gradients are each ONE product over
// all Tx·m columns (see docs/architecture.md for the backward equations).
//
// Two exact shortcuts keep the arithmetic to what the loss needs: repeated windows of a
// batch (the notebook draws its 60 start indices with replacement, so about 10 repeat) are
// computed once and weighted by their count, and a batch of at least
// parallel_min_windows distinct windows is cut into two shards whose forward and backward
// passes run on two threads (the cut does not depend on the thread count, so results do not).
#pragma once

#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/nn/adam.hpp>
#include <jazzlstm/core/config.hpp>
#include <jazzlstm/nn/detail/worker.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/fnv.hpp>
#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/layers/lstm.hpp>
#include <jazzlstm/nn/layers/reshape.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/nn/loss.hpp>
#include <jazzlstm/nn/sequences.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <memory>
#include <random>
#include <thread>
#include <type_traits>
#include <sstream>
#include <string>
#include <vector>

namespace jazzlstm {

/// Loss and accuracy of one epoch (or one batch).
struct EpochStats {
    double loss = 0.0;     ///< Σ over the Tx outputs of the batch-mean cross-entropy
    double accuracy = 0.0; ///< fraction of scored steps whose argmax equals the target
};

/// Options of JazzModel::fit.
struct FitOptions {
    /// 0 (the default) = one full-batch Adam step per epoch, as the issue asks. A positive
    /// value splits the m windows into consecutive batches of that size (the last one
    /// shorter), one Adam step each, like Keras's batch_size but without shuffling.
    int batch_size = 0;
};

/// How JazzModel runs training arithmetic; none of it changes the mathematics.
struct ComputeOptions {
    /// Compute each distinct window of a batch once, weighted by how often it occurs.
    bool merge_duplicate_windows = true;
    /// Threads for the two shards of a large batch: 1 runs them one after the other on the
    /// caller's thread. Results are identical for any value.
    int threads = 2;
};

/// The jazz LSTM: NA units, Tx training steps, V values given at run time.
/// Create it with std::make_unique: it is large and owns large buffers.
template <typename T = float, int Tx = 30, int NA = 64>
class JazzModel {
public:
    static_assert(Tx > 0, "Tx must be positive");
    static_assert(Tx <= limits::max_timesteps, "Tx above limits::max_timesteps");
    static constexpr int time_steps = Tx;
    static constexpr int units = NA;
    /// Distinct windows per batch from which training splits the batch into two shards.
    static constexpr int parallel_min_windows = 256;

    using Scalar = T;
    using LSTMLayer = LSTM<T, NA>;
    using DenseLayer = Dense<T, NA>;
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using StateMatrix = typename LSTMLayer::StateMatrix;
    using GateMatrix = typename LSTMLayer::GateMatrix;
    using StateVector = typename LSTMLayer::StateVector;
    using GateVector = typename LSTMLayer::GateVector;

    /// Generation state for batch 1: a, c, the last token fed and the output distribution.
    class InferenceState {
    public:
        /// a = c = 0, last token = no_token (the notebook's x0, a0, c0). Allocates: no.
        void reset() noexcept
        {
            a_.setZero();
            c_.setZero();
            probabilities_.setZero();
            last_token_ = no_token;
        }
        const StateVector& a() const noexcept { return a_; }
        const StateVector& c() const noexcept { return c_; }
        /// Softmax output of the latest step.
        const Vector& probabilities() const noexcept { return probabilities_; }
        /// The token fed to the latest step (no_token before the first or after reset()).
        int last_token() const noexcept { return last_token_; }

    private:
        friend class JazzModel;
        explicit InferenceState(int values)
            : probabilities_(Vector::Zero(values))
        {
            reset();
        }
        StateVector a_;
        StateVector c_;
        GateVector gates_;
        Vector probabilities_;
        int last_token_ = no_token;
    };

    /// Indices and one-hot rows of a generated sequence; argmax(one_hot.row(t)) == indices[t].
    struct Generation {
        std::vector<int> indices; ///< Ty indices
        Matrix one_hot;           ///< Ty × V
    };

    /// A model for `values` (V) token values, initialised as Keras initialises it, from a
    /// std::mt19937_64 seeded with `seed`. Allocates: yes.
    /// @throws argument_error (`jazzlstm.model.values`) when values < 1; limit_error
    /// (`jazzlstm.model.too_many_values`) above limits::max_vocabulary.
    explicit JazzModel(int values, std::uint64_t seed = 0, AdamSettings adam = {})
        : JazzModel(values, adam, 0)
    {
        std::mt19937_64 rng(seed);
        initialize(rng);
    }

    /// As above with a caller-supplied 64-bit generator (e.g. std::mt19937_64).
    template <typename URBG, typename = std::enable_if_t<!std::is_integral<std::decay_t<URBG>>::value>>
    JazzModel(int values, URBG& rng, AdamSettings adam = {})
        : JazzModel(values, adam, 0)
    {
        initialize(rng);
    }

    JazzModel(const JazzModel&) = delete;
    JazzModel& operator=(const JazzModel&) = delete;

    /// Re-draws every weight (kernel, recurrent kernel, then Dense kernel) and resets Adam.
    template <typename URBG>
    void initialize(URBG& rng)
    {
        lstm_.initialize(rng);
        dense_.initialize(rng);
        optimizer_.reset();
    }

    int values() const noexcept { return values_; }

    /// Duplicate merging and threads (see ComputeOptions). The default uses up to two
    /// threads, capped by std::thread::hardware_concurrency().
    /// @throws argument_error (`jazzlstm.model.threads`) when threads < 1.
    void set_compute_options(ComputeOptions options)
    {
        if (options.threads < 1)
            throw argument_error("jazzlstm.model.threads", "threads must be at least 1, got " + std::to_string(options.threads));
        compute_ = options;
    }
    const ComputeOptions& compute_options() const noexcept { return compute_; }
    long param_count() const noexcept { return lstm_.param_count() + dense_.param_count(); }

    LSTMLayer& lstm() noexcept { return lstm_; }
    const LSTMLayer& lstm() const noexcept { return lstm_; }
    DenseLayer& dense() noexcept { return dense_; }
    const DenseLayer& dense() const noexcept { return dense_; }
    Adam<T>& optimizer() noexcept { return optimizer_; }
    const Adam<T>& optimizer() const noexcept { return optimizer_; }

    /// Calls f(name, value, gradient) for the five tensors in Keras's order.
    template <typename F>
    void for_each_param(F&& f)
    {
        lstm_.for_each_param(f);
        dense_.for_each_param(f);
    }

    /// A Keras-like layer table ending in "Total params: N". Allocates: yes.
    std::string summary() const
    {
        std::ostringstream out;
        const std::string rule(80, '_');
        const std::string V = std::to_string(values_);
        const std::string n_a = std::to_string(NA);
        auto row = [&](const std::string& layer, const std::string& shape, long params, const std::string& note) {
            out << std::left << std::setw(28) << layer << std::setw(26) << shape << std::setw(10) << grouped(params)
                << note << '\n';
        };
        out << "Model: \"jazz_model\" (Tx = " << Tx << ", n_a = " << NA << ", V = " << V << ")\n" << rule << '\n';
        row("Layer (type)", "Output Shape", -1, "Used by");
        out << std::string(80, '=') << '\n';
        row("input_X (InputLayer)", "(None, " + std::to_string(Tx) + ", " + V + ")", 0, "");
        row("a0 (InputLayer)", "(None, " + n_a + ")", 0, "");
        row("c0 (InputLayer)", "(None, " + n_a + ")", 0, "");
        row("reshape (Reshape)", "(None, 1, " + V + ")", Reshape::param_count, "shared by " + std::to_string(Tx) + " steps");
        row("lstm (LSTM)", "[(None, " + n_a + ") x3]", lstm_.param_count(), "shared by " + std::to_string(Tx) + " steps");
        row("dense (Dense, softmax)", "(None, " + V + ")", dense_.param_count(), "shared by " + std::to_string(Tx) + " steps");
        out << std::string(80, '=') << '\n';
        out << "Total params: " << grouped(param_count()) << '\n';
        out << "Trainable params: " << grouped(param_count()) << '\n';
        out << "Non-trainable params: 0\n" << rule << '\n';
        return out.str();
    }

    /// The weights in Keras's layout (the one place that converts from internal storage).
    /// Allocates: yes.
    KerasWeights<T> keras_weights() const
    {
        KerasWeights<T> w;
        w.lstm_kernel = lstm_.kernel().transpose();
        w.lstm_recurrent_kernel = lstm_.recurrent_kernel().transpose();
        w.lstm_bias = lstm_.bias();
        w.dense_kernel = dense_.kernel().transpose();
        w.dense_bias = dense_.bias();
        return w;
    }

    /// Loads weights given in Keras's layout (the one place that converts to internal
    /// storage). Adam's moments are reset. Allocates: no.
    /// @throws shape_error (`jazzlstm.model.weight_shape`) naming the first tensor whose size
    /// differs from (V, n_a); the model is then unchanged.
    void set_keras_weights(const KerasWeights<T>& w)
    {
        check_shape("lstm_kernel", w.lstm_kernel.rows(), w.lstm_kernel.cols(), values_, 4 * NA);
        check_shape("lstm_recurrent_kernel", w.lstm_recurrent_kernel.rows(), w.lstm_recurrent_kernel.cols(), NA, 4 * NA);
        check_shape("lstm_bias", w.lstm_bias.rows(), w.lstm_bias.cols(), 4 * NA, 1);
        check_shape("dense_kernel", w.dense_kernel.rows(), w.dense_kernel.cols(), NA, values_);
        check_shape("dense_bias", w.dense_bias.rows(), w.dense_bias.cols(), values_, 1);
        lstm_.kernel() = w.lstm_kernel.transpose();
        lstm_.recurrent_kernel() = w.lstm_recurrent_kernel.transpose();
        lstm_.bias() = w.lstm_bias;
        dense_.kernel() = w.dense_kernel.transpose();
        dense_.bias() = w.dense_bias;
        optimizer_.reset();
    }

    /// Sizes the training buffers for batches of up to `max_batch` windows. Called by the
    /// training functions when a larger batch arrives. Allocates: yes (only when growing).
    /// @throws argument_error (`jazzlstm.model.batch`) when max_batch < 1.
    void prepare(int max_batch)
    {
        if (max_batch < 1)
            throw argument_error("jazzlstm.model.batch", "batch size must be at least 1, got " + std::to_string(max_batch));
        if (max_batch <= capacity_)
            return;
        const Eigen::Index cols = Eigen::Index(Tx) * max_batch;
        a_.resize(NA, cols + max_batch);
        c_.resize(NA, cols + max_batch);
        tanh_c_.resize(NA, cols);
        gates_.resize(4 * NA, cols);
        dz_.resize(4 * NA, cols);
        probs_.resize(values_, cols);
        da_.resize(NA, cols);
        da_next_.resize(NA, max_batch);
        dc_.resize(NA, max_batch);
        capacity_ = max_batch;
    }

private:
    // Sizes the distinct-window buffers for m windows. Allocates only when growing.
    void reserve_windows(Eigen::Index m)
    {
        if (unique_x_.cols() >= m)
            return;
        unique_x_.resize(Tx, m);
        unique_y_.resize(Tx, m);
        weight_.resize(m);
        hash_.resize(m);
        table_.assign(static_cast<std::size_t>(table_size(m)), -1);
    }

    static Eigen::Index table_size(Eigen::Index m)
    {
        Eigen::Index size = 16;
        while (size < 2 * m)
            size *= 2;
        return size;
    }

public:

    /// Forward pass only: loss and accuracy of (X, Y), both Tx × m. Allocates: only when m
    /// exceeds the prepared batch size.
    /// @throws shape_error, argument_error for malformed batches.
    EpochStats evaluate(const IndexSequences& X, const IndexSequences& Y)
    {
        check_batch(X, Y);
        prepare(static_cast<int>(X.cols()));
        reserve_windows(X.cols());
        const Eigen::Index unique = compact(X, Y, 0, X.cols(), 0);
        return run_batch(0, unique, X.cols(), false);
    }

    /// Forward and backward pass: fills every parameter's gradient (d loss / d parameter) and
    /// returns the loss before any update. Allocates: as evaluate().
    EpochStats compute_gradients(const IndexSequences& X, const IndexSequences& Y)
    {
        check_batch(X, Y);
        prepare(static_cast<int>(X.cols()));
        reserve_windows(X.cols());
        const Eigen::Index unique = compact(X, Y, 0, X.cols(), 0);
        return run_batch(0, unique, X.cols(), true);
    }

    /// compute_gradients + one Adam step. Allocates: as evaluate().
    /// @throws numeric_error (`jazzlstm.model.non_finite`) when the loss is NaN or infinite;
    /// the weights are then not updated.
    EpochStats train_step(const IndexSequences& X, const IndexSequences& Y)
    {
        const EpochStats stats = compute_gradients(X, Y);
        if (!std::isfinite(stats.loss))
            throw numeric_error("jazzlstm.model.non_finite", "training loss is not finite");
        optimizer_.step([this](auto&& f) { for_each_param(f); });
        return stats;
    }

    /// Trains for `epochs` epochs on all m windows, calling callback(epoch (1-based), loss,
    /// accuracy) after each, and returns the history. By default one full-batch Adam step per
    /// epoch (see FitOptions for Keras-like mini-batches). Allocates: the history (once) and
    /// the buffers on the first epoch; nothing in later epochs.
    /// @throws argument_error, shape_error, numeric_error; limit_error
    /// `jazzlstm.model.too_many_epochs` above limits::max_epochs.
    template <typename Callback>
    std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, Callback&& callback,
        FitOptions options = {})
    {
        if (epochs < 0)
            throw argument_error("jazzlstm.model.epochs", "epochs must not be negative, got " + std::to_string(epochs));
        if (epochs > limits::max_epochs) // checked before the history is reserved
            throw limit_error("jazzlstm.model.too_many_epochs",
                std::to_string(epochs) + " epochs exceed the cap of " + std::to_string(limits::max_epochs));
        if (options.batch_size < 0)
            throw argument_error("jazzlstm.model.batch", "batch_size must not be negative");
        check_batch(X, Y);
        const Eigen::Index m = X.cols();
        const Eigen::Index batch = options.batch_size == 0 ? m : std::min<Eigen::Index>(options.batch_size, m);
        prepare(static_cast<int>(batch));
        // The distinct windows of each batch are found once; batch b's occupy the columns of
        // unique_x_ from its own start on (it has at most as many as the batch).
        reserve_windows(m);
        std::vector<Eigen::Index> unique;
        for (Eigen::Index start = 0; start < m; start += batch)
            unique.push_back(compact(X, Y, start, std::min(batch, m - start), start));
        std::vector<EpochStats> history;
        history.reserve(static_cast<std::size_t>(epochs));
        for (int epoch = 1; epoch <= epochs; ++epoch) {
            EpochStats total;
            for (Eigen::Index start = 0, b = 0; start < m; start += batch, ++b) {
                const Eigen::Index n = std::min(batch, m - start);
                const EpochStats s = run_batch(start, unique[static_cast<std::size_t>(b)], n, true);
                if (!std::isfinite(s.loss))
                    throw numeric_error("jazzlstm.model.non_finite", "training loss is not finite");
                optimizer_.step([this](auto&& f) { for_each_param(f); });
                // Keras averages batch figures weighted by batch size.
                total.loss += s.loss * double(n) / double(m);
                total.accuracy += s.accuracy * double(n) / double(m);
            }
            history.push_back(total);
            callback(epoch, total.loss, total.accuracy);
        }
        return history;
    }

    /// fit without a callback.
    std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, FitOptions options = {})
    {
        return fit(X, Y, epochs, [](int, double, double) {}, options);
    }

    /// A zeroed generation state for this model. Allocates: yes (V probabilities).
    InferenceState make_inference_state() const { return InferenceState(values_); }

    /// Feeds `input_token` (or no_token for the all-zero x⟨0⟩) to the LSTM, advancing `state`,
    /// and returns the Dense softmax output. Allocates: no.
    /// @throws argument_error (`jazzlstm.model.token_range`) for an index outside [0, V).
    const Vector& step(InferenceState& state, int input_token) const
    {
        check_token(input_token);
        lstm_.forward_one(input_token, state.a_, state.c_, state.gates_);
        dense_.forward_one(state.a_, state.probabilities_);
        DefaultMaths::softmax_columns_inplace(state.probabilities_);
        state.last_token_ = input_token;
        return state.probabilities_;
    }

    /// Greedy step: as step() followed by argmax_chooser, but the softmax is skipped (argmax of
    /// the logits is argmax of the probabilities); probabilities() then holds the logits.
    /// Returns the chosen index. Allocates: no.
    /// @throws argument_error (`jazzlstm.model.token_range`) for an index outside [0, V).
    int step_greedy(InferenceState& state, int input_token) const
    {
        check_token(input_token);
        lstm_.forward_one(input_token, state.a_, state.c_, state.gates_);
        state.last_token_ = input_token;
        return dense_.forward_argmax_one(state.a_, state.probabilities_);
    }

    /// Greedy generation of Ty indices into `indices` (the fast path of generate<Ty>()):
    /// x⟨1⟩ = 0, a = c = 0, each argmax is the next input. `state` is reset first; afterwards
    /// probabilities() holds the last logits, not a softmax. Allocates: no.
    template <int Ty = 50>
    void generate_greedy_into(InferenceState& state, int* indices) const
    {
        static_assert(Ty > 0, "Ty must be positive");
        static_assert(Ty <= limits::max_timesteps, "Ty above limits::max_timesteps");
        state.reset();
        int token = no_token;
        for (int t = 0; t < Ty; ++t)
            indices[t] = token = step_greedy(state, token);
    }

    /// The notebook's predict_and_sample over Ty steps: x⟨1⟩ = 0, a = c = 0, then each chosen
    /// token is the next input. `choose(probabilities)` returns an index in [0, V).
    /// Writes the Ty indices into `indices`. `state` is reset first. Allocates: no.
    /// @throws argument_error (`jazzlstm.model.token_range`) if `choose` returns a bad index.
    template <int Ty = 50, typename Chooser>
    void generate_into(InferenceState& state, int* indices, Chooser&& choose) const
    {
        static_assert(Ty > 0, "Ty must be positive");
        static_assert(Ty <= limits::max_timesteps, "Ty above limits::max_timesteps");
        state.reset();
        int token = no_token;
        for (int t = 0; t < Ty; ++t) {
            const Vector& p = step(state, token);
            token = choose(Eigen::Ref<const Vector>(p));
            check_token(token);
            indices[t] = token;
        }
    }

    /// generate_into with the result as indices and matching one-hot rows.
    /// Allocates: yes (state and result).
    template <int Ty = 50, typename Chooser>
    Generation generate(Chooser&& choose) const
    {
        Generation g;
        g.indices.resize(Ty);
        InferenceState state = make_inference_state();
        generate_into<Ty>(state, g.indices.data(), choose);
        g.one_hot = Matrix::Zero(Ty, values_);
        for (int t = 0; t < Ty; ++t)
            g.one_hot(t, g.indices[static_cast<std::size_t>(t)]) = T(1);
        return g;
    }

    /// Greedy generation (argmax, lowest index on ties), the default chooser.
    template <int Ty = 50>
    Generation generate() const
    {
        Generation g;
        g.indices.resize(Ty);
        InferenceState state = make_inference_state();
        generate_greedy_into<Ty>(state, g.indices.data());
        g.one_hot = Matrix::Zero(Ty, values_);
        for (int t = 0; t < Ty; ++t)
            g.one_hot(t, g.indices[static_cast<std::size_t>(t)]) = T(1);
        return g;
    }

    /// Index of the largest probability, lowest index on ties. Allocates: no.
    static int argmax_chooser(const Eigen::Ref<const Vector>& p) noexcept
    {
        Eigen::Index best = 0;
        for (Eigen::Index k = 1; k < p.size(); ++k)
            if (p(k) > p(best))
                best = k;
        return static_cast<int>(best);
    }

private:
    JazzModel(int values, AdamSettings adam, int)
        : values_(check_values(values))
        , lstm_(values)
        , dense_(values)
        , optimizer_(adam)
    {
        lstm_.for_each_param([&](const char*, auto& value, auto&) { optimizer_.add_slot(value.size()); });
        dense_.for_each_param([&](const char*, auto& value, auto&) { optimizer_.add_slot(value.size()); });
    }

    static int check_values(int values)
    {
        if (values < 1)
            throw argument_error("jazzlstm.model.values", "the model needs at least one value, got " + std::to_string(values));
        if (values > limits::max_vocabulary) // V sizes the 4·NA×V kernel allocated next
            throw limit_error("jazzlstm.model.too_many_values",
                std::to_string(values) + " values exceed the vocabulary cap of " + std::to_string(limits::max_vocabulary));
        return values;
    }

    static std::string grouped(long n)
    {
        if (n < 0)
            return "Param #";
        std::string digits = std::to_string(n);
        for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(static_cast<std::size_t>(i), ",");
        return digits;
    }

    static void check_shape(const char* name, Eigen::Index rows, Eigen::Index cols, Eigen::Index want_rows,
        Eigen::Index want_cols)
    {
        if (rows != want_rows || cols != want_cols) {
            std::ostringstream msg;
            msg << name << " is " << rows << " x " << cols << ", expected " << want_rows << " x " << want_cols
                << " for n_a = " << NA;
            throw shape_error("jazzlstm.model.weight_shape", msg.str());
        }
    }

    void check_token(int token) const
    {
        if (token != no_token && (token < 0 || token >= values_))
            throw argument_error("jazzlstm.model.token_range",
                "token index " + std::to_string(token) + " is outside [0, " + std::to_string(values_) + ")");
    }

    void check_batch(const IndexSequences& X, const IndexSequences& Y) const
    {
        if (X.rows() != Tx || Y.rows() != Tx || X.cols() != Y.cols() || X.cols() < 1) {
            std::ostringstream msg;
            msg << "X is " << X.rows() << " x " << X.cols() << " and Y is " << Y.rows() << " x " << Y.cols()
                << "; both must be Tx x m with Tx = " << Tx << " and m >= 1";
            throw shape_error("jazzlstm.model.batch_shape", msg.str());
        }
        for (const IndexSequences* s : { &X, &Y })
            for (Eigen::Index j = 0; j < s->cols(); ++j)
                for (Eigen::Index t = 0; t < Tx; ++t) {
                    const int k = (*s)(t, j);
                    if (k != no_token && (k < 0 || k >= values_)) {
                        error_context where;
                        where.position = static_cast<std::size_t>(j * Tx + t);
                        where.token = std::to_string(k);
                        throw argument_error("jazzlstm.model.token_range",
                            std::string(s == &X ? "X" : "Y") + "(" + std::to_string(t) + ", " + std::to_string(j)
                                + ") is outside [0, " + std::to_string(values_) + ")",
                            where);
                    }
                }
    }

    // Column k = t·n + j of a shard's step buffers belongs to step t, window j of the shard.
    struct StepColumns {
        const IndexSequences& s;
        Eigen::Index row, col0;
        int operator()(Eigen::Index j) const { return s(row, col0 + j); }
    };
    struct AllColumns {
        const IndexSequences& s;
        Eigen::Index n, col0;
        int operator()(Eigen::Index k) const { return s(k / n, col0 + k % n); }
    };
    struct ColumnWeights {
        const Eigen::VectorXi& w;
        Eigen::Index n, col0;
        int operator()(Eigen::Index k) const { return w(col0 + k % n); }
    };

    static std::uint64_t window_hash(const IndexSequences& X, const IndexSequences& Y, Eigen::Index j) noexcept
    {
        Fnv1a64 hash; // over both columns; equal windows are still compared in full
        for (const IndexSequences* s : { &X, &Y })
            for (Eigen::Index t = 0; t < Tx; ++t)
                hash.feed_u32(static_cast<std::uint32_t>((*s)(t, j)));
        return hash.value();
    }

    // Copies the distinct windows of columns [start, start + m) of (X, Y) into columns
    // [offset, offset + u) of unique_x_ / unique_y_ in order of first appearance, with their
    // counts in weight_, and returns u. Allocates: no (after reserve_windows(offset + m)).
    Eigen::Index compact(const IndexSequences& X, const IndexSequences& Y, Eigen::Index start, Eigen::Index m,
        Eigen::Index offset)
    {
        const std::size_t mask = static_cast<std::size_t>(table_size(m)) - 1;
        std::fill(table_.begin(), table_.begin() + static_cast<std::ptrdiff_t>(mask + 1), -1);
        Eigen::Index unique = 0;
        for (Eigen::Index j = start; j < start + m; ++j) {
            const std::uint64_t h = window_hash(X, Y, j);
            std::size_t slot = static_cast<std::size_t>(h) & mask;
            Eigen::Index match = -1;
            if (compute_.merge_duplicate_windows)
                for (; table_[slot] >= 0; slot = (slot + 1) & mask) {
                    const Eigen::Index q = offset + table_[slot];
                    if (hash_[q] == h && unique_x_.col(q) == X.col(j) && unique_y_.col(q) == Y.col(j)) {
                        match = q;
                        break;
                    }
                }
            if (match >= 0) {
                ++weight_(match);
                continue;
            }
            const Eigen::Index q = offset + unique;
            unique_x_.col(q) = X.col(j);
            unique_y_.col(q) = Y.col(j);
            weight_(q) = 1;
            hash_[q] = h;
            if (compute_.merge_duplicate_windows)
                table_[slot] = static_cast<Eigen::Index>(unique);
            ++unique;
        }
        return unique;
    }

    // 1 + the last step with a scored target among n windows from column col0 of unique_y_.
    // Later steps feed nothing to the loss (the notebook's Y⟨Tx−1⟩ is all no_token), so they
    // are not computed: neither their LSTM step nor their Dense output, softmax or gradients;
    // their dL/da = dL/dc = 0, so their gate gradients are zero too.
    Eigen::Index scored_steps(Eigen::Index col0, Eigen::Index n) const noexcept
    {
        for (Eigen::Index t = Tx; t > 0; --t)
            for (Eigen::Index j = 0; j < n; ++j)
                if (unique_y_(t - 1, col0 + j) != no_token)
                    return t;
        return 0;
    }

    // One shard: windows [col0, col0 + n) of unique_x_/unique_y_, using the layers `lstm` and
    // `dense` (their gradients are overwritten when `with_gradients`) and the step buffers from
    // shard column `first` on (a shard of n windows owns (Tx+1)·n columns of a_ and c_, Tx·n
    // of the per-step buffers and n of da_next_ / dc_). `scale` is 1/m of the whole batch.
    struct Shard {
        JazzModel* model;
        LSTMLayer* lstm;
        DenseLayer* dense;
        Eigen::Index col0, n, first;
        T scale;
        bool with_gradients;
        CrossEntropySums sums;

        static void run(void* self) noexcept
        {
            auto* s = static_cast<Shard*>(self);
            s->sums = s->model->forward_shard(*s);
            if (s->with_gradients)
                s->model->backward_shard(*s);
        }
    };

    // Forward (and backward) over the u distinct windows stored from column col0, which stand
    // for a batch of m windows; fills the gradients of lstm_ / dense_ when with_gradients.
    EpochStats run_batch(Eigen::Index col0, Eigen::Index u, Eigen::Index m, bool with_gradients)
    {
        const T scale = T(1) / T(m);
        Shard shards[2] = { { this, &lstm_, &dense_, col0, u, 0, scale, with_gradients, {} }, {} };
        int count = 1;
        if (u >= parallel_min_windows) {
            const Eigen::Index half = u / 2;
            if (!replica_)
                replica_ = std::make_unique<Replica>(values_);
            replica_->lstm.kernel() = lstm_.kernel();
            replica_->lstm.recurrent_kernel() = lstm_.recurrent_kernel();
            replica_->lstm.bias() = lstm_.bias();
            replica_->dense.kernel() = dense_.kernel();
            replica_->dense.bias() = dense_.bias();
            shards[0].n = half;
            shards[1] = { this, &replica_->lstm, &replica_->dense, col0 + half, u - half, half, scale, with_gradients, {} };
            count = 2;
        }
        const bool threaded = count == 2 && compute_.threads > 1 && std::thread::hardware_concurrency() > 1;
        if (threaded) {
            if (!worker_)
                worker_ = std::make_unique<detail::Worker>();
            worker_->start(&Shard::run, &shards[1]);
        }
        Shard::run(&shards[0]);
        if (threaded)
            worker_->wait();
        else if (count == 2)
            Shard::run(&shards[1]);
        CrossEntropySums sums = shards[0].sums;
        if (count == 2) {
            sums.loss_sum += shards[1].sums.loss_sum;
            sums.scored += shards[1].sums.scored;
            sums.correct += shards[1].sums.correct;
            if (with_gradients) {
                lstm_.add_gradients(replica_->lstm);
                dense_.add_gradients(replica_->dense);
            }
        }
        EpochStats stats;
        stats.loss = sums.loss_sum / double(m);
        stats.accuracy = sums.scored > 0 ? double(sums.correct) / double(sums.scored) : 0.0;
        return stats;
    }

    CrossEntropySums forward_shard(const Shard& s) noexcept
    {
        const Eigen::Index n = s.n;
        const Eigen::Index steps = scored_steps(s.col0, n);
        auto a = a_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
        auto c = c_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
        auto tanh_c = tanh_c_.middleCols(Tx * s.first, Tx * n);
        auto gates = gates_.middleCols(Tx * s.first, Tx * n);
        a.leftCols(n).setZero();
        c.leftCols(n).setZero();
        for (Eigen::Index t = 0; t < steps; ++t) {
            const Eigen::Index k = t * n;
            s.lstm->forward_step(StepColumns { unique_x_, t, s.col0 }, a.middleCols(k, n), c.middleCols(k, n),
                gates.middleCols(k, n), c.middleCols(k + n, n), tanh_c.middleCols(k, n), a.middleCols(k + n, n), t == 0);
        }
        const Eigen::Index live = steps * n;
        auto probs = probs_.middleCols(Tx * s.first, live);
        s.dense->forward(a.middleCols(n, live), probs);
        return softmax_cross_entropy_inplace(probs, AllColumns { unique_y_, n, s.col0 }, ColumnWeights { weight_, n, s.col0 });
    }

    void backward_shard(const Shard& s) noexcept
    {
        LSTMLayer& lstm = *s.lstm;
        lstm.zero_grad();
        s.dense->zero_grad();
        const Eigen::Index n = s.n;
        const Eigen::Index steps = scored_steps(s.col0, n);
        if (steps == 0)
            return;
        const Eigen::Index live = steps * n;
        auto a = a_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
        auto c = c_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
        auto tanh_c = tanh_c_.middleCols(Tx * s.first, Tx * n);
        auto gates = gates_.middleCols(Tx * s.first, Tx * n);
        auto dz = dz_.middleCols(Tx * s.first, Tx * n);
        auto da_all = da_.middleCols(Tx * s.first, Tx * n);
        auto dlogits = probs_.middleCols(Tx * s.first, live);
        softmax_cross_entropy_gradient_inplace(dlogits, AllColumns { unique_y_, n, s.col0 }, s.scale,
            ColumnWeights { weight_, n, s.col0 });
        s.dense->backward(dlogits, a.middleCols(n, live), da_all.leftCols(live));
        lstm.prepare_backward();
        auto dc = dc_.middleCols(s.first, n);
        auto da_next = da_next_.middleCols(s.first, n);
        dc.setZero();
        for (Eigen::Index t = steps - 1; t >= 0; --t) {
            const Eigen::Index k = t * n;
            auto da_t = da_all.middleCols(k, n);
            if (t < steps - 1)
                da_t += da_next;
            lstm.backward_step(gates.middleCols(k, n), c.middleCols(k, n), tanh_c.middleCols(k, n), da_t, dc,
                dz.middleCols(k, n), da_next, t > 0);
            lstm.accumulate_input_gradients(StepColumns { unique_x_, t, s.col0 }, dz.middleCols(k, n));
        }
        lstm.accumulate_recurrent_gradient(dz.leftCols(live), a.leftCols(live), n);
    }

    // The second shard's layers: a copy of the weights and its own gradients.
    struct Replica {
        explicit Replica(int values)
            : lstm(values)
            , dense(values)
        {
        }
        LSTMLayer lstm;
        DenseLayer dense;
    };

    int values_;
    LSTMLayer lstm_;
    DenseLayer dense_;
    Adam<T> optimizer_;
    int capacity_ = 0;
    StateMatrix a_;     // NA × (Tx+1)·m: a⟨0⟩ (zeros) … a⟨Tx⟩
    StateMatrix c_;     // NA × (Tx+1)·m
    StateMatrix tanh_c_; // NA × Tx·m
    GateMatrix gates_;  // 4·NA × Tx·m, activated
    GateMatrix dz_;     // 4·NA × Tx·m, gradient w.r.t. pre-activations
    Matrix probs_;      // V × Tx·m: logits, then softmax, then dL/dlogits
    StateMatrix da_;    // NA × Tx·m: Dense's contribution to dL/da, then the total
    StateMatrix da_next_;
    StateMatrix dc_;
    ComputeOptions compute_;
    IndexSequences unique_x_; // Tx × windows: the distinct windows of each batch
    IndexSequences unique_y_;
    Eigen::VectorXi weight_;  // how often each distinct window occurs in its batch
    std::vector<std::uint64_t> hash_;
    std::vector<Eigen::Index> table_; // open-addressing table of compact()
    std::unique_ptr<Replica> replica_;
    std::unique_ptr<detail::Worker> worker_; // last: destroyed (joined) first
};

} // namespace jazzlstm

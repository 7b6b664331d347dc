// JazzModel: the notebook's djmodel (training graph) and music_inference_model (generation
// graph) over ONE shared LSTM and ONE shared Dense layer. This header is the facade; the
// work is done by its collaborators in nn/model/:
//   training_pass.hpp  the unrolled forward and backward pass, its step buffers and the
//                      two-thread split of a large batch
//   window_table.hpp   the distinct windows of a batch and their counts
//   inference.hpp      InferenceState, the batch-1 step and generation
//   summary.hpp        the Keras summary table
//   keras_layout.hpp   conversion to and from Keras's weight layout
#pragma once

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/nn/adam.hpp>
#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/layers/lstm.hpp>
#include <jazzlstm/nn/layers/reshape.hpp>
#include <jazzlstm/nn/model/inference.hpp>
#include <jazzlstm/nn/model/keras_layout.hpp>
#include <jazzlstm/nn/model/options.hpp>
#include <jazzlstm/nn/model/summary.hpp>
#include <jazzlstm/nn/model/training_pass.hpp>
#include <jazzlstm/nn/model/window_table.hpp>
#include <jazzlstm/nn/sequences.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace jazzlstm {

/// The jazz LSTM: NA units, Tx training steps, V values given at run time. `Maths` is the
/// activation policy (nn/activations.hpp) of the LSTM, the training loss and generation.
/// Create it with std::make_unique: it is large and owns large buffers.
template <typename T = float, int Tx = 30, int NA = 64, typename Maths = DefaultMaths>
class JazzModel {
    using Pass = detail::TrainingPass<T, Tx, NA, Maths>;

public:
    static_assert(Tx > 0, "Tx must be positive");
    static_assert(Tx <= limits::max_timesteps, "Tx above limits::max_timesteps");
    static constexpr int time_steps = Tx;
    static constexpr int units = NA;
    /// Distinct windows per batch from which training splits the batch into two shards.
    static constexpr int parallel_min_windows = Pass::parallel_min_windows;

    using Scalar = T;
    using MathsPolicy = Maths;
    using LSTMLayer = LSTM<T, NA, Maths>;
    using DenseLayer = Dense<T, NA>;
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using StateMatrix = typename LSTMLayer::StateMatrix;
    using GateMatrix = typename LSTMLayer::GateMatrix;
    using StateVector = typename LSTMLayer::StateVector;
    using GateVector = typename LSTMLayer::GateVector;
    /// Generation state for batch 1 (nn/model/inference.hpp).
    using InferenceState = ::jazzlstm::InferenceState<T, NA>;

    /// Indices and one-hot rows of a generated sequence; argmax(one_hot.row(t)) == indices[t].
    struct Generation {
        std::vector<int> indices; ///< Ty indices
        Matrix one_hot;           ///< Ty × V
    };

    /// A model for `values` (V) token values, initialised as Keras initialises it, from a
    /// std::mt19937_64 seeded with `seed`. Allocates: yes.
    /// @throws argument_error (`jazzlstm.model.values`) when values < 1; limit_error
    /// (`jazzlstm.model.too_many_values`) above limits::max_vocabulary.
    explicit JazzModel(int values, std::uint64_t seed = 0, AdamSettings adam = {});

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
    /// Allocates: yes (QR workspace).
    template <typename URBG>
    void initialize(URBG& rng)
    {
        lstm_.initialize(rng);
        dense_.initialize(rng);
        optimizer_.reset();
    }

    int values() const noexcept { return values_; }

    /// Duplicate merging and threads (see ComputeOptions). The default uses up to two
    /// threads, capped by std::thread::hardware_concurrency(). Allocates: no.
    /// @throws argument_error (`jazzlstm.model.threads`) when threads < 1.
    void set_compute_options(ComputeOptions options);
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
    std::string summary() const;

    /// The weights in Keras's layout. Allocates: yes.
    KerasWeights<T> keras_weights() const;

    /// Loads weights given in Keras's layout; Adam's moments are reset. Allocates: no.
    /// @throws shape_error (`jazzlstm.model.shape`, nn/weights.hpp's check_weight_shapes) naming
    /// the first tensor whose shape differs from the one (V, n_a) requires; the model is then
    /// unchanged.
    void set_keras_weights(const KerasWeights<T>& w);

    /// Sizes the training buffers for batches of up to `max_batch` windows. Called by the
    /// training functions when a larger batch arrives. Allocates: yes (only when growing).
    /// @throws argument_error (`jazzlstm.model.batch`) when max_batch < 1.
    void prepare(int max_batch);

    /// Forward pass only: loss and accuracy of (X, Y), both Tx × m. Allocates: only when m
    /// exceeds the prepared batch size.
    /// @throws shape_error (`jazzlstm.model.batch_shape`), argument_error
    /// (`jazzlstm.model.token_range`) for malformed batches.
    EpochStats evaluate(const IndexSequences& X, const IndexSequences& Y);

    /// Forward and backward pass: fills every parameter's gradient (d loss / d parameter) and
    /// returns the loss before any update. Allocates: as evaluate().
    /// @throws as evaluate().
    EpochStats compute_gradients(const IndexSequences& X, const IndexSequences& Y);

    /// compute_gradients + one Adam step. Allocates: as evaluate().
    /// @throws as evaluate(); numeric_error (`jazzlstm.model.non_finite`) when the loss is NaN
    /// or infinite; the weights are then not updated.
    EpochStats train_step(const IndexSequences& X, const IndexSequences& Y);

    /// Trains for `epochs` epochs on all m windows, calling callback(epoch (1-based), loss,
    /// accuracy) after each, and returns the history. By default one full-batch Adam step per
    /// epoch (see FitOptions for Keras-like mini-batches). Allocates: the history (once) and
    /// the buffers on the first epoch; nothing in later epochs.
    /// @throws argument_error (`jazzlstm.model.epochs`, `jazzlstm.model.batch`), the errors of
    /// evaluate(), numeric_error (`jazzlstm.model.non_finite`); limit_error
    /// (`jazzlstm.model.too_many_epochs`) above limits::max_epochs.
    template <typename Callback>
    std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, Callback&& callback,
        FitOptions options = {})
    {
        auto target = std::ref(callback); // functions and (const) function objects alike
        auto call = [](void* f, int epoch, double loss, double accuracy) {
            (*static_cast<decltype(target)*>(f))(epoch, loss, accuracy);
        };
        return fit_epochs(X, Y, epochs, { &target, call }, options);
    }

    /// fit without a callback.
    std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, FitOptions options = {})
    {
        return fit(X, Y, epochs, [](int, double, double) {}, options);
    }

    /// A zeroed generation state for this model. Allocates: yes (V probabilities).
    InferenceState make_inference_state() const { return detail::InferencePass<T, NA>::make_state(values_); }

    /// Feeds `input_token` (or no_token for the all-zero x⟨0⟩) to the LSTM, advancing `state`,
    /// and returns the Dense softmax output. Allocates: no.
    /// @throws argument_error (`jazzlstm.model.token_range`) for an index outside [0, V).
    const Vector& step(InferenceState& state, int input_token) const;

    /// Greedy step: as step() followed by jazzlstm::argmax, but the softmax is skipped (argmax of
    /// the logits is argmax of the probabilities); probabilities() then holds the logits.
    /// Returns the chosen index. Allocates: no.
    /// @throws argument_error (`jazzlstm.model.token_range`) for an index outside [0, V).
    int step_greedy(InferenceState& state, int input_token) const;

    /// Greedy generation of Ty indices into `indices` (the fast path of generate<Ty>()):
    /// x⟨1⟩ = 0, a = c = 0, each argmax (nn/argmax.hpp) is the next input. `state` is reset first; afterwards
    /// probabilities() holds the last logits, not a softmax. Allocates: no.
    template <int Ty = 50>
    void generate_greedy_into(InferenceState& state, int* indices) const
    {
        detail::generate_greedy_into<Ty>(*this, state, indices);
    }

    /// The notebook's predict_and_sample over Ty steps: x⟨1⟩ = 0, a = c = 0, then each chosen
    /// token is the next input. `choose(probabilities)` returns an index in [0, V).
    /// Writes the Ty indices into `indices`. `state` is reset first. Allocates: no.
    /// @throws argument_error (`jazzlstm.model.token_range`) if `choose` returns a bad index.
    template <int Ty = 50, typename Chooser>
    void generate_into(InferenceState& state, int* indices, Chooser&& choose) const
    {
        detail::generate_into<Ty>(*this, state, indices, choose);
    }

    /// generate_into with the result as indices and matching one-hot rows.
    /// Allocates: yes (state and result).
    /// @throws as generate_into.
    template <int Ty = 50, typename Chooser>
    Generation generate(Chooser&& choose) const
    {
        Generation g;
        g.indices.resize(Ty);
        InferenceState state = make_inference_state();
        generate_into<Ty>(state, g.indices.data(), choose);
        return with_one_hot(std::move(g), Ty);
    }

    /// Greedy generation (jazzlstm::argmax: lowest index on ties, first NaN wins).
    /// Allocates: yes (state and result).
    template <int Ty = 50>
    Generation generate() const
    {
        Generation g;
        g.indices.resize(Ty);
        InferenceState state = make_inference_state();
        generate_greedy_into<Ty>(state, g.indices.data());
        return with_one_hot(std::move(g), Ty);
    }

private:
    /// The forward pass (and with `backward` the gradients) over all of X as one batch.
    EpochStats whole_batch_pass(const IndexSequences& X, const IndexSequences& Y, bool backward);
    // fit's callback without its type, so that the training loop is not a template and an
    // explicit instantiation of the model holds it (nn/model_instances.hpp). Allocates: no.
    struct EpochCallback {
        void* object;
        void (*call)(void*, int, double, double);
    };
    std::vector<EpochStats> fit_epochs(const IndexSequences& X, const IndexSequences& Y, int epochs,
        EpochCallback callback, FitOptions options);

    JazzModel(int values, AdamSettings adam, int);
    static int check_values(int values);
    Generation with_one_hot(Generation g, int Ty) const
    {
        g.one_hot = Matrix::Zero(Ty, values_);
        for (int t = 0; t < Ty; ++t)
            g.one_hot(t, g.indices[static_cast<std::size_t>(t)]) = T(1);
        return g;
    }

    int values_;
    LSTMLayer lstm_;
    DenseLayer dense_;
    Adam<T> optimizer_;
    ComputeOptions compute_;
    detail::WindowTable<Tx> windows_;
    Pass pass_;
};

// The members below are defined out of the class, so that they are not inline: with
// JAZZLSTM_EXTERN_MODEL_TEMPLATES (nn/model_instances.hpp) the common instantiations are then
// compiled once, not in every translation unit that uses a model.

template <typename T, int Tx, int NA, typename Maths>
JazzModel<T, Tx, NA, Maths>::JazzModel(int values, AdamSettings adam, int)
    : values_(check_values(values))
    , lstm_(values)
    , dense_(values)
    , optimizer_(adam)
    , pass_(values)
{
    lstm_.for_each_param([&](const char*, auto& value, auto&) { optimizer_.add_slot(value.size()); });
    dense_.for_each_param([&](const char*, auto& value, auto&) { optimizer_.add_slot(value.size()); });
}

template <typename T, int Tx, int NA, typename Maths>
JazzModel<T, Tx, NA, Maths>::JazzModel(int values, std::uint64_t seed, AdamSettings adam)
    : JazzModel(values, adam, 0)
{
    std::mt19937_64 rng(seed);
    initialize(rng);
}

template <typename T, int Tx, int NA, typename Maths>
int JazzModel<T, Tx, NA, Maths>::check_values(int values)
{
    if (values < 1)
        throw argument_error("jazzlstm.model.values", "the model needs at least one value, got " + std::to_string(values));
    if (values > limits::max_vocabulary) // V sizes the 4·NA×V kernel allocated next
        throw limit_error("jazzlstm.model.too_many_values",
            std::to_string(values) + " values exceed the vocabulary cap of " + std::to_string(limits::max_vocabulary));
    return values;
}

template <typename T, int Tx, int NA, typename Maths>
void JazzModel<T, Tx, NA, Maths>::set_compute_options(ComputeOptions options)
{
    if (options.threads < 1)
        throw argument_error("jazzlstm.model.threads", "threads must be at least 1, got " + std::to_string(options.threads));
    compute_ = options;
}

template <typename T, int Tx, int NA, typename Maths>
std::string JazzModel<T, Tx, NA, Maths>::summary() const
{
    return detail::keras_summary(Tx, NA, values_, Reshape::param_count, lstm_.param_count(), dense_.param_count());
}

template <typename T, int Tx, int NA, typename Maths>
KerasWeights<T> JazzModel<T, Tx, NA, Maths>::keras_weights() const
{
    return detail::to_keras_weights(lstm_, dense_);
}

template <typename T, int Tx, int NA, typename Maths>
void JazzModel<T, Tx, NA, Maths>::set_keras_weights(const KerasWeights<T>& w)
{
    detail::from_keras_weights(w, lstm_, dense_);
    optimizer_.reset();
}

template <typename T, int Tx, int NA, typename Maths>
void JazzModel<T, Tx, NA, Maths>::prepare(int max_batch)
{
    if (max_batch < 1)
        throw argument_error("jazzlstm.model.batch", "batch size must be at least 1, got " + std::to_string(max_batch));
    pass_.prepare(max_batch);
}

template <typename T, int Tx, int NA, typename Maths>
EpochStats JazzModel<T, Tx, NA, Maths>::evaluate(const IndexSequences& X, const IndexSequences& Y)
{
    return whole_batch_pass(X, Y, false);
}

template <typename T, int Tx, int NA, typename Maths>
EpochStats JazzModel<T, Tx, NA, Maths>::compute_gradients(const IndexSequences& X, const IndexSequences& Y)
{
    return whole_batch_pass(X, Y, true);
}

template <typename T, int Tx, int NA, typename Maths>
EpochStats JazzModel<T, Tx, NA, Maths>::whole_batch_pass(const IndexSequences& X, const IndexSequences& Y, bool backward)
{
    detail::check_batch<Tx>(X, Y, values_);
    prepare(static_cast<int>(X.cols()));
    windows_.reserve(X.cols());
    const Eigen::Index unique = windows_.compact(X, Y, 0, X.cols(), 0, compute_.merge_duplicate_windows);
    return pass_.run(lstm_, dense_, windows_, 0, unique, X.cols(), backward, compute_.threads);
}

template <typename T, int Tx, int NA, typename Maths>
EpochStats JazzModel<T, Tx, NA, Maths>::train_step(const IndexSequences& X, const IndexSequences& Y)
{
    const EpochStats stats = compute_gradients(X, Y);
    if (!std::isfinite(stats.loss))
        throw numeric_error("jazzlstm.model.non_finite", "training loss is not finite");
    optimizer_.step([this](auto&& f) { for_each_param(f); });
    return stats;
}

template <typename T, int Tx, int NA, typename Maths>
std::vector<EpochStats> JazzModel<T, Tx, NA, Maths>::fit_epochs(const IndexSequences& X, const IndexSequences& Y,
    int epochs, EpochCallback callback, FitOptions options)
{
    if (epochs < 0)
        throw argument_error("jazzlstm.model.epochs", "epochs must not be negative, got " + std::to_string(epochs));
    if (epochs > limits::max_epochs) // checked before the history is reserved
        throw limit_error("jazzlstm.model.too_many_epochs",
            std::to_string(epochs) + " epochs exceed the cap of " + std::to_string(limits::max_epochs));
    if (options.batch_size < 0)
        throw argument_error("jazzlstm.model.batch", "batch_size must not be negative");
    detail::check_batch<Tx>(X, Y, values_);
    const Eigen::Index m = X.cols();
    const Eigen::Index batch = options.batch_size == 0 ? m : std::min<Eigen::Index>(options.batch_size, m);
    prepare(static_cast<int>(batch));
    // The distinct windows of each batch are found once; batch b's occupy the table's columns
    // from its own start on (it has at most as many as the batch).
    windows_.reserve(m);
    std::vector<Eigen::Index> unique;
    for (Eigen::Index start = 0; start < m; start += batch)
        unique.push_back(windows_.compact(X, Y, start, std::min(batch, m - start), start, compute_.merge_duplicate_windows));
    std::vector<EpochStats> history;
    history.reserve(static_cast<std::size_t>(epochs));
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        EpochStats total;
        for (Eigen::Index start = 0, b = 0; start < m; start += batch, ++b) {
            const Eigen::Index n = std::min(batch, m - start);
            const EpochStats s = pass_.run(lstm_, dense_, windows_, start, unique[static_cast<std::size_t>(b)], n, true,
                compute_.threads);
            if (!std::isfinite(s.loss))
                throw numeric_error("jazzlstm.model.non_finite", "training loss is not finite");
            optimizer_.step([this](auto&& f) { for_each_param(f); });
            // Keras averages batch figures weighted by batch size.
            total.loss += s.loss * double(n) / double(m);
            total.accuracy += s.accuracy * double(n) / double(m);
        }
        history.push_back(total);
        callback.call(callback.object, epoch, total.loss, total.accuracy);
    }
    return history;
}

template <typename T, int Tx, int NA, typename Maths>
auto JazzModel<T, Tx, NA, Maths>::step(InferenceState& state, int input_token) const -> const Vector&
{
    detail::check_token(input_token, values_);
    return detail::InferencePass<T, NA>::template step<Maths>(lstm_, dense_, state, input_token);
}

template <typename T, int Tx, int NA, typename Maths>
int JazzModel<T, Tx, NA, Maths>::step_greedy(InferenceState& state, int input_token) const
{
    detail::check_token(input_token, values_);
    return detail::InferencePass<T, NA>::step_greedy(lstm_, dense_, state, input_token);
}


// JAZZLSTM_EXTERN_MODEL_TEMPLATES (opt-in): the notebook's models, in float and double, and the
// layers they use are instantiated in ONE translation unit that includes
// <jazzlstm/nn/model_instances.hpp>; every other translation unit of the program only declares
// them, which saves most of the compile time of a file that trains or runs a model. All of
// the program's translation units should be compiled with the same flags.
#ifdef JAZZLSTM_EXTERN_MODEL_TEMPLATES
extern template class LSTM<float, 64>;
extern template class LSTM<double, 64>;
extern template class Dense<float, 64>;
extern template class Dense<double, 64>;
extern template class detail::TrainingPass<float, 30, 64, DefaultMaths>;
extern template class detail::TrainingPass<double, 30, 64, DefaultMaths>;
extern template class JazzModel<float, 30, 64>;
extern template class JazzModel<double, 30, 64>;
#endif

} // namespace jazzlstm

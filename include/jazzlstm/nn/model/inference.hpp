// The notebook's music_inference_model at batch 1: one step feeds a token to the shared LSTM
// and turns a⟨t⟩ into the next distribution with the shared Dense layer and a softmax, on
// fixed-size n_a vectors (one 4·n_a × n_a GEMV and one V × n_a GEMV a step). The greedy step
// skips the softmax, because argmax of the logits is argmax of the probabilities.
//
// Generation feeds x⟨1⟩ = no_token (the notebook's all-zero x0) with a = c = 0, then each
// chosen token as the next input, which is predict_and_sample's loop.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/nn/argmax.hpp>
#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/layers/lstm.hpp>
#include <jazzlstm/nn/layers/reshape.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include <Eigen/Core>

#include <string>

namespace jazzlstm {

namespace detail {
    template <typename T, int NA>
    struct InferencePass;
}

/// Generation state for batch 1: a, c, the last token fed and the output distribution.
template <typename T, int NA>
class InferenceState {
public:
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using StateVector = Eigen::Matrix<T, NA, 1>;

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
    /// Softmax output of the latest step (the logits after a greedy step).
    const Vector& probabilities() const noexcept { return probabilities_; }
    /// The token fed to the latest step (no_token before the first or after reset()).
    int last_token() const noexcept { return last_token_; }

private:
    friend struct detail::InferencePass<T, NA>;
    explicit InferenceState(int values)
        : probabilities_(Vector::Zero(values))
    {
        reset();
    }
    StateVector a_;
    StateVector c_;
    Eigen::Matrix<T, 4 * NA, 1> gates_;
    Vector probabilities_;
    int last_token_ = no_token;
};

namespace detail {

    /// @throws argument_error (`jazzlstm.model.token_range`) unless token is no_token or in [0, values).
    inline void check_token(int token, int values)
    {
        if (token != no_token && (token < 0 || token >= values))
            throw argument_error("jazzlstm.model.token_range",
                "token index " + std::to_string(token) + " is outside [0, " + std::to_string(values) + ")");
    }

    /// The steps of the inference graph; the only code that writes an InferenceState.
    template <typename T, int NA>
    struct InferencePass {
        using State = InferenceState<T, NA>;
        static constexpr Reshape reshapor {}; // x = reshapor(x), as the notebook's inference graph

        /// Allocates: yes (V probabilities).
        static State make_state(int values) { return State(values); }

        /// Advances `state` by `input_token` (already checked) and returns the softmax output,
        /// taken with the activation policy `Maths`. Allocates: no.
        template <typename Maths, typename LSTMLayer>
        static const typename State::Vector& step(const LSTMLayer& lstm, const Dense<T, NA>& dense, State& state,
            int input_token) noexcept
        {
            lstm.forward_one(reshapor(input_token), state.a_, state.c_, state.gates_);
            dense.forward_one(state.a_, state.probabilities_);
            softmax_columns_inplace<Maths>(state.probabilities_);
            state.last_token_ = input_token;
            return state.probabilities_;
        }

        /// As step(), but returns the argmax and leaves the logits in probabilities().
        /// Allocates: no.
        template <typename LSTMLayer>
        static int step_greedy(const LSTMLayer& lstm, const Dense<T, NA>& dense, State& state, int input_token) noexcept
        {
            lstm.forward_one(reshapor(input_token), state.a_, state.c_, state.gates_);
            dense.forward_one(state.a_, state.probabilities_);
            state.last_token_ = input_token;
            return argmax(state.probabilities_);
        }
    };

    /// Ty greedy steps of `model` into `indices`; `state` is reset first. Allocates: no.
    template <int Ty, typename Model>
    void generate_greedy_into(const Model& model, typename Model::InferenceState& state, int* indices)
    {
        static_assert(Ty > 0, "Ty must be positive");
        static_assert(Ty <= limits::max_timesteps, "Ty above limits::max_timesteps");
        state.reset();
        int token = no_token;
        for (int t = 0; t < Ty; ++t)
            indices[t] = token = model.step_greedy(state, token);
    }

    /// Ty steps of `model` into `indices`, each token chosen by `choose(probabilities)` and
    /// fed back; `state` is reset first. Allocates: no.
    template <int Ty, typename Model, typename Chooser>
    void generate_into(const Model& model, typename Model::InferenceState& state, int* indices, Chooser&& choose)
    {
        static_assert(Ty > 0, "Ty must be positive");
        static_assert(Ty <= limits::max_timesteps, "Ty above limits::max_timesteps");
        using Vector = typename Model::Vector;
        state.reset();
        int token = no_token;
        for (int t = 0; t < Ty; ++t) {
            const Vector& p = model.step(state, token);
            token = choose(Eigen::Ref<const Vector>(p));
            check_token(token, model.values());
            indices[t] = token;
        }
    }

} // namespace detail

} // namespace jazzlstm

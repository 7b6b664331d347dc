// The improviser: where the library's two halves meet. The music side (corpus, grammar) speaks
// in token strings and notes, the network side (JazzModel, model file) in token indices; this
// header is the only place that holds both, as the architecture asks (docs/generation.md).
//
//   corpora ──tokens──► TrainingSet (union vocabulary, notebook windows) ──► JazzModel::fit
//   JazzModel::step ──indices──► vocabulary tokens ──► grammar (notes over each chord group)
#pragma once

#include "plot.hpp"

#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/nn/jazz_model.hpp>
#include <jazzlstm/nn/model_file.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/nn/sampling.hpp>
#include <jazzlstm/nn/training_data.hpp>
#include <jazzlstm/core/vocabulary.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm::app {

/// The notebook's network: Tx = 30, n_a = 64, trained in float.
using ImprovModel = JazzModel<float, 30, 64>;

/// The notebook's m: 60 training windows.
constexpr int training_windows = 60;
/// numpy seed of the training windows: 0, as the notebook, so the reference corpus gets its exact X/Y.
constexpr std::uint32_t training_window_seed = 0;
/// `--seed` when none is given (training; generate defaults to the model's own training seed).
constexpr std::uint64_t default_seed = 1;
/// A chord group (one bar of 4/4) in twelfths of a quarter.
constexpr ticks12 group_span = 4 * twelfths_per_quarter;

/// Independent random streams derived from the one `--seed`, so that e.g. changing the
/// temperature does not change the weights, and the grammar's draws do not shift the sampler's.
enum class Stream : std::uint64_t { weights = 1, sampling = 2, grammar = 3 };

/// The seed of one stream of the user's `--seed` (core/random.hpp's mix_seed). Allocates: no.
constexpr std::uint64_t derive_seed(std::uint64_t seed, Stream stream) noexcept
{
    return mix_seed(seed, static_cast<std::uint64_t>(stream));
}

// ---------------------------------------------------------------------------------------
// Training

/// The corpora of one or more files turned into the network's input.
struct TrainingSet {
    Vocabulary vocabulary;      ///< union of the corpora's vocabularies (sorted)
    std::vector<int> indices;   ///< all corpora's tokens, concatenated in file order
    TrainingData data;          ///< the notebook's windows over `indices`
};

/// One vocabulary for all corpora (their union), the token indices of the corpora concatenated
/// in the order given, and the notebook's m = 60 windows of Tx = 30 cut from that sequence with
/// numpy seed 0. With one corpus this is exactly the notebook's X/Y; with several, a window may
/// straddle the join of two files (documented in docs/cli.md).
/// @throws argument_error `jazzlstm.cli.no_corpus` for no corpora, and make_training_data's
///         `jazzlstm.training.corpus_too_short` when all corpora hold fewer than 31 tokens.
/// Allocates: yes.
inline TrainingSet make_training_set(const std::vector<Corpus>& corpora)
{
    if (corpora.empty())
        throw argument_error("jazzlstm.cli.no_corpus", "no corpus to train on");
    TrainingSet set;
    std::vector<std::vector<std::string>> all;
    for (const auto& c : corpora)
        all.push_back(c.tokens);
    set.vocabulary = Vocabulary::from_corpora(all);
    for (const auto& c : corpora) {
        const std::vector<int> part = set.vocabulary.encode(c.tokens);
        set.indices.insert(set.indices.end(), part.begin(), part.end());
    }
    set.data = make_training_data(set.indices, static_cast<int>(set.vocabulary.size()), training_windows,
        ImprovModel::time_steps, training_window_seed);
    return set;
}

/// A freshly initialised model for V values, weights from the seed's weight stream.
/// Allocates: yes.
inline std::unique_ptr<ImprovModel> new_model(int values, std::uint64_t seed)
{
    return std::make_unique<ImprovModel>(values, derive_seed(seed, Stream::weights));
}

/// Trains `model` for `epochs` epochs (batch_size 0 = one full-batch Adam step per epoch, else
/// consecutive batches as FitOptions), calling progress(record, epochs) after every epoch.
/// @throws as JazzModel::fit. Allocates: the history.
template <typename Progress>
std::vector<EpochRecord> train_model(ImprovModel& model, const TrainingData& data, int epochs, int batch_size,
    Progress&& progress)
{
    std::vector<EpochRecord> history;
    history.reserve(static_cast<std::size_t>(std::max(epochs, 0)));
    FitOptions fit;
    fit.batch_size = batch_size;
    model.fit(
        data.X, data.Y, epochs,
        [&](int epoch, double loss, double accuracy) {
            history.push_back({ epoch, loss, accuracy });
            progress(history.back(), epochs);
        },
        fit);
    return history;
}

/// The model file of a trained model: its weights (float → double is exact), the vocabulary
/// and how it was trained. Allocates: yes.
inline ModelFile make_model_file(const ImprovModel& model, const Vocabulary& vocabulary, const TrainingInfo& info,
    int ty = 50)
{
    ModelFile file;
    file.hyper.Tx = ImprovModel::time_steps;
    file.hyper.n_a = ImprovModel::units;
    file.hyper.V = model.values();
    file.hyper.Ty = ty;
    file.hyper.training = info;
    file.vocabulary = vocabulary.tokens();
    file.weights = to_double_weights(model.keras_weights());
    return file;
}

/// The model a model file describes. Weights written by make_model_file come back bit for bit.
/// Tx does not enter the weights, so any Tx is accepted; n_a must be the program's 64.
/// @throws shape_error `jazzlstm.cli.model_units` for another n_a; numeric_error
///         `jazzlstm.model.float_overflow` for weights outside float. Allocates: yes.
inline std::unique_ptr<ImprovModel> model_from_file(const ModelFile& file)
{
    if (file.hyper.n_a != ImprovModel::units)
        throw shape_error("jazzlstm.cli.model_units", "the model has n_a = " + std::to_string(file.hyper.n_a)
                + " LSTM units; this program runs n_a = " + std::to_string(ImprovModel::units));
    auto model = std::make_unique<ImprovModel>(file.hyper.V, std::uint64_t { 0 });
    model->set_keras_weights(to_float_weights(file.weights));
    return model;
}

// ---------------------------------------------------------------------------------------
// Generation

/// The chord groups to play over: one per corpus measure (1…N), chords relative to the bar
/// start and clipped to the bar [0, 4) quarters. A chord carried over from an earlier bar
/// (Measure::chords_reused) sounds for the whole bar.
/// Allocates: yes.
inline std::vector<std::vector<Chord>> chord_groups(const Corpus& corpus)
{
    std::vector<std::vector<Chord>> groups;
    groups.reserve(corpus.measures.size());
    for (const auto& m : corpus.measures) {
        const ticks12 start = static_cast<ticks12>(m.bar) * group_span;
        std::vector<Chord> group;
        for (const auto& c : m.chords) {
            Chord r = c;
            if (m.chords_reused || c.offset < start) {
                r.offset = 0;
                r.duration = group_span;
            } else {
                r.offset = c.offset - start;
                r.duration = std::min(c.duration, group_span - r.offset);
            }
            group.push_back(std::move(r));
        }
        groups.push_back(std::move(group));
    }
    return groups;
}

/// How to generate.
struct GenerationSettings {
    double temperature = 0.5; ///< 0 = greedy argmax
    int ty = 50;              ///< notebook: tokens per group; otherwise the most tokens one group may take
    bool notebook = false;    ///< the Coursera generate_music loop, literally
    std::uint64_t seed = default_seed;
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
};

/// What one chord group produced (printed like the notebook's "Generated N sounds …").
struct GroupReport {
    int group = 0;               ///< the notebook's i: chord group number, 1-based
    std::size_t tokens = 0;      ///< tokens predicted for it
    std::size_t elements = 0;    ///< notes and rests after pruning and clipping
    std::size_t notes = 0;       ///< of which notes
    bool prefixed = false;       ///< `C,0.25` was prepended (no admissible first token)
};

/// A generated solo on the output timeline (twelfths from 0).
struct Solo {
    std::vector<MelodyElement> melody; ///< notes and rests, offset order within each group
    std::vector<Chord> chords;
    std::vector<GroupReport> groups;
    std::vector<std::string> tokens;   ///< every predicted token, in order
};

namespace detail {

    /// A token that may open a group: a note (not a rest) without an interval part, since the
    /// interval of a group's first note would be relative to nothing (deepjazz's own rule).
    inline bool opens_group(const Token& t) noexcept { return !t.is_rest() && !t.range; }

    /// Every A or X becomes C (the notebook's replace; here including the first token, as there
    /// is no `C,0.25` prefix in front of it).
    inline std::vector<Token> approach_and_other_as_chord_tones(std::vector<Token> tokens)
    {
        for (auto& t : tokens)
            if (t.type == 'A' || t.type == 'X')
                t.type = 'C';
        return tokens;
    }

    /// The chosen index for one step. `mask` (1 = allowed) restricts the choice; rejection
    /// sampling until an allowed token comes up draws from this same conditional distribution.
    template <typename Sampler>
    int choose(Sampler& sampler, const ImprovModel::Vector& p, const ImprovModel::Vector* mask,
        ImprovModel::Vector& scratch)
    {
        if (!mask)
            return sampler(p);
        scratch = p.cwiseProduct(*mask);
        if (!(scratch.maxCoeff() > 0.0f)) {
            // Every allowed token underflowed to 0: take the first allowed one.
            for (Eigen::Index k = 0; k < mask->size(); ++k)
                if ((*mask)(k) > 0.0f)
                    return static_cast<int>(k);
        }
        return sampler(scratch);
    }

    inline std::size_t count_notes(const std::vector<MelodyElement>& elements)
    {
        return static_cast<std::size_t>(
            std::count_if(elements.begin(), elements.end(), [](const MelodyElement& e) { return !e.is_rest; }));
    }

} // namespace detail

/// Improvises over `groups` (from chord_groups) with `model`, whose token k is `vocabulary[k]`
/// (the model's own vocabulary: predictions are always decoded with it).
///
/// Default: one continuous line. The LSTM state is carried from group to group (the first step
/// of the piece feeds the all-zero x⟨0⟩, every later step the previous choice). A group takes
/// tokens until their summed duration reaches 4 quarters (≥ 4.0) or `ty` tokens; its first token
/// is drawn among the notes without interval part only. Then A/X → C, prune_grammar, notes with
/// Placement::sequential over the group's chords, prune_notes, clean_up_notes, and every element
/// is clipped to the group's [0, 4) quarters. Output group g (0-based) spans [4g, 4g + 4).
///
/// Notebook (`settings.notebook`): for i = 1 … int(chord_group_count / 3) − 1, Ty = `ty` tokens
/// from zero state, `C,0.25` prepended, A/X → C, prune_grammar, Placement::reference,
/// prune_notes, clean_up_notes, placed at 4(i − 1) without clipping (groups overlap).
///
/// Randomness: the sampler from the seed's sampling stream, the grammar from its grammar stream.
/// @throws argument_error `jazzlstm.cli.vocabulary` when the vocabulary size is not the model's,
///         parse_error `jazzlstm.grammar.bad_token` for a vocabulary entry that is no token,
///         and the grammar's errors. Allocates: yes.
inline Solo improvise(const ImprovModel& model, const std::vector<std::string>& vocabulary,
    const std::vector<std::vector<Chord>>& groups, int chord_group_count, const GenerationSettings& settings)
{
    if (static_cast<int>(vocabulary.size()) != model.values())
        throw argument_error("jazzlstm.cli.vocabulary", "the vocabulary has " + std::to_string(vocabulary.size())
                + " tokens but the model " + std::to_string(model.values()));
    std::vector<Token> tokens;
    tokens.reserve(vocabulary.size());
    for (std::size_t k = 0; k < vocabulary.size(); ++k)
        tokens.push_back(parse_token(vocabulary[k], k));

    auto sampler = make_temperature_sampler(settings.temperature, std::mt19937_64(derive_seed(settings.seed, Stream::sampling)));
    std::mt19937_64 grammar_rng(derive_seed(settings.seed, Stream::grammar));
    ImprovModel::Vector scratch(model.values());
    ImprovModel::Vector opener_mask = ImprovModel::Vector::Zero(model.values());
    bool have_opener = false;
    for (std::size_t k = 0; k < tokens.size(); ++k)
        if (detail::opens_group(tokens[k])) {
            opener_mask(static_cast<Eigen::Index>(k)) = 1.0f;
            have_opener = true;
        }

    Solo solo;
    auto state = model.make_inference_state();
    const int ty = std::max(settings.ty, 1);

    if (settings.notebook) {
        const int num_chords = chord_group_count / 3;
        for (int i = 1; i < num_chords && i <= static_cast<int>(groups.size()); ++i) {
            const auto& chords = groups[static_cast<std::size_t>(i - 1)];
            state.reset();
            int token = no_token;
            std::vector<Token> sampled;
            for (int t = 0; t < ty; ++t) {
                token = detail::choose(sampler, model.step(state, token), nullptr, scratch);
                sampled.push_back(tokens[static_cast<std::size_t>(token)]);
                solo.tokens.push_back(vocabulary[static_cast<std::size_t>(token)]);
            }
            RenderOptions render;
            render.placement = Placement::reference;
            render.behaviour = settings.behaviour;
            const std::vector<MelodyElement> elements = render_group(sampled, chords, grammar_rng, render);
            const ticks12 at = static_cast<ticks12>(i - 1) * group_span;
            for (MelodyElement e : elements) {
                e.offset += at;
                solo.melody.push_back(e);
            }
            for (Chord c : chords) {
                c.offset += at;
                solo.chords.push_back(std::move(c));
            }
            solo.groups.push_back({ i, sampled.size(), elements.size(), detail::count_notes(elements), true });
        }
        return solo;
    }

    state.reset();
    int token = no_token;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& chords = groups[g];
        std::vector<Token> sampled;
        ticks12 filled = 0;
        while (filled < group_span && static_cast<int>(sampled.size()) < ty) {
            const ImprovModel::Vector* mask = sampled.empty() && have_opener ? &opener_mask : nullptr;
            token = detail::choose(sampler, model.step(state, token), mask, scratch);
            const Token& chosen = tokens[static_cast<std::size_t>(token)];
            sampled.push_back(chosen);
            solo.tokens.push_back(vocabulary[static_cast<std::size_t>(token)]);
            filled += chosen.duration_x12();
        }
        std::vector<Token> line = detail::approach_and_other_as_chord_tones(sampled);
        const bool prefixed = !detail::opens_group(line.front());
        if (prefixed) // only when the vocabulary has no note without interval part at all
            line.insert(line.begin(), make_token('C', twelfths_per_quarter / 4));
        line = prune_grammar(line, grammar_rng);
        std::vector<MelodyElement> elements
            = clean_up_notes(prune_notes(unparse_grammar(line, chords, grammar_rng, Placement::sequential, settings.behaviour)));
        std::vector<MelodyElement> kept;
        const ticks12 at = static_cast<ticks12>(g) * group_span;
        for (MelodyElement e : elements) {
            if (e.offset >= group_span)
                continue;
            e.duration = std::min(e.duration, group_span - e.offset);
            e.offset += at;
            kept.push_back(e);
        }
        for (Chord c : chords) {
            c.offset += at;
            solo.chords.push_back(std::move(c));
        }
        solo.groups.push_back({ static_cast<int>(g) + 1, sampled.size(), kept.size(), detail::count_notes(kept), prefixed });
        solo.melody.insert(solo.melody.end(), kept.begin(), kept.end());
    }
    return solo;
}

} // namespace jazzlstm::app

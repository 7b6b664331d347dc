// The generation loop: a solo over chord groups, from a solo model, in one continuous line (the
// default) or as the notebook's generate_music literally (docs/generation.md).
//
//   JazzModel::step ──indices──► vocabulary tokens ──► grammar (notes over each chord group)
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/token_vocabulary.hpp>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/nn/sampling.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// How to generate.
struct GenerationSettings {
    double temperature = 0.5; ///< 0 = greedy argmax
    int ty = 50;              ///< notebook: tokens per group; otherwise the most tokens one group may take
    bool notebook = false;    ///< the Coursera generate_music loop, literally
    std::uint64_t seed = default_seed;
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
};

namespace detail {

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

/// Improvises over `chords` with `model`, whose token k is `vocabulary.tokens()[k]` (the model's
/// own vocabulary: predictions are always decoded with it).
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
/// @throws argument_error `jazzlstm.improv.vocabulary` when the vocabulary size is not the model's,
///         and the grammar's errors. Allocates: yes.
inline Solo improvise(const ImprovModel& model, const TokenVocabulary& vocabulary, const ChordGroups& chords,
    const GenerationSettings& settings)
{
    const auto& groups = chords.groups;
    const int chord_group_count = chords.chord_group_count;
    const std::vector<Token>& tokens = vocabulary.tokens();
    const std::vector<std::string>& names = vocabulary.strings();
    if (static_cast<int>(vocabulary.size()) != model.values())
        throw argument_error("jazzlstm.improv.vocabulary", "the vocabulary has " + std::to_string(vocabulary.size())
                + " tokens but the model " + std::to_string(model.values()));

    auto sampler = make_temperature_sampler(settings.temperature, std::mt19937_64(derive_seed(settings.seed, SeedStream::sampling)));
    std::mt19937_64 grammar_rng(derive_seed(settings.seed, SeedStream::grammar));
    ImprovModel::Vector scratch(model.values());
    ImprovModel::Vector opener_mask = ImprovModel::Vector::Zero(model.values());
    bool have_opener = false;
    for (std::size_t k = 0; k < tokens.size(); ++k)
        if (opens_group(tokens[k])) {
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
                solo.tokens.push_back(names[static_cast<std::size_t>(token)]);
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
            solo.tokens.push_back(names[static_cast<std::size_t>(token)]);
            filled += chosen.duration_x12();
        }
        RenderOptions render;
        render.placement = Placement::sequential;
        render.prefix = ChordPrefix::when_needed; // only when the vocabulary has no note without interval part at all
        render.retype = Retype::all;              // every A/X, the first token's too (no prefix shields it)
        render.clip_to = group_span;
        render.behaviour = settings.behaviour;
        const bool prefixed = prepends_chord_token(sampled, render);
        std::vector<MelodyElement> kept = render_group(sampled, chords, grammar_rng, render);
        const ticks12 at = static_cast<ticks12>(g) * group_span;
        for (MelodyElement& e : kept)
            e.offset += at;
        for (Chord c : chords) {
            c.offset += at;
            solo.chords.push_back(std::move(c));
        }
        solo.groups.push_back({ static_cast<int>(g) + 1, sampled.size(), kept.size(), detail::count_notes(kept), prefixed });
        solo.melody.insert(solo.melody.end(), kept.begin(), kept.end());
    }
    return solo;
}

/// improvise() with a solo model's network and vocabulary. Allocates: yes.
inline Solo improvise(const SoloModel& model, const ChordGroups& chords, const GenerationSettings& settings)
{
    return improvise(*model.network, model.vocabulary, chords, settings);
}

} // namespace jazzlstm

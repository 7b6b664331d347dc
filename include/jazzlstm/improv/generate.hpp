// The generation loop: a solo over chord groups, from a solo model, in one continuous line played
// in the style of its source (the default) or as the notebook's generate_music literally
// (docs/generation.md). The rules of the default mode that need no network live in music/style/.
//
//   JazzModel::step ──indices──► vocabulary tokens ──► music/style (notes over each chord group)
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/token_vocabulary.hpp>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/style.hpp>
#include <jazzlstm/nn/sampling.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// How to generate.
struct GenerationSettings {
    /// 0 = greedy argmax. 1 by default, the model's own distribution: a lower temperature lets the
    /// line fall into loops of a few tokens, and the solo's mix of chord, scale and approach tones
    /// becomes the loop's instead of the source's (docs/generation.md, "Why temperature 1").
    double temperature = 1.0;
    int ty = 50;              ///< notebook: tokens per group; otherwise the most tokens one group may take
    bool notebook = false;    ///< the Coursera generate_music loop, literally
    std::uint64_t seed = default_seed;
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
    int top_k = 0;            ///< sample among the k most probable tokens; 0 = all
    double top_p = 1.0;       ///< sample from the nucleus holding this share of the mass; 1 = all
    /// The default mode's style: learn_style of the training melody. Without one, SourceStyle's
    /// broad defaults (a chord chart has no melody to learn from).
    std::optional<SourceStyle> style;
    /// Share of bars that replay an earlier bar's tokens (motif recall); unset = the style's
    /// motif_recall_rate(), 0 = never.
    std::optional<double> motif_recall;
};

namespace detail {

    /// The chosen index for one step. `mask` (1 = allowed) restricts the choice; rejection
    /// sampling until an allowed token comes up draws from this same conditional distribution.
    template <typename Sampler>
    int choose(Sampler& sampler, const SoloNetwork::Vector& p, const SoloNetwork::Vector* mask,
        SoloNetwork::Vector& scratch)
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

    /// A draw from shares that sum to 1 (the last category takes any rounding).
    template <typename URBG, std::size_t N>
    std::size_t draw_share(const std::array<double, N>& shares, URBG& rng)
    {
        const double u = canonical_double(rng);
        double cumulative = 0;
        for (std::size_t k = 0; k + 1 < N; ++k) {
            cumulative += shares[k];
            if (u < cumulative)
                return k;
        }
        return N - 1;
    }

    /// The (interval, duration) steps between a bar's consecutive notes.
    inline std::vector<MotionStep> bar_steps(const std::vector<MelodyElement>& elements)
    {
        std::vector<MotionStep> steps;
        const MelodyElement* previous = nullptr;
        for (const auto& e : elements) {
            if (e.is_rest)
                continue;
            if (previous)
                steps.emplace_back(e.midi - previous->midi, e.duration);
            previous = &e;
        }
        return steps;
    }

    /// The broad style a solo without a source melody is played in.
    inline SourceStyle chart_style()
    {
        SourceStyle s;
        s.lowest = 55;
        s.highest = 88;
        s.low = 60;
        s.high = 84;
        s.centre = 71;
        s.longest_run_semitones = 14;
        s.longest_run_notes = 8;
        return s;
    }

} // namespace detail

/// Improvises over `chords` with `model`, whose token k is `vocabulary.tokens()[k]` (the model's
/// own vocabulary: predictions are always decoded with it).
///
/// Default: one continuous line in the source's style (docs/generation.md). The LSTM state is
/// carried from group to group (the first step feeds the all-zero x⟨0⟩, every later step the
/// previous choice); tokens are drawn with the temperature and the top-k / top-p cut. A rest group
/// (ChordGroups::rests) is a bar of rest. Otherwise the bar's opening is drawn at the style's rates
/// (downbeat, tie, pickup, rest; the first bar opens on the downbeat), and with the motif-recall
/// rate the bar replays the tokens of one of the last four bars with notes (fed to the network as
/// if drawn), else tokens are drawn until their durations fill the bar (≥ 4 quarters) or `ty` are
/// taken, the first note being a note without interval part (and a rest before it for a rest
/// opening). realise_bar plays them at their exact durations with every pitch chosen against the
/// line and the style (A and X tones kept), join_bar joins the bar to the line; at the end
/// apply_swing and apply_velocities give the feel. Output group g (0-based) spans [4g, 4g + 4);
/// a tie or pickup crosses into the next group.
///
/// Notebook (`settings.notebook`): for i = 1 … int(chord_group_count / 3) − 1, Ty = `ty` tokens
/// from zero state, `C,0.25` prepended, A/X → C, prune_grammar, Placement::reference,
/// prune_notes, clean_up_notes, placed at 4(i − 1) without clipping (groups overlap); rest groups
/// are skipped, as the notebook never saw them. No top-k / top-p, no style.
///
/// Randomness: the sampler from the seed's sampling stream, the pitches from its grammar stream,
/// the default mode's openings, recalls, swing and velocities from its feel stream.
/// @throws argument_error `jazzlstm.improv.vocabulary` when the vocabulary size is not the model's,
///         the sampler's `jazzlstm.sampling.*` errors, and the grammar's errors. Allocates: yes.
inline Solo improvise(const SoloNetwork& model, const TokenVocabulary& vocabulary, const ChordGroups& chords,
    const GenerationSettings& settings)
{
    const auto& groups = chords.groups;
    const int chord_group_count = chords.chord_group_count;
    const std::vector<Token>& tokens = vocabulary.tokens();
    const std::vector<std::string>& names = vocabulary.strings();
    if (static_cast<int>(vocabulary.size()) != model.values())
        throw argument_error("jazzlstm.improv.vocabulary", "the vocabulary has " + std::to_string(vocabulary.size())
                + " tokens but the model " + std::to_string(model.values()));

    auto sampler = make_temperature_sampler(settings.temperature, std::mt19937_64(derive_seed(settings.seed, SeedStream::sampling)),
        settings.notebook ? 0 : settings.top_k, settings.notebook ? 1.0 : settings.top_p);
    std::mt19937_64 grammar_rng(derive_seed(settings.seed, SeedStream::grammar));
    SoloNetwork::Vector scratch(model.values());
    SoloNetwork::Vector opener_mask = SoloNetwork::Vector::Zero(model.values());
    bool have_opener = false;
    for (std::size_t k = 0; k < tokens.size(); ++k)
        if (opens_group(tokens[k])) {
            opener_mask(static_cast<Eigen::Index>(k)) = 1.0f;
            have_opener = true;
        }

    Solo solo;
    const auto state = model.make_state();
    const int ty = std::max(settings.ty, 1);

    if (settings.notebook) {
        std::vector<std::size_t> measures; // the groups the notebook saw: rest groups left out
        for (std::size_t g = 0; g < groups.size(); ++g)
            if (!chords.rest(g))
                measures.push_back(g);
        const int num_chords = chord_group_count / 3;
        for (int i = 1; i < num_chords && i <= static_cast<int>(measures.size()); ++i) {
            const auto& chords = groups[measures[static_cast<std::size_t>(i - 1)]];
            state->reset();
            int token = no_token;
            std::vector<Token> sampled;
            for (int t = 0; t < ty; ++t) {
                token = detail::choose(sampler, model.step(*state, token), nullptr, scratch);
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

    SoloNetwork::Vector rest_mask = SoloNetwork::Vector::Zero(model.values());
    bool have_rest = false;
    for (std::size_t k = 0; k < tokens.size(); ++k)
        if (tokens[k].is_rest() && tokens[k].duration_x12() > 0) {
            rest_mask(static_cast<Eigen::Index>(k)) = 1.0f;
            have_rest = true;
        }
    const SourceStyle style = settings.style ? *settings.style : detail::chart_style();
    const double recall_rate = std::clamp(settings.motif_recall.value_or(style.motif_recall_rate()), 0.0, 1.0);
    std::mt19937_64 feel(derive_seed(settings.seed, SeedStream::feel));
    LineState line;
    struct PlayedBar {
        std::vector<int> indices;    // the tokens drawn (or recalled), as indices
        std::vector<MotionStep> steps;
    };
    std::vector<PlayedBar> played;   // the bars with notes so far
    state->reset();
    int token = no_token;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& harmony = groups[g];
        const ticks12 at = static_cast<ticks12>(g) * group_span;
        for (Chord c : harmony) {
            c.offset += at;
            solo.chords.push_back(std::move(c));
        }
        if (chords.rest(g) || harmony.empty()) {
            MelodyElement rest;
            rest.offset = at;
            rest.duration = group_span;
            rest.is_rest = true;
            solo.melody.push_back(rest);
            solo.groups.push_back({ static_cast<int>(g) + 1, 0, 1, 0, false });
            continue;
        }
        BarPlan plan;
        plan.behaviour = settings.behaviour;
        const bool continues = !solo.melody.empty() && !solo.melody.back().is_rest;
        if (!solo.melody.empty()) {
            plan.opening = static_cast<BarOpening>(detail::draw_share(style.openings, feel));
            if (!continues && (plan.opening == BarOpening::tie || plan.opening == BarOpening::pickup))
                plan.opening = BarOpening::downbeat;
        }
        std::vector<int> drawn;
        const PlayedBar* recalled = nullptr;
        if (recall_rate > 0 && !played.empty() && canonical_double(feel) < recall_rate) {
            const std::size_t back = std::min<std::size_t>(played.size(), 4);
            recalled = &played[played.size() - 1 - static_cast<std::size_t>(uniform_below(feel, back))];
            for (int k : recalled->indices) {
                model.step(*state, token); // the recalled tokens enter the network as if drawn
                token = k;
                drawn.push_back(k);
            }
            plan.recall = &recalled->steps;
        } else {
            ticks12 filled = 0;
            bool have_note = false, rested = false;
            while (filled < group_span && static_cast<int>(drawn.size()) < ty) {
                const SoloNetwork::Vector* mask = nullptr;
                if (!have_note) {
                    if (plan.opening == BarOpening::rest && have_rest && !rested)
                        mask = &rest_mask;
                    else if (have_opener)
                        mask = &opener_mask;
                }
                token = detail::choose(sampler, model.step(*state, token), mask, scratch);
                const Token& chosen = tokens[static_cast<std::size_t>(token)];
                (chosen.is_rest() ? rested : have_note) = true;
                drawn.push_back(token);
                filled += chosen.duration_x12();
            }
        }
        std::vector<Token> line_tokens;
        for (int k : drawn) {
            line_tokens.push_back(tokens[static_cast<std::size_t>(k)]);
            solo.tokens.push_back(names[static_cast<std::size_t>(k)]);
        }
        if (plan.opening == BarOpening::rest && (line_tokens.empty() || !line_tokens.front().is_rest()))
            line_tokens.insert(line_tokens.begin(), make_token('R', style.rest_length)); // a vocabulary without rests
        // No `C,0.25` prefix is needed: a first note with an interval part and nothing before it is
        // placed near the style's centre (choose_pitch).
        std::vector<MelodyElement> bar = realise_bar(line_tokens, harmony, line, style, grammar_rng, plan);
        std::vector<MotionStep> steps = detail::bar_steps(bar);
        std::size_t elements = bar.size(), notes = detail::count_notes(bar);
        if (join_bar(solo.melody, bar, at, plan.opening, style.pickup_lead) == BarOpening::tie) {
            --elements;
            --notes;
        }
        solo.groups.push_back({ static_cast<int>(g) + 1, drawn.size(), elements, notes, false });
        if (!steps.empty() || notes > 0)
            played.push_back({ std::move(drawn), std::move(steps) });
    }
    apply_swing(solo.melody, style, feel);
    apply_velocities(solo.melody, style, feel);
    return solo;
}

/// improvise() with a solo model's network and vocabulary. Allocates: yes.
inline Solo improvise(const SoloModel& model, const ChordGroups& chords, const GenerationSettings& settings)
{
    return improvise(*model.network, model.vocabulary, chords, settings);
}

} // namespace jazzlstm

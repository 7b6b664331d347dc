// A generated solo measured against the melody it learned from (standard library only: the
// metrics need no network): its line, its grammar tokens as the corpus pipeline would read them
// back, every figure of music/metrics/ and the style goals.
#pragma once

#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/metrics.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// The line of a solo at `bpm` (its bars are the chord groups: [4g, 4g + 4) quarters).
/// Allocates: the result.
inline MetricLine metric_line(const Solo& solo, double bpm)
{
    MetricLine line = metric_line(solo.melody, solo.chords);
    line.bpm = bpm;
    return line;
}

/// The grammar tokens of a solo bar by bar, as the corpus pipeline would make them from its MIDI
/// file: each element belongs to the bar it starts in and is typed against that bar's chords
/// (a bar without a chord of its own uses the last one before it). Allocates: the result.
/// @throws the tokenizer's errors (grammar_tokenizer: parse_measure's).
inline std::vector<std::string> solo_tokens(const Solo& solo, const MeasureTokenizer& tokenize)
{
    std::map<std::int64_t, std::pair<std::vector<MelodyElement>, std::vector<Chord>>> bars;
    for (const auto& e : solo.melody)
        bars[detail::floor_div(e.offset, group_span)].first.push_back(e);
    for (const auto& c : solo.chords)
        bars[detail::floor_div(c.offset, group_span)].second.push_back(c);
    std::vector<std::string> tokens;
    const std::vector<Chord>* carried = nullptr;
    for (auto& [bar, content] : bars) {
        if (!content.second.empty())
            carried = &content.second;
        if (content.first.empty() || !carried)
            continue;
        const std::vector<std::string> t = tokenize(content.first, *carried);
        tokens.insert(tokens.end(), t.begin(), t.end());
    }
    return tokens;
}

/// A solo's figures, its source's, how much it copies, and the goals.
struct SoloEvaluation {
    MelodyMetrics solo, source;
    Originality originality;
    std::vector<StyleGoal> goals;

    std::size_t goals_met() const
    {
        std::size_t n = 0;
        for (const auto& g : goals)
            n += g.passed;
        return n;
    }
};

/// Measures a solo line against a source line (with the grammar tokens of each).
/// Allocates: yes.
inline SoloEvaluation evaluate_line(const MetricLine& solo, const std::vector<std::string>& solo_tokens,
    const MetricLine& source, const std::vector<std::string>& source_tokens)
{
    SoloEvaluation e;
    e.solo = measure_melody(solo);
    e.source = measure_melody(source);
    e.originality = originality(solo, solo_tokens, source, source_tokens);
    e.goals = style_goals(solo, e.solo, e.source, e.originality);
    return e;
}

/// Measures a generated solo, written at `bpm`, against the corpus it learned from.
/// @throws as solo_tokens. Allocates: yes.
inline SoloEvaluation evaluate_solo(const Solo& solo, double bpm, const Corpus& source)
{
    return evaluate_line(metric_line(solo, bpm), solo_tokens(solo, grammar_tokenizer(source.behaviour)), metric_line(source), source.tokens);
}

} // namespace jazzlstm

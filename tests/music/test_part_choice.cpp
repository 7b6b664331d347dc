// The automatic part choice (music/corpus/part_choice.hpp, harmony.hpp): every case of
// docs/corpus.md, "Automatic part choice", on a MIDI file the test writes and reads back.
#include <jazzlstm/music/corpus.hpp>

#include "support.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_part_choice {

using jazzlstm::CorpusOptions;
using jazzlstm::Music21Behaviour;
namespace midi = jazzlstm::midi;

namespace {

constexpr int tpq = 192;
constexpr std::uint64_t bar_ticks = 4 * tpq;
constexpr int bars = 8;

struct Part {
    std::string name;
    int channel = 0;
    int program = 0;
    std::vector<midi::Note> notes;
};

void add(Part& part, std::uint64_t on, std::uint64_t off, int pitch)
{
    midi::Note n;
    n.on_tick = on;
    n.off_tick = off;
    n.pitch = pitch;
    n.velocity = 80;
    n.channel = part.channel;
    part.notes.push_back(n);
}

// C, F, G7, C, ... as MIDI pitches around middle C.
std::vector<int> chord_of(int bar)
{
    static const std::array<std::vector<int>, 4> progression { { { 60, 64, 67 }, { 60, 65, 69 }, { 59, 62, 65, 67 }, { 60, 64, 67 } } };
    return progression[static_cast<std::size_t>(bar % 4)];
}

std::set<int> pitch_classes(const std::vector<int>& pitches)
{
    std::set<int> out;
    for (const int p : pitches)
        out.insert(p % 12);
    return out;
}

// A tune in eighths (0.45 quarters long) stepping through the scale, 8 attacks a bar from `first` bar.
// `double_stop(i)` adds a third below attack i.
template <typename DoubleStop>
Part tune(const std::string& name, int channel, int first, DoubleStop double_stop)
{
    Part part { name, channel, 73, {} };
    static const int steps[8] = { 72, 74, 76, 77, 79, 77, 76, 74 };
    int i = 0;
    for (int b = first; b < bars; ++b)
        for (int k = 0; k < 8; ++k, ++i) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(k) * (tpq / 2);
            const int pitch = steps[k] + (b % 2 == 1 && k == 4 ? 2 : 0);
            add(part, on, on + tpq * 45 / 100, pitch);
            if (double_stop(i))
                add(part, on, on + tpq * 45 / 100, pitch - 4);
        }
    return part;
}

Part tune(const std::string& name = "Lead", int channel = 0, int first = 0)
{
    return tune(name, channel, first, [](int) { return false; });
}

// Block chords on beats 1 and 3, held 1.8 beats; each voice `spread` ticks after the one below
// (a strum played live) from bar `first` on.
Part comping(int spread = 0, int first = 0, int channel = 1)
{
    Part part { "Comp", channel, 0, {} };
    for (int b = first; b < bars; ++b)
        for (int beat : { 0, 2 }) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(beat) * tpq;
            const auto chord = chord_of(b);
            for (std::size_t v = 0; v < chord.size(); ++v)
                add(part, on + v * static_cast<std::uint64_t>(spread), on + tpq * 18 / 10, chord[v] - 12);
        }
    return part;
}

// The chord tones one at a time, an eighth each, up and down (comping arpeggiated, no two together).
Part arpeggio(int channel = 2, int program = 24)
{
    Part part { "Arpeggio", channel, program, {} };
    for (int b = 0; b < bars; ++b) {
        auto chord = chord_of(b);
        std::vector<int> order = chord;
        for (auto it = chord.rbegin() + 1; it != chord.rend(); ++it)
            order.push_back(*it);
        for (int k = 0; k < 8; ++k) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(k) * (tpq / 2);
            add(part, on, on + tpq * 45 / 100, order[static_cast<std::size_t>(k) % order.size()] - 12 + (k >= 4 ? 12 : 0));
        }
    }
    return part;
}

Part bass(int channel = 3)
{
    Part part { "Bass", channel, 33, {} };
    for (int b = 0; b < bars; ++b)
        for (int beat : { 0, 2 }) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(beat) * tpq;
            add(part, on, on + tpq * 9 / 10, chord_of(b).front() - 24 + (beat == 2 ? 7 : 0));
        }
    return part;
}

// An inner voice: the third and the seventh (or sixth) of each chord, a half note each.
Part inner_voice(int channel = 4)
{
    Part part { "Inner", channel, 61, {} };
    for (int b = 0; b < bars; ++b) {
        const auto chord = chord_of(b);
        const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks;
        add(part, on, on + 2 * tpq - 10, chord[1] - 12 + 12);
        add(part, on + 2 * tpq, on + 4 * tpq - 10, chord.back() - 12 + 12);
    }
    return part;
}

Part pad(int channel = 5)
{
    Part part { "Strings", channel, 48, {} };
    for (int b = 0; b < bars; ++b) {
        const auto chord = chord_of(b);
        for (std::size_t v = 0; v < chord.size(); ++v)
            add(part, static_cast<std::uint64_t>(b) * bar_ticks + v * tpq, static_cast<std::uint64_t>(b + 1) * bar_ticks + tpq, chord[v]);
    }
    return part;
}

Part drums()
{
    Part part { "Drums", 9, 0, {} };
    for (int q = 0; q < 4 * bars; ++q)
        for (int p : { 36, 42 })
            add(part, static_cast<std::uint64_t>(q) * tpq, static_cast<std::uint64_t>(q) * tpq + 4, p);
    return part;
}

// The parts as a format-1 MIDI file (a conductor track, then one track per part), written and
// read back, so the choice runs on what the reader makes of real bytes.
midi::File file_of(const std::vector<Part>& parts)
{
    midi::Score score;
    score.ticks_per_quarter = tpq;
    for (const auto& part : parts) {
        midi::ScoreTrack track;
        track.name = part.name;
        track.channel = part.channel;
        track.program = part.program;
        track.notes = part.notes;
        std::stable_sort(track.notes.begin(), track.notes.end(), [](const midi::Note& a, const midi::Note& b) { return a.on_tick < b.on_tick; });
        score.tracks.push_back(std::move(track));
    }
    return midi::parse(midi::serialize(midi::from_score(score)), "part_choice.mid");
}

const jazzlstm::TrackStats& named(const jazzlstm::PartChoice& choice, const std::string& name)
{
    for (const auto& t : choice.tracks)
        if (t.name == name)
            return t;
    FAIL("no track named " << name);
    return choice.tracks.front();
}

int index_of(const jazzlstm::PartChoice& choice, const std::string& name) { return named(choice, name).track; }

CorpusOptions m5()
{
    CorpusOptions options;
    options.behaviour = Music21Behaviour::music21_5; // no rests: one token per melody attack
    return options;
}

std::string failure_of(const midi::File& file, const CorpusOptions& options = {})
{
    try {
        (void)jazzlstm::build_corpus(file, options);
    } catch (const jazzlstm::argument_error& e) {
        return e.what();
    }
    return "";
}

// Bars whose first chord has the pitch classes of the progression's chord.
int right_chords(const jazzlstm::Corpus& corpus)
{
    int right = 0;
    for (const auto& m : corpus.measures)
        right += !m.chords.empty() && pitch_classes(m.chords.front().pitches) == pitch_classes(chord_of(static_cast<int>(m.bar))) ? 1 : 0;
    return right;
}

} // namespace

TEST_CASE("a lead with a few double stops beats a harmony line, and keeps every attack as its top note")
{
    // 64 attacks, 6 of them double stops; the harmony line holds two notes a bar a sixth below.
    Part lead = tune("Lead", 0, 0, [](int i) { return i % 11 == 3; });
    Part harmony { "Harmony", 6, 71, {} };
    for (int b = 0; b < bars; ++b)
        for (int h = 0; h < 2; ++h) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(h) * 2 * tpq;
            add(harmony, on, on + 2 * tpq - 20, 64 + (b + h) % 5);
        }
    const auto file = file_of({ drums(), bass(), comping(), harmony, lead });
    const auto corpus = jazzlstm::build_corpus(file, m5());
    CHECK(corpus.parts.melody == index_of(corpus.parts, "Lead"));
    CHECK(corpus.parts.melody_top_note);
    CHECK(corpus.parts.chords == std::vector<int> { index_of(corpus.parts, "Comp") });
    CHECK(named(corpus.parts, "Lead").lead_score > named(corpus.parts, "Harmony").lead_score);
    CHECK(corpus.tokens.size() == 64); // every attack, the double stops by their top note
    for (const auto& m : corpus.measures)
        for (const auto& e : m.elements)
            CHECK(e.midi >= 72);
}

TEST_CASE("a lead harmonised in two voices beats its counter-line")
{
    Part lead = tune("Lead", 0, 0, [](int) { return true; }); // parallel thirds throughout
    Part counter { "Counter", 6, 68, {} };
    for (int b = 0; b < bars; ++b)
        for (int q = 0; q < 4; ++q) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(q) * tpq;
            add(counter, on, on + tpq - 10, 62 + (q * 2 + b) % 7);
        }
    const auto file = file_of({ bass(), comping(), counter, lead });
    const auto choice = jazzlstm::choose_parts(file);
    REQUIRE(choice.failure_id.empty());
    CHECK(choice.melody == index_of(choice, "Lead"));
    CHECK(choice.melody_top_note);
    CHECK(named(choice, "Lead").dyad_share == 1.0);
    CHECK(named(choice, "Counter").lead_score < named(choice, "Lead").lead_score);
    CHECK(choice.explanation.find("read as its top line") != std::string::npos);
}

TEST_CASE("copies of one part are never used twice: not as melody and chords, not as harmony")
{
    // The comping doubled on a second track (all but 3 of its attacks), and the lead doubled an
    // octave down on a third.
    Part copy = comping();
    copy.name = "Comp copy";
    copy.channel = 7;
    for (auto& n : copy.notes)
        n.channel = 7;
    copy.notes.erase(copy.notes.begin(), copy.notes.begin() + 9); // three chords fewer
    Part low = tune("Lead low", 8);
    for (auto& n : low.notes)
        n.pitch -= 12;
    const auto file = file_of({ comping(), copy, tune(), low, bass() });
    const auto choice = jazzlstm::choose_parts(file);
    REQUIRE(choice.failure_id.empty());
    CHECK(choice.melody == index_of(choice, "Lead"));
    REQUIRE(choice.chords.size() == 1);
    const auto& comp = named(choice, "Comp");
    const auto& dup = named(choice, "Comp copy");
    // One of the two comping tracks is the chords, the other is marked as its copy and read nowhere.
    CHECK((dup.doubles == comp.track || comp.doubles == dup.track));
    const int kept = dup.doubles >= 0 ? comp.track : dup.track, dropped = dup.doubles >= 0 ? dup.track : comp.track;
    CHECK(choice.chords.front() == kept);
    CHECK(std::count(choice.fallback.begin(), choice.fallback.end(), dropped) == 0);
    CHECK(named(choice, "Lead low").doubles == choice.melody); // the octave doubling is the tune's copy
    CHECK(std::count(choice.fallback.begin(), choice.fallback.end(), index_of(choice, "Lead low")) == 0);

    // A lead and its copy alone have no harmony: the copy is not another part.
    Part twin = tune("Twin", 5);
    const std::string refused = failure_of(file_of({ drums(), tune(), twin }));
    CHECK(refused.find("[jazzlstm.corpus.no_chords]") == 0);
    CHECK(refused.find("copies track") != std::string::npos);
    CHECK(refused.find("--chord-tracks") != std::string::npos);
}

TEST_CASE("a lead made entirely of dyads: chosen and read as its top note; named, --melody-top-note reads it")
{
    const auto file = file_of({ bass(), comping(), tune("Dyads", 0, 0, [](int) { return true; }) });
    const auto automatic = jazzlstm::build_corpus(file, m5());
    const int dyads = index_of(automatic.parts, "Dyads");
    CHECK(automatic.parts.melody == dyads);
    CHECK(automatic.parts.melody_top_note);
    CHECK(automatic.tokens.size() == 64);

    CorpusOptions named_only = m5();
    named_only.melody = std::to_string(dyads);
    const std::string refused = failure_of(file, named_only);
    CHECK(refused.find("[jazzlstm.corpus.no_melody]") == 0);
    CHECK(refused.find("no single notes") != std::string::npos);
    CHECK(refused.find("--melody-top-note") != std::string::npos);

    named_only.melody_top_note = true;
    CHECK(jazzlstm::build_corpus(file, named_only).tokens == automatic.tokens);
}

TEST_CASE("comping played live gives the right chord in every bar: strums, arpeggios, held chords")
{
    // Strums spread over 7 ticks a voice (up to 21 ticks for the four-note chord, TPQ/16 = 12).
    const auto strummed = file_of({ bass(), comping(7), tune() });
    const auto beats = jazzlstm::build_corpus(strummed, m5());
    REQUIRE(beats.measures.size() == bars);
    CHECK(right_chords(beats) == bars);
    // music21's reading splits the strums; it finds the right chord in fewer bars.
    CorpusOptions music21 = m5();
    music21.harmony = jazzlstm::HarmonyReading::music21_chords;
    const auto old = jazzlstm::build_corpus(strummed, music21);
    MESSAGE("strummed comping, right chords: per beat " << right_chords(beats) << " of " << bars << ", music21 " << right_chords(old));
    CHECK(right_chords(old) < bars);

    // Comping arpeggiated one note at a time: no track plays chords, the harmony is read from
    // the parts together and the arpeggio's beats are merged into the bar's chord.
    const auto arpeggiated = jazzlstm::build_corpus(file_of({ arpeggio(), tune() }), m5());
    CHECK(arpeggiated.parts.inferred_harmony);
    CHECK(right_chords(arpeggiated) == bars);

    // A chord held across the bar line sounds in the next bar; the strum's release does not.
    Part held { "Held", 1, 0, {} };
    for (int b = 0; b < bars; b += 2)
        for (const int p : chord_of(b))
            add(held, static_cast<std::uint64_t>(b) * bar_ticks, static_cast<std::uint64_t>(b + 2) * bar_ticks - 5, p - 12);
    const auto sustained = jazzlstm::build_corpus(file_of({ held, tune() }), m5());
    for (const auto& m : sustained.measures) {
        REQUIRE(m.chords.size() == 1);
        CHECK(pitch_classes(m.chords.front().pitches) == pitch_classes(chord_of(static_cast<int>(m.bar / 2 * 2))));
        CHECK(m.chords.front().duration == 48);
    }
}

TEST_CASE("the melody is never dropped because the comping starts later")
{
    const auto file = file_of({ comping(0, 3), tune() });
    const auto corpus = jazzlstm::build_corpus(file, m5());
    CHECK(corpus.tokens.size() == 64);
    REQUIRE(corpus.measures.size() == bars);
    for (int b = 0; b < 3; ++b) {
        CHECK(corpus.measures[static_cast<std::size_t>(b)].chords_reused);
        // Before the accompaniment, its first chord (bar 3's).
        CHECK(pitch_classes(corpus.measures[static_cast<std::size_t>(b)].chords.front().pitches) == pitch_classes(chord_of(3)));
    }
    CHECK(right_chords(corpus) == bars - 3 + 1); // bar 0 is C like bar 3
    CHECK(std::any_of(corpus.notes.begin(), corpus.notes.end(), [](const std::string& n) { return n.find("before the accompaniment starts") != std::string::npos; }));
}

TEST_CASE("with no chord track, the harmony is inferred from the bass and the inner voices together")
{
    const auto corpus = jazzlstm::build_corpus(file_of({ drums(), bass(), inner_voice(), tune() }), m5());
    CHECK(corpus.parts.inferred_harmony);
    CHECK(corpus.parts.chords.empty());
    CHECK(corpus.parts.harmony.size() == 2);
    for (const auto& m : corpus.measures) {
        std::set<int> heard;
        for (const auto& c : m.chords)
            for (const int p : c.pitches)
                heard.insert(p % 12);
        const auto chord = chord_of(static_cast<int>(m.bar));
        CHECK(heard.count(chord.front() % 12) == 1); // the root, from the bass
        CHECK(heard.count(chord[1] % 12) == 1);      // the third, from the inner voice
    }
    CHECK(corpus.parts.explanation.find("inferred per beat") != std::string::npos);
}

TEST_CASE("a tune is the part heard on top: a busier line below it does not win")
{
    // The tune in quarters and eighths above an inner line of running eighths.
    Part top { "Tune", 0, 73, {} };
    for (int b = 0; b < bars; ++b)
        for (int k = 0; k < 6; ++k) {
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(k < 2 ? k * tpq : 2 * tpq + (k - 2) * tpq / 2);
            add(top, on, on + tpq * 4 / 10, 76 + (k + b) % 6);
        }
    Part inner = tune("Inner line", 6);
    for (auto& n : inner.notes)
        n.pitch -= 12;
    const auto choice = jazzlstm::choose_parts(file_of({ bass(), comping(), inner, top }));
    REQUIRE(choice.failure_id.empty());
    CHECK(choice.melody == index_of(choice, "Tune"));
    CHECK(named(choice, "Tune").prominence > 0.9);
    CHECK(named(choice, "Inner line").prominence < 0.5);
}

TEST_CASE("accompaniment alone is refused: every track with its reason, and the override")
{
    Part figure { "Arp pattern", 2, 24, {} };
    for (int b = 0; b < bars; ++b)
        for (int k = 0; k < 8; ++k) {
            const auto chord = chord_of(b);
            const std::uint64_t on = static_cast<std::uint64_t>(b) * bar_ticks + static_cast<std::uint64_t>(k) * (tpq / 2);
            add(figure, on, on + tpq / 3, chord[static_cast<std::size_t>(k) % 3] + (k % 2 ? 12 : 0));
        }
    const auto file = file_of({ drums(), bass(), comping(), figure, pad() });
    const auto choice = jazzlstm::choose_parts(file);
    CHECK(choice.failure_id == "jazzlstm.corpus.no_melody");
    CHECK(choice.melody == -1);
    REQUIRE(choice.tracks.size() == 5); // the scores are there for a report
    CHECK(named(choice, "Arp pattern").verdict.find("arpeggio pattern") != std::string::npos);
    CHECK(named(choice, "Comp").verdict.find("plays chords") != std::string::npos);
    const std::string strings = named(choice, "Strings").verdict;
    CHECK((strings.find("pad") != std::string::npos || strings.find("polyphonic") != std::string::npos));
    const std::string refused = failure_of(file);
    CHECK(refused.find("[jazzlstm.corpus.no_melody]") == 0);
    for (const char* part : { "'Drums' drums", "'Bass' bass", "'Comp' plays chords", "'Arp pattern' an arpeggio pattern", "'Strings'" })
        CHECK(refused.find(part) != std::string::npos);
    CHECK(refused.find("--melody-track") != std::string::npos);
    // Naming the pattern overrides the verdict.
    CorpusOptions options;
    options.melody = std::to_string(index_of(choice, "Arp pattern"));
    CHECK(jazzlstm::build_corpus(file, options).parts.melody == index_of(choice, "Arp pattern"));
}

TEST_CASE("a pad under the tune is neither its lead nor its comping")
{
    const auto choice = jazzlstm::choose_parts(file_of({ pad(), comping(), tune() }));
    REQUIRE(choice.failure_id.empty());
    CHECK(choice.melody == index_of(choice, "Lead"));
    CHECK(choice.chords == std::vector<int> { index_of(choice, "Comp") });
    const auto& strings = named(choice, "Strings");
    CHECK(strings.lead_score == 0);
    CHECK(strings.chord_score < named(choice, "Comp").chord_score);
}

} // namespace jazzlstm_test_part_choice

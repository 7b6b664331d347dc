// Fuzz target: Standard MIDI File reader and score builder (midi.hpp).
//
// Arbitrary bytes → midi::parse. A file the reader accepts must then go through to_score,
// serialize and parse again without error, and come back with the same events (end-of-track
// aside, which the writer re-creates). When from_score accepts the score, its file must also
// serialize (or be refused with an argument_error) and read back, keeping every note (pairing may differ for overlapping equal keys,
// so counts and pitches are compared per track).
#include "fuzz_support.hpp"

#include <jazzlstm/music/midi.hpp>

#include <algorithm>
#include <vector>

namespace {

using namespace jazzlstm;

std::vector<const midi::Event*> without_end_of_track(const midi::Track& track)
{
    std::vector<const midi::Event*> out;
    for (const auto& event : track.events)
        if (!event.is_end_of_track())
            out.push_back(&event);
    return out;
}

bool same_events(const midi::File& a, const midi::File& b)
{
    if (a.format != b.format || a.ticks_per_quarter != b.ticks_per_quarter || a.tracks.size() != b.tracks.size())
        return false;
    for (std::size_t t = 0; t < a.tracks.size(); ++t) {
        const auto x = without_end_of_track(a.tracks[t]);
        const auto y = without_end_of_track(b.tracks[t]);
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i]->tick != y[i]->tick || x[i]->status != y[i]->status || x[i]->meta_type != y[i]->meta_type
                || x[i]->data != y[i]->data)
                return false;
    }
    return true;
}

std::vector<int> sorted_pitches(const midi::ScoreTrack& track)
{
    std::vector<int> out;
    for (const auto& note : track.notes)
        out.push_back(note.pitch);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // Lower caps than the defaults keep each input fast; the caps themselves are under test too.
    midi::ReadLimits limits;
    limits.max_bytes = std::size_t { 1 } << 20;
    limits.max_events = std::size_t { 1 } << 16;
    return fuzz::guarded([&] {
        const midi::File file = midi::parse(data, size, "<fuzz>", limits);
        fuzz::require(!file.tracks.empty(), "an accepted file has at least one track");

        midi::Score score;
        fuzz::must_succeed("to_score", [&] { score = midi::to_score(file); });
        fuzz::require(score.tracks.size() == file.tracks.size(), "one score track per file track");

        std::vector<std::uint8_t> bytes;
        fuzz::must_succeed("serialize", [&] { bytes = midi::serialize(file); });
        midi::File again;
        fuzz::must_succeed("parse(serialize(file))", [&] { again = midi::parse(bytes); });
        fuzz::require(same_events(file, again), "serialize then parse keeps every event");

        std::vector<std::uint8_t> rebuilt;
        try {
            rebuilt = midi::serialize(midi::from_score(score));
        } catch (const jazzlstm::argument_error&) {
            // Documented refusals: a time signature 0/4 read verbatim is no valid score value, and
            // a note longer than 0x0FFFFFFF ticks with nothing in between cannot be one delta.
            return;
        }
        midi::Score rescored;
        fuzz::must_succeed("score round-trip", [&] { rescored = midi::to_score(midi::parse(rebuilt)); });
        fuzz::require(rescored.tracks.size() == score.tracks.size() + 1, "from_score adds the conductor track");
        for (std::size_t t = 0; t < score.tracks.size(); ++t)
            fuzz::require(sorted_pitches(rescored.tracks[t + 1]) == sorted_pitches(score.tracks[t]),
                "from_score then to_score keeps every note");
    });
}

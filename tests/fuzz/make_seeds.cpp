// Writes the committed seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/) with the
// library's own writers plus hand-made edge cases. Nothing third-party goes in.
// Usage: jazzlstm_fuzz_make_seeds <tests/fuzz/corpus>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace jazzlstm;

namespace {

void put(const fs::path& path, const std::string& bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}
void put(const fs::path& path, const std::vector<std::uint8_t>& bytes) { put(path, std::string(bytes.begin(), bytes.end())); }

midi::Score small_score(int notes, bool chords)
{
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos = { { 0, 500000 }, { 1920, 400000 } };
    score.time_signatures = { { 0, 4, 4 } };
    score.key_signatures = { { 0, -2, false } };
    midi::ScoreTrack melody;
    melody.name = "melody";
    melody.channel = 0;
    melody.program = 65;
    for (int k = 0; k < notes; ++k) {
        const std::uint64_t on = static_cast<std::uint64_t>(k) * 240;
        melody.notes.push_back({ on, on + 200 + 40 * static_cast<std::uint64_t>(k % 3), 0, 0, 60 + (k * 5) % 17, 80 + k % 40, 0 });
    }
    score.tracks.push_back(melody);
    if (chords) {
        midi::ScoreTrack comp;
        comp.name = "chords";
        comp.channel = 1;
        comp.program = 0;
        for (int bar = 0; bar < 2; ++bar)
            for (int pitch : { 48, 52, 55, 58 })
                comp.notes.push_back({ bar * 1920ull, bar * 1920ull + 1920, 0, 0, pitch + bar * 5, 70, 1 });
        score.tracks.push_back(comp);
    }
    return score;
}

std::vector<std::uint8_t> hand_midi(int format, std::vector<std::uint8_t> track)
{
    std::vector<std::uint8_t> out = { 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, static_cast<std::uint8_t>(format), 0, 1, 0x01, 0xE0,
        'M', 'T', 'r', 'k', 0, 0, 0, static_cast<std::uint8_t>(track.size()) };
    out.insert(out.end(), track.begin(), track.end());
    return out;
}

ModelFile small_model(int n_a, std::vector<std::string> vocabulary)
{
    ModelFile model;
    model.hyper.Tx = 3;
    model.hyper.n_a = n_a;
    model.hyper.V = static_cast<int>(vocabulary.size());
    model.hyper.Ty = 5;
    model.vocabulary = std::move(vocabulary);
    const int V = model.hyper.V;
    auto fill = [](auto& m, double scale) {
        for (Eigen::Index k = 0; k < m.size(); ++k)
            m.data()[k] = scale * static_cast<double>((k * 7919) % 201 - 100) / 100.0;
    };
    model.weights.lstm_kernel.resize(V, 4 * n_a);
    model.weights.lstm_recurrent_kernel.resize(n_a, 4 * n_a);
    model.weights.lstm_bias.resize(4 * n_a);
    model.weights.dense_kernel.resize(n_a, V);
    model.weights.dense_bias.resize(V);
    fill(model.weights.lstm_kernel, 0.5);
    fill(model.weights.lstm_recurrent_kernel, 0.25);
    fill(model.weights.lstm_bias, 1.0);
    fill(model.weights.dense_kernel, 0.125);
    fill(model.weights.dense_bias, 0.1);
    return model;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <tests/fuzz/corpus>\n", argv[0]);
        return 2;
    }
    const fs::path root = argv[1];

    // MIDI: our writer's output, then hand-made bytes for the reader's edge cases.
    const fs::path m = root / "midi";
    put(m / "score_melody.smf", midi::serialize(midi::from_score(small_score(12, false))));
    put(m / "score_melody_chords.smf", midi::serialize(midi::from_score(small_score(24, true))));
    put(m / "score_empty.smf", midi::serialize(midi::from_score(midi::Score {})));
    put(m / "format0_running_status.smf", hand_midi(0, { 0x00, 0x90, 60, 64, 0x60, 62, 64, 0x00, 60, 0, 0x60, 62, 0, 0x00, 0xFF, 0x2F, 0x00 }));
    put(m / "no_end_of_track.smf", hand_midi(1, { 0x00, 0xC0, 5, 0x00, 0x90, 64, 100, 0x83, 0x60, 0x80, 64, 0 }));
    put(m / "sysex_and_meta.smf", hand_midi(1, { 0x00, 0xF0, 0x03, 0x7E, 0x7F, 0xF7, 0x00, 0xFF, 0x03, 0x02, 'h', 'i', 0x00, 0xFF, 0x58, 0x04, 3, 2,
                                                  24, 8, 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0xFF, 0x59, 0x02, 0xFE, 0x01, 0x00, 0xFF, 0x2F, 0x00 }));
    put(m / "overlapping_same_key.smf", hand_midi(1, { 0x00, 0x90, 60, 90, 0x10, 0x90, 60, 90, 0x10, 0x90, 60, 0, 0x10, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00 }));
    put(m / "max_vlq_delta.smf", hand_midi(1, { 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 90, 0x00, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00 }));
    put(m / "header_only.smf", std::vector<std::uint8_t> { 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 1, 0, 96 });

    // Corpus: one behaviour byte (bit 0: music21 5) then a MIDI file with a melody and chords.
    const fs::path c = root / "corpus";
    auto with_behaviour = [](std::uint8_t behaviour, std::vector<std::uint8_t> bytes) {
        bytes.insert(bytes.begin(), behaviour);
        return bytes;
    };
    put(c / "melody_chords_m6.bin", with_behaviour(0, midi::serialize(midi::from_score(small_score(24, true)))));
    put(c / "melody_chords_m5.bin", with_behaviour(1, midi::serialize(midi::from_score(small_score(40, true)))));
    put(c / "melody_only.bin", with_behaviour(0, midi::serialize(midi::from_score(small_score(12, false)))));
    {
        // Format 0: melody (channel 0) and chords (channel 1) mixed in one track.
        midi::File mixed = midi::from_score(small_score(24, true));
        midi::File single;
        single.format = 0;
        single.ticks_per_quarter = mixed.ticks_per_quarter;
        single.tracks.resize(1);
        for (const auto& track : mixed.tracks)
            for (const auto& event : track.events)
                if (!event.is_end_of_track())
                    single.tracks[0].events.push_back(event);
        std::stable_sort(single.tracks[0].events.begin(), single.tracks[0].events.end(),
            [](const midi::Event& a, const midi::Event& b) { return a.tick < b.tick; });
        put(c / "format0_mixed.bin", with_behaviour(0, midi::serialize(single)));
    }

    // Grammar: token strings (text mode) and one measure-mode input.
    const fs::path g = root / "grammar";
    put(g / "tokens.txt", std::string("C,0.250 C,0.500,<m2,P-4> S,0.333,<d5,M-2> A,0.250,<P1,m-3> X,1.000,<M9,M-2> R,0.750 C,0.250,<A4,d-4>"));
    put(g / "reference_measure.txt", std::string("C,0.250 R,0.250 C,0.500,<m3,P1> S,0.250,<m-2,M-6> C,0.333,<M2,m-3> R,0.667 A,1.000,<d-7,d-12>"));
    put(g / "edge_tokens.txt", std::string("R,71.000\nC,0\tS,0.0005 X,99999.999,<P8,P-8>  A,0.083,<A1,d1>"));
    put(g / "bad_tokens.txt", std::string("Q,1 C, C,-1 R,1,<m2,m2> C,1,<m2> C,1,<x,y>"));
    put(g / "measure.bin", std::string("\x01\x02\x30\x30\x00\x06\x3C\x00\x03\x3E\x01\x06\x00\x00\x0C\x40\x22\x18\x35\x00\x03\x43", 22));

    // Model files: our writer's output in two sizes, plus a compact hand-made one.
    const fs::path f = root / "model_file";
    put(f / "tiny.json", dump_model_file(small_model(2, { "C,0.250", "S,0.500,<m2,P-4>", "R,1.000" })));
    put(f / "small.json", dump_model_file(small_model(4, { "C,0.250", "S,0.500,<m2,P-4>", "A,0.333,<d5,M-2>", "X,0.250,<P1,m-3>", "R,0.750" })));
    put(f / "compact.json", dump_model_file(small_model(1, { "R,1.000" }), 0));
    return 0;
}

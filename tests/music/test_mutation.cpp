// Mutation tests of the readers: a valid MIDI file (our writer's, and the real Metheny file when
// present) and a valid model file are cut at every byte and hit by seeded random byte flips.
// Each case must be read or rejected with a jazzlstm::error; nothing else (another exception,
// a crash, a sanitizer report: this program runs in the sanitizer suite too) is acceptable.
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include "support.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_mutation {

using namespace jazzlstm;

namespace {

/// Tally of one mutation campaign; the first foreign exception is kept for the failure message.
struct Tally {
    std::size_t cases = 0, accepted = 0, rejected = 0, foreign = 0;
    std::string first_foreign;
};

template <typename Read>
void attempt(Tally& tally, const std::string& label, Read&& read)
{
    ++tally.cases;
    try {
        read();
        ++tally.accepted;
    } catch (const jazzlstm::error&) {
        ++tally.rejected;
    } catch (const std::exception& e) {
        if (tally.foreign++ == 0)
            tally.first_foreign = label + ": " + e.what();
    }
}

/// A MIDI file accepted by the reader must also give a score (the corpus import's next step).
void read_midi(const std::vector<std::uint8_t>& bytes)
{
    const midi::File file = midi::parse(bytes);
    (void)midi::to_score(file);
}

/// Cuts at every `stride`-th byte.
/// With a stride > 1, every byte of the first 2 KiB and of the last `tail` bytes is still cut.
Tally cut_midi(const std::vector<std::uint8_t>& original, std::size_t stride = 1, std::size_t tail = 256)
{
    Tally tally;
    for (std::size_t cut = 0; cut < original.size(); cut += (cut < 2048 || cut + tail >= original.size()) ? 1 : stride) {
        const std::vector<std::uint8_t> bytes(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(cut));
        attempt(tally, "cut at " + std::to_string(cut), [&] { read_midi(bytes); });
    }
    return tally;
}

/// Cuts inside a track chunk and rewrites that chunk's length (and the header's track count) so
/// the reader walks the events up to the cut, which reaches the "ends inside an event" paths a
/// plain cut never does (a plain cut stops at the chunk length check). Cuts in the header or a
/// chunk header stay plain cuts. Expects the 6-byte header our writer emits.
Tally cut_midi_fixing_lengths(const std::vector<std::uint8_t>& original)
{
    Tally tally;
    for (std::size_t cut = 0; cut < original.size(); ++cut) {
        std::vector<std::uint8_t> bytes(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(cut));
        std::size_t start = 14, index = 0;
        while (start + 8 <= original.size()) {
            const std::size_t length = (std::size_t { original[start + 4] } << 24) | (std::size_t { original[start + 5] } << 16)
                | (std::size_t { original[start + 6] } << 8) | original[start + 7];
            if (cut < start + 8)
                break; // inside the header or a chunk header: a plain cut
            if (cut <= start + 8 + length) {
                const std::size_t kept = cut - start - 8;
                for (int k = 0; k < 4; ++k)
                    bytes[start + 4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(kept >> (24 - 8 * k));
                bytes[10] = static_cast<std::uint8_t>((index + 1) >> 8);
                bytes[11] = static_cast<std::uint8_t>(index + 1);
                break;
            }
            start += 8 + length;
            ++index;
        }
        attempt(tally, "fixed cut at " + std::to_string(cut), [&] { read_midi(bytes); });
    }
    return tally;
}

/// `flips` seeded mutations of 1 to 4 bytes each.
Tally flip_midi(const std::vector<std::uint8_t>& original, std::size_t flips)
{
    Tally tally;
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<std::size_t> where(0, original.size() - 1);
    std::uniform_int_distribution<int> count(1, 4), mask(1, 255);
    for (std::size_t k = 0; k < flips; ++k) {
        std::vector<std::uint8_t> bytes = original;
        for (int n = count(rng); n > 0; --n)
            bytes[where(rng)] ^= static_cast<std::uint8_t>(mask(rng));
        attempt(tally, "flip case " + std::to_string(k), [&] { read_midi(bytes); });
    }
    return tally;
}

midi::Score two_track_score()
{
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos = { { 0, 500000 } };
    score.time_signatures = { { 0, 4, 4 } };
    midi::ScoreTrack melody, chords;
    melody.name = "melody";
    melody.program = 65;
    chords.name = "chords";
    chords.channel = 1;
    for (int k = 0; k < 48; ++k) {
        const auto on = static_cast<std::uint64_t>(k) * 160;
        melody.notes.push_back({ on, on + 120 + 40 * static_cast<std::uint64_t>(k % 4), 0, 0, 55 + (k * 7) % 24, 60 + k, 0 });
    }
    for (int bar = 0; bar < 4; ++bar)
        for (int pitch : { 48, 52, 55, 59 })
            chords.notes.push_back({ bar * 1920ull, bar * 1920ull + 1900, 0, 0, pitch + 2 * bar, 70, 1 });
    score.tracks = { melody, chords };
    return score;
}

ModelFile tiny_model()
{
    ModelFile model;
    model.hyper.Tx = 4;
    model.hyper.n_a = 2;
    model.hyper.V = 3;
    model.hyper.Ty = 6;
    model.hyper.training.final_loss = 1.25;
    model.vocabulary = { "C,0.250", "S,0.500,<m2,P-4>", "R,1.000" };
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    auto fill = [&](auto& m, Eigen::Index rows, Eigen::Index cols) {
        m.resize(rows, cols);
        for (Eigen::Index k = 0; k < m.size(); ++k)
            m.data()[k] = value(rng);
    };
    fill(model.weights.lstm_kernel, 3, 8);
    fill(model.weights.lstm_recurrent_kernel, 2, 8);
    fill(model.weights.lstm_bias, 8, 1);
    fill(model.weights.dense_kernel, 2, 3);
    fill(model.weights.dense_bias, 3, 1);
    return model;
}

} // namespace

TEST_CASE("MIDI written by our writer: every truncation is rejected, every flip is read or rejected")
{
    const std::vector<std::uint8_t> original = midi::serialize(midi::from_score(two_track_score()));
    REQUIRE(original.size() > 400);
    REQUIRE_NOTHROW(read_midi(original));

    // Every chunk declares its exact length, so any proper prefix runs past the end.
    const Tally cuts = cut_midi(original);
    CHECK(cuts.cases == original.size());
    CHECK(cuts.accepted == 0);
    CHECK_MESSAGE(cuts.foreign == 0, cuts.first_foreign);

    const Tally fixed = cut_midi_fixing_lengths(original);
    CHECK(fixed.cases == original.size());
    CHECK_MESSAGE(fixed.foreign == 0, fixed.first_foreign);
    // Cuts between events read (a missing end-of-track is tolerated); cuts inside one are refused.
    CHECK(fixed.accepted > 50);
    CHECK(fixed.rejected > 50);

    const Tally flips = flip_midi(original, 4000);
    CHECK(flips.cases == 4000);
    CHECK_MESSAGE(flips.foreign == 0, flips.first_foreign);
    // Flips inside note data often leave a valid file, and header flips are refused: both paths ran.
    CHECK(flips.accepted > 100);
    CHECK(flips.rejected > 1000);
    MESSAGE("MIDI (writer, " << original.size() << " bytes): " << cuts.cases << " truncations, all rejected; " << fixed.cases
                             << " truncations with chunk lengths fixed: accepted " << fixed.accepted << ", rejected " << fixed.rejected
                             << "; " << flips.cases
                             << " flips: accepted " << flips.accepted << ", rejected " << flips.rejected);
}

TEST_CASE("The real Metheny file: every truncation and seeded flips are read or rejected")
{
    if (!test::have_file(test::metheny_midi()))
        return;
    const auto raw = test::read_bytes(test::metheny_midi());
    const std::vector<std::uint8_t> original(raw.begin(), raw.end());
    REQUIRE_NOTHROW(read_midi(original));
    // Cutting the 92 KB file at every byte re-reads every track before the cut: quadratic, about
    // 45 s in Release. Every byte of the first 2 KiB and the last 256 bytes (header, first events,
    // the last track's end) plus every 61st byte between keeps it to a second and cuts every track.
    // ASan makes each read ~25x slower, so the sanitizer build samples more thinly.
#ifdef JAZZLSTM_SANITIZE
    const std::size_t stride = 997, tail = 32, flips = 100;
#else
    const std::size_t stride = 61, tail = 256, flips = 1000;
#endif
    const Tally cuts = cut_midi(original, stride, tail);
    CHECK_MESSAGE(cuts.foreign == 0, cuts.first_foreign);
    CHECK(cuts.rejected > 0);
    const Tally flipped = flip_midi(original, flips);
    CHECK_MESSAGE(flipped.foreign == 0, flipped.first_foreign);
    MESSAGE("MIDI (Metheny, " << original.size() << " bytes): " << cuts.cases << " truncations (stride " << stride << "): accepted "
                              << cuts.accepted << ", rejected " << cuts.rejected << "; " << flipped.cases << " flips: accepted "
                              << flipped.accepted << ", rejected " << flipped.rejected);
}

TEST_CASE("Model file: every truncation but the final newline is rejected, every flip is read or rejected")
{
    const std::string original = dump_model_file(tiny_model());
    REQUIRE(original.back() == '\n');
    REQUIRE_NOTHROW(parse_model_file(original));

    Tally cuts;
    for (std::size_t cut = 0; cut < original.size(); ++cut)
        attempt(cuts, "cut at " + std::to_string(cut), [&] { (void)parse_model_file(original.substr(0, cut)); });
    CHECK(cuts.cases == original.size());
    CHECK(cuts.accepted == 1); // only dropping the trailing newline leaves a complete document
    CHECK_MESSAGE(cuts.foreign == 0, cuts.first_foreign);

    Tally flips;
    std::mt19937 rng(99);
    std::uniform_int_distribution<std::size_t> where(0, original.size() - 1);
    std::uniform_int_distribution<int> count(1, 3), mask(1, 255);
    for (int k = 0; k < 4000; ++k) {
        std::string text = original;
        for (int n = count(rng); n > 0; --n) {
            const std::size_t at = where(rng);
            text[at] = static_cast<char>(text[at] ^ mask(rng));
        }
        attempt(flips, "flip case " + std::to_string(k), [&] { (void)parse_model_file(text); });
    }
    CHECK_MESSAGE(flips.foreign == 0, flips.first_foreign);
    CHECK(flips.rejected > 2000); // the vocabulary hash and the JSON syntax catch most flips
    CHECK(flips.accepted > 0);    // a digit flipped inside a weight is still a valid model
    MESSAGE("model file (" << original.size() << " bytes): " << cuts.cases << " truncations, accepted " << cuts.accepted << "; "
                           << flips.cases << " flips: accepted " << flips.accepted << ", rejected " << flips.rejected);
}

} // namespace jazzlstm_test_mutation

// MIDI reader, score builder and writer throughput.
#include <jazzlstm/music/midi.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

namespace {

std::vector<std::uint8_t> metheny_bytes()
{
    const std::filesystem::path path = std::filesystem::path(JAZZLSTM_SHARED_DIR) / "data" / "original_metheny.mid";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {};
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

std::size_t count_events(const jazzlstm::midi::File& file)
{
    std::size_t n = 0;
    for (const auto& track : file.tracks)
        n += track.events.size();
    return n;
}

void BM_parse_metheny(benchmark::State& state)
{
    const auto bytes = metheny_bytes();
    if (bytes.empty()) {
        state.SkipWithError("original_metheny.mid is absent");
        return;
    }
    std::size_t events = 0;
    for (auto _ : state) {
        auto file = jazzlstm::midi::parse(bytes);
        events = count_events(file);
        benchmark::DoNotOptimize(file);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events));
}
BENCHMARK(BM_parse_metheny)->Unit(benchmark::kMicrosecond);

void BM_to_score_metheny(benchmark::State& state)
{
    const auto bytes = metheny_bytes();
    if (bytes.empty()) {
        state.SkipWithError("original_metheny.mid is absent");
        return;
    }
    const auto file = jazzlstm::midi::parse(bytes);
    for (auto _ : state) {
        auto score = jazzlstm::midi::to_score(file);
        benchmark::DoNotOptimize(score);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count_events(file)));
}
BENCHMARK(BM_to_score_metheny)->Unit(benchmark::kMicrosecond);

jazzlstm::midi::Score generated_score(int notes)
{
    std::mt19937 rng(1);
    jazzlstm::midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos = { { 0, 500000 } };
    jazzlstm::midi::ScoreTrack track;
    track.name = "generated";
    track.channel = 0;
    track.program = 26;
    std::uint64_t tick = 0;
    for (int n = 0; n < notes; ++n) {
        tick += rng() % 240;
        jazzlstm::midi::Note note;
        note.on_tick = tick;
        note.off_tick = tick + 1 + rng() % 480;
        note.pitch = 48 + static_cast<int>(rng() % 36);
        note.velocity = 100;
        track.notes.push_back(note);
    }
    score.tracks.push_back(track);
    return score;
}

void BM_serialize_generated(benchmark::State& state)
{
    const auto file = jazzlstm::midi::from_score(generated_score(static_cast<int>(state.range(0))));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto out = jazzlstm::midi::serialize(file);
        bytes = out.size();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(BM_serialize_generated)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);

void BM_from_score_generated(benchmark::State& state)
{
    const auto score = generated_score(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto file = jazzlstm::midi::from_score(score);
        benchmark::DoNotOptimize(file);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(BM_from_score_generated)->Arg(100000)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();

// The resource bombs of issue 13, as benchmarks: what each former bomb costs now.
//   BM_simultaneous_notes/N  N chord notes on one tick (13 keys over and over, the chord reused
//                            in every bar of a 32-bar melody): MIDI parse + corpus (import,
//                            grammar). Was 14 s for 1,000 and 96 s for 10,000 end to end.
//   BM_simultaneous_apart/N  N notes on one tick that end apart (no two merge): the import's
//                            grouping of simultaneous notes, quadratic before (100,000: 14 s).
//   BM_model_200mb           a valid model with an ignored member of 10^8 zeros (200 MB, under
//                            the 256 MiB cap): load_model_file, with the process's peak RSS.
//                            Was 33 s and 3.86 GB.
//   BM_bars_2000             a 2,000-bar piece (222 KB): parse + corpus of the whole piece.
// Run: bench_bombs --benchmark_repetitions=3 (docs/errors.md, "Resource bounds").
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace {

using jazzlstm::midi::Note;
using jazzlstm::midi::Score;

/// A 32-bar melody (track 0) over `chord_notes` notes struck at tick 0 (track 1), held for the
/// whole piece; `apart` makes every chord note end on its own tick.
std::vector<std::uint8_t> stacked_chord(int chord_notes, bool apart)
{
    Score score;
    score.ticks_per_quarter = 480;
    score.tracks.resize(2);
    score.tracks[0].name = "Lead";
    for (int k = 0; k < 128; ++k)
        score.tracks[0].notes.push_back({ std::uint64_t(k) * 480, std::uint64_t(k) * 480 + 400, 0, 0, 60 + (k * 7) % 12, 90, 0 });
    score.tracks[1].name = "Piano";
    for (int k = 0; k < chord_notes; ++k) {
        const std::uint64_t end = apart ? 1920 + 7 * std::uint64_t(k) : 128 * 480;
        score.tracks[1].notes.push_back({ 0, end, 0, 0, 48 + k % 13, 70, 1 });
    }
    return jazzlstm::midi::serialize(jazzlstm::midi::from_score(score));
}

void corpus_of(benchmark::State& state, const std::vector<std::uint8_t>& bytes)
{
    std::size_t tokens = 0;
    std::string refused;
    for (auto _ : state) {
        try {
            const auto corpus = jazzlstm::build_corpus(jazzlstm::midi::parse(bytes));
            tokens = corpus.tokens.size();
            benchmark::DoNotOptimize(corpus);
        } catch (const jazzlstm::error& e) {
            refused = e.id();
        }
    }
    state.counters["file_KB"] = static_cast<double>(bytes.size()) / 1e3;
    state.counters["tokens"] = static_cast<double>(tokens);
    if (!refused.empty())
        state.SetLabel("refused: " + refused);
}

void BM_simultaneous_notes(benchmark::State& state)
{
    corpus_of(state, stacked_chord(static_cast<int>(state.range(0)), false));
}
BENCHMARK(BM_simultaneous_notes)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_simultaneous_apart(benchmark::State& state)
{
    corpus_of(state, stacked_chord(static_cast<int>(state.range(0)), true));
}
BENCHMARK(BM_simultaneous_apart)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_bars_2000(benchmark::State& state)
{
    Score score;
    score.ticks_per_quarter = 96;
    score.tracks.resize(2);
    for (int bar = 0; bar < 2000; ++bar) {
        for (int k = 0; k < 4; ++k)
            score.tracks[0].notes.push_back({ std::uint64_t(bar * 384 + k * 96), std::uint64_t(bar * 384 + k * 96 + 90), 0, 0,
                62 + (bar + k) % 7, 90, 0 });
        for (const int p : { 48, 52, 55 })
            score.tracks[1].notes.push_back({ std::uint64_t(bar * 384), std::uint64_t(bar * 384 + 380), 0, 0, p + bar % 5, 70, 1 });
    }
    corpus_of(state, jazzlstm::midi::serialize(jazzlstm::midi::from_score(score)));
}
BENCHMARK(BM_bars_2000)->Unit(benchmark::kMillisecond);

/// A real-sized model (n_a 64, V 78, as the notebook's) saved, then rewritten with an ignored
/// member of `zeros` zeros before its other members, streamed to disk (never held in memory).
std::filesystem::path padded_model(std::size_t zeros)
{
    jazzlstm::ModelFile m;
    m.hyper.n_a = 64;
    m.hyper.V = 78;
    for (int k = 0; k < m.hyper.V; ++k)
        m.vocabulary.push_back("C,0." + std::to_string(100 + k));
    std::mt19937 rng(13);
    std::uniform_real_distribution<double> u(-0.1, 0.1);
    auto fill = [&](auto& t, Eigen::Index rows, Eigen::Index cols) {
        t.resize(rows, cols);
        for (Eigen::Index k = 0; k < t.size(); ++k)
            t.data()[k] = u(rng);
    };
    fill(m.weights.lstm_kernel, 78, 256);
    fill(m.weights.lstm_recurrent_kernel, 64, 256);
    fill(m.weights.lstm_bias, 256, 1);
    fill(m.weights.dense_kernel, 64, 78);
    fill(m.weights.dense_bias, 78, 1);
    const auto dir = std::filesystem::temp_directory_path();
    const auto plain = dir / ("bench_bombs_model_" + std::to_string(::getpid()) + ".json");
    const auto padded = dir / ("bench_bombs_padded_" + std::to_string(::getpid()) + ".json");
    jazzlstm::save_model_file(plain, m);
    std::ifstream in(plain, std::ios::binary);
    const std::string text { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
    std::filesystem::remove(plain);
    std::ofstream out(padded, std::ios::binary);
    out << "{\"padding\":[0";
    const std::string chunk = [] {
        std::string c;
        for (int k = 0; k < 4096; ++k)
            c += ",0";
        return c;
    }();
    for (std::size_t written = 1; written < zeros; written += 4096)
        out << chunk;
    out << "]," << text.substr(text.find('{') + 1);
    return padded;
}

void BM_model_200mb(benchmark::State& state)
{
    const auto path = padded_model(100'000'000);
    const auto bytes = std::filesystem::file_size(path);
    for (auto _ : state) {
        const auto model = jazzlstm::load_model_file(path);
        benchmark::DoNotOptimize(model);
    }
    std::filesystem::remove(path);
    rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    state.counters["file_MB"] = static_cast<double>(bytes) / 1e6;
    state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0; // the whole process's peak
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_model_200mb)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();

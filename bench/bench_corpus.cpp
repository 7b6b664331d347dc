// Corpus building at scale (music/corpus/collection.hpp): 1,000 synthetic MIDI files, written to
// disk once, then read, parsed, part-chosen and tokenised by build_corpora on one thread and on
// every core. Counters: files/s, tokens/s (the corpus tokens produced), and the process's peak
// resident memory.
//
// The files are what a user's folder of tunes looks like to the pipeline: a lead (eighths and
// triplets walking a scale, some rests and double stops), live comping (strums spread over a few
// ticks, some bars arpeggiated), a walking bass and drums; 12 to 64 bars, 96 to 480 ticks per
// quarter, every file different (seeded, so runs agree).
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/midi.hpp>

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int file_count = 1000;

void add(jazzlstm::midi::ScoreTrack& track, std::uint64_t on, std::uint64_t off, int pitch, int channel)
{
    jazzlstm::midi::Note n;
    n.on_tick = on;
    n.off_tick = std::max(off, on + 1);
    n.pitch = std::clamp(pitch, 0, 127);
    n.velocity = 80;
    n.channel = channel;
    track.notes.push_back(n);
}

jazzlstm::midi::ScoreTrack track(const char* name, int channel, int program)
{
    jazzlstm::midi::ScoreTrack t;
    t.name = name;
    t.channel = channel;
    t.program = program;
    return t;
}

jazzlstm::midi::File synthetic_file(std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    const auto below = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    static const std::array<int, 4> tpqs { 96, 192, 384, 480 };
    const int tpq = tpqs[static_cast<std::size_t>(below(4))];
    const int bars = 12 + below(53);
    const auto q = static_cast<std::uint64_t>(tpq);
    const int key = below(12);
    // ii-V-I-vi style roots and qualities, one chord a bar.
    static const std::array<std::array<int, 4>, 4> voicings { { { 0, 4, 7, 11 }, { 0, 3, 7, 10 }, { 0, 4, 7, 10 }, { 0, 3, 6, 10 } } };
    static const std::array<int, 8> roots { 2, 7, 0, 9, 5, 10, 3, 8 };
    static const std::array<int, 7> scale { 0, 2, 4, 5, 7, 9, 11 };

    jazzlstm::midi::Score score;
    score.ticks_per_quarter = tpq;
    auto lead = track("Lead", 0, 65 + below(8));
    auto comp = track("Piano", 1, below(6));
    auto bass = track("Bass", 2, 32 + below(4));
    auto kit = track("Drums", 9, 0);
    int degree = 7 + below(7);
    for (int b = 0; b < bars; ++b) {
        const std::uint64_t bar = static_cast<std::uint64_t>(b) * 4 * q;
        const int root = key + roots[static_cast<std::size_t>(b) % roots.size()];
        const auto& chord = voicings[static_cast<std::size_t>(b) % voicings.size()];
        // Lead: eighths or triplets, a rest now and then, a double stop on some downbeats.
        const bool triplets = below(4) == 0;
        const int per_beat = triplets ? 3 : 2;
        for (int k = 0; k < 4 * per_beat; ++k) {
            if (below(6) == 0)
                continue;
            degree = std::clamp(degree + below(5) - 2, 0, 20);
            const int pitch = 60 + key + 12 * (degree / 7) + scale[static_cast<std::size_t>(degree % 7)];
            const std::uint64_t on = bar + static_cast<std::uint64_t>(k) * q / static_cast<std::uint64_t>(per_beat);
            add(lead, on, on + q / static_cast<std::uint64_t>(per_beat) - q / 16, pitch, 0);
            if (k % per_beat == 0 && below(10) == 0)
                add(lead, on, on + q / 2, pitch - 3 - below(2), 0);
        }
        // Comping: strums spread over a few ticks on beats 1 and 3, or an arpeggio.
        if (below(5) == 0) {
            for (int k = 0; k < 8; ++k) {
                const std::uint64_t on = bar + static_cast<std::uint64_t>(k) * q / 2;
                add(comp, on, on + q / 2, 48 + root % 12 + chord[static_cast<std::size_t>(k) % 4], 1);
            }
        } else {
            for (int beat : { 0, 2 }) {
                const std::uint64_t on = bar + static_cast<std::uint64_t>(beat) * q;
                for (std::size_t v = 0; v < chord.size(); ++v)
                    add(comp, on + v * static_cast<std::uint64_t>(below(4)), on + 2 * q - q / 8, 48 + root % 12 + chord[v], 1);
            }
        }
        for (int beat = 0; beat < 4; ++beat) {
            const std::uint64_t on = bar + static_cast<std::uint64_t>(beat) * q;
            add(bass, on, on + q - q / 8, 36 + root % 12 + (beat % 2 == 1 ? 7 : 0), 2);
            add(kit, on, on + q / 16, beat % 2 == 0 ? 36 : 38, 9);
        }
    }
    for (auto* t : { &lead, &comp, &bass, &kit }) {
        std::stable_sort(t->notes.begin(), t->notes.end(), [](const auto& a, const auto& b) { return a.on_tick < b.on_tick; });
        score.tracks.push_back(std::move(*t));
    }
    return jazzlstm::midi::from_score(score);
}

/// The 1,000 files, written once per run into a directory of their own.
const std::vector<std::string>& synthetic_files()
{
    static const std::vector<std::string> files = [] {
        const auto dir = std::filesystem::temp_directory_path() / ("jazzlstm_bench_corpus_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::vector<std::string> out;
        for (int i = 0; i < file_count; ++i) {
            const auto path = dir / ("tune_" + std::to_string(i) + ".mid");
            jazzlstm::midi::write_file(synthetic_file(static_cast<std::uint64_t>(i) + 1), path);
            out.push_back(path.string());
        }
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(std::filesystem::temp_directory_path() / ("jazzlstm_bench_corpus_" + std::to_string(::getpid())), ec);
        });
        return out;
    }();
    return files;
}

double peak_rss_mib()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
}

/// Arg: threads (0 = every core).
void BM_build_corpora(benchmark::State& state)
{
    const auto& files = synthetic_files();
    jazzlstm::CollectionOptions run;
    run.threads = static_cast<unsigned>(state.range(0));
    std::size_t tokens = 0, corpora = 0, failures = 0;
    for (auto _ : state) {
        const auto collection = jazzlstm::build_corpora(files, {}, run);
        tokens = collection.tokens;
        corpora = collection.corpora.size();
        failures = collection.failures.size();
        benchmark::DoNotOptimize(collection.tokens);
    }
    const double n = static_cast<double>(state.iterations());
    state.counters["files/s"] = benchmark::Counter(n * static_cast<double>(files.size()), benchmark::Counter::kIsRate);
    state.counters["tokens/s"] = benchmark::Counter(n * static_cast<double>(tokens), benchmark::Counter::kIsRate);
    state.counters["tokens"] = static_cast<double>(tokens);
    state.counters["corpora"] = static_cast<double>(corpora);
    state.counters["failed"] = static_cast<double>(failures);
    state.counters["threads"] = run.threads ? run.threads : std::max(1u, std::thread::hardware_concurrency());
    state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(BM_build_corpora)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

} // namespace

BENCHMARK_MAIN();

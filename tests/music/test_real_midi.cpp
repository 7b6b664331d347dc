// The part choice on real MIDI files of public Debian packages (tests/real_midi.hpp: mma's
// examples, OpenTTD's openmsx set; installed by examples/install-deps.sh, never committed): every
// file gives a corpus or is refused for a reason the choice names, with the file and the option
// that overrides it; no choice uses one track twice or a drum track; and the choices checked
// track by track (by listening and by reading the notes) stay what they are.
#include <jazzlstm/music/corpus.hpp>

#include "real_midi.hpp"
#include "support.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_real_midi {

using namespace jazzlstm;

namespace {

const TrackStats* stats_of(const PartChoice& choice, int track)
{
    for (const auto& t : choice.tracks)
        if (t.track == track)
            return &t;
    return nullptr;
}

} // namespace

TEST_CASE("real files: a corpus, or a refusal that names the file, the reason and the override")
{
    const auto real = test::real_midi_files();
    if (real.empty()) {
        MESSAGE("SKIPPED: no real MIDI files installed (examples/install-deps.sh installs mma and openttd-openmsx)");
        return;
    }
    std::vector<std::string> files;
    for (const auto& f : real)
        files.push_back(f.path.string());
    const CorpusCollection collection = build_corpora(files);
    REQUIRE(collection.corpora.size() + collection.failures.size() == files.size());

    std::map<std::string, int> reasons;
    for (const auto& f : collection.failures) {
        CAPTURE(f.message);
        ++reasons[f.id];
        CHECK(f.message.find(f.file) != std::string::npos);
        if (f.id == "jazzlstm.corpus.no_melody")
            CHECK(f.message.find("--melody-track") != std::string::npos);
        else if (f.id == "jazzlstm.corpus.no_chords")
            CHECK(f.message.find("--chord-tracks") != std::string::npos);
        else
            CHECK(f.id.rfind("jazzlstm.midi.", 0) == 0); // an unreadable file, never a crash or another failure
    }
    for (std::size_t k = 0; k < collection.corpora.size(); ++k) {
        const Corpus& c = collection.corpora[k];
        const PartChoice& p = c.parts;
        CAPTURE(collection.files[k]);
        CHECK(!c.tokens.empty());
        const TrackStats* melody = stats_of(p, p.melody);
        REQUIRE(melody != nullptr);
        CHECK(melody->channel != 9);
        CHECK(melody->doubles < 0);
        // The same material is never used twice: not the melody as harmony, no copy as harmony
        // (a solo piano reads its own chords below its tune, and says so).
        for (const int h : p.harmony) {
            if (h == p.melody) {
                CHECK(p.harmony.size() == 1);
                CHECK(p.melody_top_note);
                continue;
            }
            const TrackStats* part = stats_of(p, h);
            REQUIRE(part != nullptr);
            CHECK(part->channel != 9);
            CHECK(part->doubles < 0);
        }
    }
    // Choices checked by reading the notes: MMA's aria tracks are its generated melodies (the
    // chord tracks they used to lose to sustain or strum), and a copied solo is used once.
    const std::map<std::string, std::string> leads { { "aria/bossa.mid", "Aria" }, { "aria/barb.mid", "Aria" },
        { "aria/when-or-where.mid", "Aria" }, { "solo/solo.mid", "Solo" }, { "midi-inc/mid2seq/countme.mid", "Vocal Melody" } };
    for (std::size_t k = 0; k < collection.corpora.size(); ++k)
        for (const auto& [tail, name] : leads)
            if (collection.files[k].size() >= tail.size() && collection.files[k].compare(collection.files[k].size() - tail.size(), tail.size(), tail) == 0) {
                CAPTURE(collection.files[k]);
                CHECK(stats_of(collection.corpora[k].parts, collection.corpora[k].parts.melody)->name == name);
            }
    MESSAGE(files.size() << " real files: " << collection.corpora.size() << " corpora, " << collection.failures.size() << " refused ("
                         << reasons["jazzlstm.corpus.no_melody"] << " no melodic line, " << reasons["jazzlstm.corpus.no_chords"]
                         << " no other pitched part)");
}

} // namespace jazzlstm_test_real_midi

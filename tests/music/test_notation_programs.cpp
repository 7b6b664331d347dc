// The written lead sheet in real notation programs: when MuseScore 3 (mscore3) or LilyPond
// (musicxml2ly + lilypond) is installed, the file converts to PDF and PNG without an error, the PDF
// has the expected single page, and what the program reads back (MuseScore's own MusicXML export,
// LilyPond's MIDI) has the measures, notes and chord symbols that were written.
#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/music/band/voicing.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <cstdlib>
#include <set>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#ifdef JAZZLSTM_HAVE_MUSICXML
#include <jazzlstm/music/musicxml/read.hpp>
#endif

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_notation_programs {

using namespace jazzlstm;
namespace fs = std::filesystem;

namespace {

bool on_path(const std::string& program)
{
    return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int pdf_pages(const fs::path& pdf)
{
    const std::string bytes = slurp(pdf);
    static const std::regex page(R"(/Type\s*/Page[^s])");
    return static_cast<int>(std::distance(std::sregex_iterator(bytes.begin(), bytes.end(), page), std::sregex_iterator()));
}

bool is_png(const fs::path& path)
{
    const std::string bytes = slurp(path);
    return bytes.size() > 8 && bytes.compare(1, 3, "PNG") == 0;
}

struct Written {
    LeadSheetNotation sheet;
    std::size_t notes = 0;      // notes as played (a tied value counts once)
    std::size_t measures = 12;
};

// Twelve bars of a minor blues with a seeded line: eighths, sixteenths, triplets, long notes tied
// over bar lines, and rests.
Written lead_sheet()
{
    Written w;
    const ChordChart chart = parse_chord_chart(
        "title Notation check\nkey Cm\ntempo 132\n| Cm9 | Fm7 | Cm9 | Gm7b5 C7b9 | Fm7 | % | Cm9 | Ab7#11 | Dm7b5 | G7alt | Cm9 Ab7 | Dm7b5 G7 |");
    w.sheet.title = chart.title;
    w.sheet.tempo = chart.tempo;
    w.sheet.key_fifths = chart.key_fifths;
    w.sheet.measures = w.measures;
    for (std::size_t b = 0; b < chart.bars.size(); ++b)
        for (const ChartChord& c : chart.bars[b].chords)
            w.sheet.chords.push_back({ static_cast<ticks12>(b) * 48 + c.start, c.symbol });
    std::mt19937_64 rng(2024);
    const ticks12 values[] = { 6, 6, 6, 3, 3, 4, 12, 18, 24, 30 };
    ticks12 t = 0;
    const ticks12 end = static_cast<ticks12>(w.measures) * 48 - 12;
    while (t < end) {
        ticks12 d = values[std::uniform_int_distribution<int>(0, 9)(rng)];
        if (d == 4) {
            for (int k = 0; k < 3 && t + 4 <= end; ++k, t += 4) { // a triplet on the beat grid
                MelodyElement e;
                e.offset = t;
                e.duration = 4;
                e.midi = std::uniform_int_distribution<int>(60, 79)(rng);
                w.sheet.melody.push_back(e);
            }
            continue;
        }
        d = std::min(d, end - t);
        if (std::uniform_int_distribution<int>(0, 5)(rng) > 0) {
            MelodyElement e;
            e.offset = t;
            e.duration = d;
            e.midi = std::uniform_int_distribution<int>(60, 79)(rng);
            w.sheet.melody.push_back(e);
        }
        t += d;
        if (t % 3 != 0)
            t += 3 - t % 3; // back on the sixteenth grid after odd values
    }
    w.notes = w.sheet.melody.size();
    return w;
}

fs::path fresh_dir(const std::string& name)
{
    const fs::path dir = jazzlstm::test::tmp_dir() / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// Writes `sheet` as solo.musicxml in a fresh directory and prints it with musicxml2ly and
// lilypond (PDF, PNG and MIDI); checks that both succeed and LilyPond reports no error.
fs::path print_with_lilypond(const LeadSheetNotation& sheet, const std::string& name)
{
    const fs::path dir = fresh_dir(name);
    write_file_atomically(dir / "solo.musicxml", musicxml_lead_sheet(sheet), "jazzlstm.io.write");
    const std::string command = "cd '" + dir.string() + "' && musicxml2ly --midi -o solo.ly solo.musicxml >convert.log 2>&1"
                                " && lilypond --pdf --png -dresolution=100 -o solo solo.ly >print.log 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    const std::string log = slurp(dir / "print.log");
    CHECK_MESSAGE(log.find("error") == std::string::npos, log);
    return dir;
}

} // namespace

TEST_CASE("MuseScore 3 prints the lead sheet and reads back its measures, notes and chord symbols")
{
    if (!on_path("mscore3")) {
        MESSAGE("skipped: MuseScore 3 (mscore3) is not installed");
        return;
    }
    const Written w = lead_sheet();
    const fs::path dir = fresh_dir("mscore3");
    const fs::path xml = dir / "solo.musicxml";
    write_file_atomically(xml, musicxml_lead_sheet(w.sheet), "jazzlstm.io.write");
    auto convert = [&](const std::string& out) {
        const std::string command = "cd '" + dir.string() + "' && QT_QPA_PLATFORM=offscreen mscore3 -o " + out
            + " solo.musicxml >" + out + ".log 2>&1";
        return std::system(command.c_str());
    };
    REQUIRE(convert("solo.pdf") == 0);
    CHECK(slurp(dir / "solo.pdf.log").find("rror") == std::string::npos);
    CHECK(pdf_pages(dir / "solo.pdf") == 1);
    REQUIRE(convert("solo.png") == 0);
    CHECK(is_png(dir / "solo-1.png"));
    CHECK_FALSE(fs::exists(dir / "solo-2.png"));
    REQUIRE(convert("back.musicxml") == 0);
#ifdef JAZZLSTM_HAVE_MUSICXML
    const MusicXmlTune back = read_musicxml_file(dir / "back.musicxml");
    CHECK(back.measures == w.measures);
    CHECK(back.melody.size() == w.notes);
    CHECK(back.chords.size() == w.sheet.chords.size() - 1); // the second Fm7 (%) is not named again
    REQUIRE(back.melody.size() == w.sheet.melody.size());
    for (std::size_t i = 0; i < back.melody.size(); ++i) {
        CHECK(back.melody[i].offset == w.sheet.melody[i].offset);
        CHECK(back.melody[i].duration == w.sheet.melody[i].duration);
        CHECK(back.melody[i].midi == w.sheet.melody[i].midi);
    }
    for (std::size_t b = 0; b < back.chart.bars.size() && b < 12; ++b)
        CHECK(back.chart.bars[b].chords.front().symbol.pitch_class_mask()
            == parse_chord_symbol(std::vector<const char*> { "Cm9", "Fm7", "Cm9", "Gm7b5", "Fm7", "Fm7", "Cm9", "Ab7#11", "Dm7b5",
                                      "G7alt", "Cm9", "Dm7b5" }[b])
                   .pitch_class_mask());
    MESSAGE("MuseScore 3 read back " << back.measures << " measures, " << back.melody.size() << " notes ("
                                     << back.notated_notes << " written values, " << back.ties << " ties, " << back.triplets
                                     << " triplet notes), " << back.chords.size() << " chord symbols");
#endif
}

TEST_CASE("LilyPond prints the lead sheet and its MIDI has the notes that were written")
{
    if (!on_path("musicxml2ly") || !on_path("lilypond")) {
        MESSAGE("skipped: LilyPond (musicxml2ly and lilypond) is not installed");
        return;
    }
    const Written w = lead_sheet();
    const fs::path dir = print_with_lilypond(w.sheet, "lilypond");
    CHECK(pdf_pages(dir / "solo.pdf") == 1);
    CHECK(is_png(dir / "solo.png"));
    const fs::path midi_file = fs::exists(dir / "solo.midi") ? dir / "solo.midi" : dir / "solo.mid";
    REQUIRE(fs::exists(midi_file));
    const midi::Score score = midi::to_score(midi::read_file(midi_file));
    std::size_t notes = 0;
    std::uint64_t last_off = 0, first_on = ~std::uint64_t { 0 };
    for (const auto& track : score.tracks) {
        if (track.name.find("Chords") != std::string::npos)
            continue; // LilyPond also plays the chord names
        for (const auto& n : track.notes) {
            ++notes;
            last_off = std::max(last_off, n.off_tick);
            first_on = std::min(first_on, n.on_tick);
        }
    }
    CHECK(notes == w.notes);
    // LilyPond's MIDI may start the voice after the chord names' track (musicxml2ly's layout), so
    // the line's span is compared, in twelfths: first onset to last release.
    const ticks12 span_written = w.sheet.melody.back().offset + w.sheet.melody.back().duration - w.sheet.melody.front().offset;
    const std::uint64_t span = (last_off - first_on) * twelfths_per_quarter / static_cast<std::uint64_t>(score.ticks_per_quarter);
    // (LilyPond rounds the last release to its own MIDI grid: within a twelfth of a quarter.)
    CHECK(span + 1 >= static_cast<std::uint64_t>(span_written));
    CHECK(span <= static_cast<std::uint64_t>(span_written) + 1);
    MESSAGE("LilyPond printed 1 page; its MIDI has " << notes << " notes spanning " << span / 48.0 << " measures");
}

TEST_CASE("LilyPond prints the chord part on a grand staff and plays every chord symbol where it is written")
{
    if (!on_path("musicxml2ly") || !on_path("lilypond")) {
        MESSAGE("skipped: LilyPond (musicxml2ly and lilypond) is not installed");
        return;
    }
    Written w = lead_sheet();
    // The comping as the band plays it: the chart's chords voiced with voice leading.
    std::vector<ChartBar> bars;
    for (std::size_t b = 0; b < w.measures; ++b) {
        ChartBar bar;
        for (const TimedChordSymbol& c : w.sheet.chords)
            if (c.offset / 48 == static_cast<ticks12>(b))
                bar.chords.push_back({ c.symbol, c.offset % 48, 0 });
        for (std::size_t k = 0; k < bar.chords.size(); ++k)
            bar.chords[k].length = (k + 1 < bar.chords.size() ? bar.chords[k + 1].start : 48) - bar.chords[k].start;
        bars.push_back(bar);
    }
    const auto voiced = voice_bars(bars);
    std::size_t struck = 0;
    for (std::size_t b = 0; b < voiced.size(); ++b)
        for (Chord c : voiced[b]) {
            c.offset += static_cast<ticks12>(b) * 48;
            struck += std::set<int>(c.pitches.begin(), c.pitches.end()).size();
            w.sheet.comping.push_back(c);
        }
    const fs::path dir = print_with_lilypond(w.sheet, "lilypond-chords");
    const int pages = pdf_pages(dir / "solo.pdf");
    CHECK(pages >= 1);
    CHECK(pages <= 2); // 12 bars on three staves
    const fs::path midi_file = fs::exists(dir / "solo.midi") ? dir / "solo.midi" : dir / "solo.mid";
    REQUIRE(fs::exists(midi_file));
    const midi::Score score = midi::to_score(midi::read_file(midi_file));
    std::size_t line = 0, comping = 0;
    std::set<std::uint64_t> symbol_onsets;
    for (const auto& track : score.tracks) {
        if (track.name.find("Chords") != std::string::npos) { // LilyPond plays the chord names
            for (const auto& n : track.notes)
                symbol_onsets.insert(n.on_tick);
        } else if (track.name.find("PartPTwo") != std::string::npos) {
            comping += track.notes.size();
        } else {
            line += track.notes.size();
        }
    }
    CHECK(line == w.notes);
    CHECK(comping == struck);
    CHECK(symbol_onsets.size() == w.sheet.chords.size() - 1); // every symbol but the repeated Fm7
    MESSAGE("LilyPond printed " << pages << " page(s); its MIDI has " << line << " solo notes, " << comping
                                << " chord-part notes (" << struck << " written) and " << symbol_onsets.size()
                                << " chord symbols");
}

} // namespace jazzlstm_test_notation_programs

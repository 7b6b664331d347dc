// MusicXML in (the jazzlstm::musicxml component): what the writer wrote reads back (notes,
// durations, ties, triplets, chord symbols), a lead sheet's form and header, and the errors.
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <random>
#include <string>
#include <vector>

#ifdef JAZZLSTM_HAVE_MUSICXML
#include <jazzlstm/music/musicxml/read.hpp>

#include <jazzlstm/core/atomic_file.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#endif

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_musicxml_read {

using namespace jazzlstm;

#ifdef JAZZLSTM_HAVE_MUSICXML

namespace {

std::string error_of(const std::string& text, error_context* where = nullptr)
{
    try {
        read_musicxml(text, "tune.musicxml");
    } catch (const parse_error& e) {
        if (where)
            *where = e.context();
        return e.id();
    }
    return "";
}

std::string measure(const std::string& body, int number = 1, const std::string& attributes = "")
{
    return "<measure number=\"" + std::to_string(number) + "\">" + attributes + body + "</measure>";
}

std::string score(const std::string& measures)
{
    return "<?xml version=\"1.0\"?><score-partwise version=\"3.1\"><part-list><score-part id=\"P1\"><part-name>x</part-name>"
           "</score-part></part-list><part id=\"P1\">"
        + measures + "</part></score-partwise>";
}

const char* const attributes44 = "<attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>";
const char* const c7 = "<harmony><root><root-step>C</root-step></root><kind>dominant</kind></harmony>";
const char* const whole_c = "<note><pitch><step>C</step><octave>5</octave></pitch><duration>8</duration><type>whole</type></note>";

} // namespace

TEST_CASE("round trip: random lines and chart changes written and read back")
{
    const ChordChart chart = parse_chord_chart(
        "key Bb\n| Bbmaj7 G7b9 | Cm7 F7 | Dm7b5 G7alt | Cm(maj7) F13#11 | Bb6/9 | Eb7/G | Ab9sus4 | F7#9 |");
    std::mt19937_64 rng(12);
    for (int trial = 0; trial < 40; ++trial) {
        LeadSheetNotation sheet;
        sheet.title = "trial " + std::to_string(trial);
        sheet.tempo = 90 + trial;
        sheet.key_fifths = chart.key_fifths;
        ticks12 t = 0;
        const ticks12 steps[] = { 3, 4, 6, 8, 12, 16, 18, 24, 2, 30 };
        while (t < 8 * 48) {
            const ticks12 d = steps[std::uniform_int_distribution<int>(0, 9)(rng)];
            if (std::uniform_int_distribution<int>(0, 4)(rng) > 0) {
                MelodyElement e;
                e.offset = t;
                e.duration = std::min<ticks12>(d, 8 * 48 - t);
                e.midi = std::uniform_int_distribution<int>(55, 84)(rng);
                sheet.melody.push_back(e);
            }
            t += d;
        }
        for (std::size_t b = 0; b < chart.bars.size(); ++b)
            for (const ChartChord& c : chart.bars[b].chords)
                sheet.chords.push_back({ static_cast<ticks12>(b) * 48 + c.start, c.symbol });
        sheet.measures = 8;
        const MusicXmlTune back = read_musicxml(musicxml_lead_sheet(sheet));
        CHECK(back.measures == 8);
        CHECK(back.chart.title == sheet.title);
        CHECK(back.chart.tempo == sheet.tempo);
        CHECK(back.chart.key_fifths == -2);
        // Notes: same onsets, lengths and pitches (ties joined again).
        REQUIRE(back.melody.size() == sheet.melody.size());
        for (std::size_t i = 0; i < sheet.melody.size(); ++i) {
            CHECK(back.melody[i].offset == sheet.melody[i].offset);
            CHECK(back.melody[i].duration == sheet.melody[i].duration);
            CHECK(back.melody[i].midi == sheet.melody[i].midi);
        }
        CHECK(back.notated_notes == back.melody.size() + back.ties);
        // Chord symbols: the same chords over the same beats.
        REQUIRE(back.chart.bars.size() == chart.bars.size());
        for (std::size_t b = 0; b < chart.bars.size(); ++b) {
            REQUIRE(back.chart.bars[b].chords.size() == chart.bars[b].chords.size());
            for (std::size_t k = 0; k < chart.bars[b].chords.size(); ++k) {
                CHECK(back.chart.bars[b].chords[k].symbol.name() == chart.bars[b].chords[k].symbol.name());
                CHECK(back.chart.bars[b].chords[k].start == chart.bars[b].chords[k].start);
                CHECK(back.chart.bars[b].chords[k].length == chart.bars[b].chords[k].length);
            }
        }
    }
}

TEST_CASE("ties and triplets are counted as written")
{
    LeadSheetNotation sheet;
    MelodyElement a;
    a.offset = 36;
    a.duration = 24; // beat 4 tied over the bar line
    a.midi = 67;
    MelodyElement t1 = a, t2 = a, t3 = a;
    t1.offset = 60, t1.duration = 4, t2.offset = 64, t2.duration = 4, t3.offset = 68, t3.duration = 4;
    sheet.melody = { a, t1, t2, t3 };
    sheet.chords = { { 0, parse_chord_symbol("C7") } };
    const MusicXmlTune back = read_musicxml(musicxml_lead_sheet(sheet));
    CHECK(back.ties == 1);
    CHECK(back.triplets == 3);
    CHECK(back.notated_notes == 5);
    REQUIRE(back.melody.size() == 4);
    CHECK(back.melody[0].duration == 24);
}

TEST_CASE("a lead sheet's form: repeats, held chords, offsets, slash basses")
{
    const std::string text = score(
        measure(std::string(c7) + whole_c, 1,
            "<attributes><divisions>2</divisions><key><fifths>-1</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time></attributes>")
        + measure("<barline location=\"left\"><repeat direction=\"forward\"/></barline>"
                  "<harmony><root><root-step>F</root-step></root><kind text=\"m7\">minor-seventh</kind></harmony>"
                  + std::string(whole_c), 2)
        + measure(std::string(whole_c)
                + "<harmony><root><root-step>B</root-step><root-alter>-1</root-alter></root><kind>major</kind>"
                  "<bass><bass-step>D</bass-step></bass><offset>-4</offset></harmony>"
                  "<barline location=\"right\"><repeat direction=\"backward\"/></barline>",
            3)
        + measure(whole_c, 4));
    const MusicXmlTune tune = read_musicxml(text);
    std::string form;
    for (const ChartBar& bar : tune.chart.bars) {
        for (const ChartChord& c : bar.chords)
            form += c.symbol.name() + "@" + std::to_string(c.start) + " ";
        form += "| ";
    }
    CHECK(form == "C7@0 | Fm7@0 | Fm7@0 Bb/D@24 | Fm7@0 | Fm7@0 Bb/D@24 | Bb/D@0 | ");
    CHECK(tune.chart.key_fifths == -1);
    CHECK(tune.measures == 4);
    CHECK(tune.melody.size() == 4);
}

TEST_CASE("volta brackets: |: A | B |1. C :|2. D | E plays A B C A B D E")
{
    auto chord = [](const char* step) {
        return "<harmony><root><root-step>" + std::string(step) + "</root-step></root><kind>dominant</kind></harmony>" + whole_c;
    };
    auto form_of = [](const MusicXmlTune& tune) {
        std::string form;
        for (const ChartBar& bar : tune.chart.bars)
            form += bar.chords.front().symbol.name() + " ";
        return form;
    };
    const std::string left_forward = "<barline location=\"left\"><repeat direction=\"forward\"/></barline>";
    const std::string text = score(measure(left_forward + chord("A"), 1, attributes44) + measure(chord("B"), 2)
        + measure("<barline location=\"left\"><ending number=\"1\" type=\"start\"/></barline>" + chord("C")
                + "<barline location=\"right\"><ending number=\"1\" type=\"stop\"/><repeat direction=\"backward\"/></barline>",
            3)
        + measure("<barline location=\"left\"><ending number=\"2\" type=\"start\"/></barline>" + chord("D")
                + "<barline location=\"right\"><ending number=\"2\" type=\"discontinue\"/></barline>",
            4)
        + measure(chord("E"), 5));
    const MusicXmlTune tune = read_musicxml(text);
    CHECK(form_of(tune) == "A7 B7 C7 A7 B7 D7 E7 ");
    CHECK(tune.measures == 5);

    // A first ending of two measures, and an ending shared by passes ("1, 2") inside the repeat.
    const std::string longer = score(measure(left_forward + chord("A"), 1, attributes44)
        + measure("<barline location=\"left\"><ending number=\"1, 2\" type=\"start\"/></barline>" + chord("B")
                + "<barline location=\"right\"><ending number=\"1, 2\" type=\"stop\"/></barline>",
            2)
        + measure("<barline location=\"left\"><ending number=\"1\" type=\"start\"/></barline>" + chord("C"), 3)
        + measure(chord("D")
                + "<barline location=\"right\"><ending number=\"1\" type=\"stop\"/><repeat direction=\"backward\"/></barline>",
            4)
        + measure("<barline location=\"left\"><ending number=\"2\" type=\"start\"/></barline>" + chord("E")
                + "<barline location=\"right\"><ending number=\"2\" type=\"stop\"/></barline>",
            5));
    CHECK(form_of(read_musicxml(longer)) == "A7 B7 C7 D7 A7 B7 E7 ");
}

TEST_CASE("bad MusicXML: typed errors with the file and the measure, or the byte")
{
    error_context where;
    CHECK(error_of("<score-partwise><part><measure>", &where) == "jazzlstm.musicxml.syntax");
    CHECK(where.byte.has_value());
    CHECK(where.file == "tune.musicxml");
    CHECK(error_of("<score-timewise/>") == "jazzlstm.musicxml.unsupported");
    CHECK(error_of("<html/>") == "jazzlstm.musicxml.unsupported");
    CHECK(error_of(score(measure(whole_c, 1, attributes44)), &where) == "jazzlstm.musicxml.no_harmony");
    CHECK(error_of(score(measure(std::string(c7) + whole_c, 1, attributes44)
                  + measure(whole_c, 2, "<attributes><time><beats>3</beats><beat-type>4</beat-type></time></attributes>")),
              &where)
        == "jazzlstm.musicxml.time");
    CHECK(where.token == "measure 2");
    CHECK(error_of(score(measure("<harmony><root><root-step>H</root-step></root><kind>major</kind></harmony>" + std::string(whole_c), 1, attributes44)))
        == "jazzlstm.musicxml.chord");
    CHECK(error_of(score(measure(std::string(c7) + whole_c))) == "jazzlstm.musicxml.duration");
}

namespace {

std::size_t count_of(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

// The notes a part's staff strikes, as (onset in twelfths, MIDI pitch): tied continuations left
// out, <chord/> members at their chord's time; and each measure's length per staff.
struct StaffReading {
    std::vector<std::pair<ticks12, int>> struck[3];
    std::vector<ticks12> measure_length[3];
    std::size_t tied_continuations = 0;
};

StaffReading read_staves(const pugi::xml_node& part)
{
    StaffReading out;
    ticks12 measure_start = 0;
    for (const pugi::xml_node& m : part.children("measure")) {
        ticks12 at[3] = { 0, 0, 0 }, last_start[3] = { 0, 0, 0 };
        for (const pugi::xml_node& n : m.children("note")) {
            const int staff = n.child("staff").text().as_int(1);
            REQUIRE((staff == 1 || staff == 2));
            const ticks12 d = n.child("duration").text().as_int();
            const bool member = static_cast<bool>(n.child("chord"));
            const ticks12 start = member ? last_start[staff] : at[staff];
            if (!member) {
                last_start[staff] = at[staff];
                at[staff] += d;
            }
            const pugi::xml_node pitch = n.child("pitch");
            if (!pitch)
                continue;
            bool continued = false;
            for (const pugi::xml_node& t : n.children("tie"))
                continued = continued || std::string(t.attribute("type").value()) == "stop";
            if (continued) {
                ++out.tied_continuations;
                continue;
            }
            static const int steps[] = { 9, 11, 0, 2, 4, 5, 7 }; // A..G
            const int midi = (pitch.child("octave").text().as_int() + 1) * 12 + steps[pitch.child("step").text().get()[0] - 'A']
                + pitch.child("alter").text().as_int(0);
            out.struck[staff].push_back({ measure_start + start, midi });
        }
        for (int staff = 1; staff <= 2; ++staff)
            out.measure_length[staff].push_back(at[staff]);
        measure_start += 48;
    }
    for (auto& s : out.struck)
        std::sort(s.begin(), s.end());
    return out;
}

} // namespace

TEST_CASE("the chord part: a grand staff whose chords, ties, triplets and rests read back as played")
{
    LeadSheetNotation sheet;
    sheet.melody = { MelodyElement {} };
    sheet.melody[0].offset = 0;
    sheet.melody[0].duration = 12;
    sheet.melody[0].midi = 72;
    sheet.chords = { { 0, parse_chord_symbol("Cmaj7") }, { 24, parse_chord_symbol("Dm7") }, { 72, parse_chord_symbol("G7b9") } };
    sheet.comping = {
        { 0, 24, { 48, 55, 64, 67, 71 } },      // beats 1-2, both staves
        { 24, 36, { 50, 57, 65, 69, 72 } },     // beat 3 over the bar line to beat 2 of bar 2: tied
        { 72, 8, { 43, 59, 65, 68 } },          // a triplet quarter after a rest (G7b9: the b9 is Ab)
        { 80, 16, { 43, 59, 65, 68 } },         // the rest of the beat and the next
        { 80, 4, { 99 } },                      // struck with the one above: the later chord is written
    };
    sheet.measures = 3;                         // the third: a whole rest on each staff
    const std::string x = musicxml_lead_sheet(sheet);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(x.c_str()));
    const pugi::xml_node score = doc.child("score-partwise");
    CHECK(std::distance(score.child("part-list").children("score-part").begin(), score.child("part-list").children("score-part").end()) == 2);
    const pugi::xml_node chords = score.find_child_by_attribute("part", "id", "P2");
    REQUIRE(chords);
    CHECK(std::string(score.child("part-list").find_child_by_attribute("score-part", "id", "P2").child_value("part-name")) == "Chords");
    CHECK(chords.child("measure").child("attributes").child("staves").text().as_int() == 2);
    CHECK(std::distance(chords.children("measure").begin(), chords.children("measure").end()) == 3);

    const StaffReading r = read_staves(chords);
    for (int staff = 1; staff <= 2; ++staff)
        CHECK(r.measure_length[staff] == std::vector<ticks12> { 48, 48, 48 });
    const std::vector<std::pair<ticks12, int>> treble = { { 0, 64 }, { 0, 67 }, { 0, 71 }, { 24, 65 }, { 24, 69 }, { 24, 72 },
        { 72, 65 }, { 72, 68 }, { 80, 99 } };
    const std::vector<std::pair<ticks12, int>> bass = { { 0, 48 }, { 0, 55 }, { 24, 50 }, { 24, 57 }, { 72, 43 }, { 72, 59 } };
    CHECK(r.struck[1] == treble);
    CHECK(r.struck[2] == bass);
    CHECK(r.tied_continuations == 5); // the Dm7 held over the bar line, all five voices
    const std::string part = x.substr(x.find("<part id=\"P2\">"));
    CHECK(count_of(part, "<rest measure=\"yes\"/>") == 2);
    CHECK(count_of(part, "<step>A</step><alter>-1</alter>") == 1); // the b9 of G7, spelled as a ninth
    CHECK(count_of(part, "<actual-notes>3</actual-notes>") == 6);   // 2 + 1 values of the treble, 2 + 1 of the bass
    CHECK(count_of(part, "<tuplet type=\"start\"") == 2);           // one bracket per staff
    // The solo part is unchanged by the chord part: the reader sees the line and the symbols.
    const MusicXmlTune back = read_musicxml(x);
    CHECK(back.melody.size() == 1);
    CHECK(back.chords.size() == 3);

    sheet.comping.clear();
    CHECK(musicxml_lead_sheet(sheet).find("id=\"P2\"") == std::string::npos);
}

#ifdef JAZZLSTM_HAVE_MXL

namespace {

// A zip archive of (name, bytes) entries, deflated as notation programs write them.
void write_zip(const std::filesystem::path& path, const std::vector<std::pair<std::string, std::string>>& entries)
{
    int code = 0;
    zip_t* archive = zip_open(path.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    REQUIRE(archive);
    for (const auto& [name, bytes] : entries) {
        zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        REQUIRE(zip_file_add(archive, name.c_str(), source, 0) >= 0);
    }
    REQUIRE(zip_close(archive) == 0);
}

std::string container_for(const std::string& score)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><container><rootfiles><rootfile full-path=\"" + score
        + "\" media-type=\"application/vnd.recordare.musicxml+xml\"/></rootfiles></container>";
}

std::string mxl_error(const std::filesystem::path& path, error_context* where = nullptr)
{
    try {
        read_musicxml_file(path);
    } catch (const jazzlstm::error& e) {
        if (where)
            *where = e.context();
        return e.id();
    }
    return "";
}

} // namespace

TEST_CASE("compressed MusicXML (.mxl): the score the container names, read as the plain file")
{
    const std::filesystem::path dir = jazzlstm::test::tmp_dir() / "mxl";
    std::filesystem::create_directories(dir);
    const ChordChart chart = parse_chord_chart("title Packed\nkey F\ntempo 150\n| F7 | Bb7 | F7 | Cm7 F7 | Bb7 | Bdim7 | F7/C | D7b9 |");
    LeadSheetNotation sheet;
    sheet.title = chart.title;
    sheet.tempo = chart.tempo;
    sheet.key_fifths = chart.key_fifths;
    for (std::size_t b = 0; b < chart.bars.size(); ++b)
        for (const ChartChord& c : chart.bars[b].chords) {
            sheet.chords.push_back({ static_cast<ticks12>(b) * 48 + c.start, c.symbol });
            MelodyElement e;
            e.offset = static_cast<ticks12>(b) * 48 + c.start;
            e.duration = 8;
            e.midi = 65 + static_cast<int>(b);
            sheet.melody.push_back(e);
        }
    const std::string xml = musicxml_lead_sheet(sheet);
    const MusicXmlTune plain = read_musicxml(xml);
    auto same = [&](const MusicXmlTune& packed) {
        CHECK(packed.chart.title == "Packed");
        CHECK(packed.chart.tempo == plain.chart.tempo);
        CHECK(packed.measures == plain.measures);
        REQUIRE(packed.chords.size() == plain.chords.size());
        for (std::size_t i = 0; i < plain.chords.size(); ++i)
            CHECK(packed.chords[i].symbol.name() == plain.chords[i].symbol.name());
        REQUIRE(packed.melody.size() == plain.melody.size());
        for (std::size_t i = 0; i < plain.melody.size(); ++i)
            CHECK(packed.melody[i].midi == plain.melody[i].midi);
    };
    // As MuseScore writes it: the container first, the score in a folder of its own.
    write_zip(dir / "tune.mxl", { { "META-INF/container.xml", container_for("score/tune.xml") }, { "score/tune.xml", xml } });
    same(read_musicxml_file(dir / "tune.mxl"));
    std::string entry;
    CHECK(read_mxl_score(dir / "tune.mxl", &entry) == xml);
    CHECK(entry == "score/tune.xml");
    // No container: the first MusicXML entry outside META-INF.
    write_zip(dir / "bare.mxl", { { "notes.txt", "not a score" }, { "tune.musicxml", xml } });
    same(read_musicxml_file(dir / "bare.mxl"));

    // Broken archives: typed errors naming the file (and the entry), nothing half-read.
    error_context where;
    write_zip(dir / "missing.mxl", { { "META-INF/container.xml", container_for("gone.xml") }, { "tune.xml", xml } });
    CHECK(mxl_error(dir / "missing.mxl", &where) == "jazzlstm.musicxml.archive");
    CHECK(where.file == (dir / "missing.mxl").string());
    CHECK(where.token == "entry gone.xml");
    write_zip(dir / "empty.mxl", { { "readme.txt", "nothing here" } });
    CHECK(mxl_error(dir / "empty.mxl") == "jazzlstm.musicxml.archive");
    write_zip(dir / "bad_container.mxl", { { "META-INF/container.xml", "<container><rootfiles>" }, { "tune.xml", xml } });
    CHECK(mxl_error(dir / "bad_container.mxl", &where) == "jazzlstm.musicxml.archive");
    CHECK(where.token == "entry META-INF/container.xml");
    write_file_atomically(dir / "text.mxl", xml, "jazzlstm.io.write"); // plain XML under the wrong name
    CHECK(mxl_error(dir / "text.mxl") == "jazzlstm.musicxml.archive");
    const std::string bytes = jazzlstm::test::slurp(dir / "tune.mxl");
    for (std::size_t keep : { bytes.size() / 2, bytes.size() - 30, std::size_t { 10 } }) {
        INFO("truncated to " << keep << " of " << bytes.size() << " bytes");
        write_file_atomically(dir / "cut.mxl", bytes.substr(0, keep), "jazzlstm.io.write");
        CHECK(mxl_error(dir / "cut.mxl") == "jazzlstm.musicxml.archive");
    }
    CHECK(mxl_error(dir / "absent.mxl") == "jazzlstm.musicxml.read");
    // A score in a broken archive entry is still a MusicXML error naming the archive and the entry.
    write_zip(dir / "no_harmony.mxl", { { "tune.xml", score(measure(whole_c, 1, attributes44)) } });
    CHECK(mxl_error(dir / "no_harmony.mxl", &where) == "jazzlstm.musicxml.no_harmony");
    CHECK(where.file == (dir / "no_harmony.mxl").string() + " (tune.xml)");
    // The cap holds on what an entry unpacks to, not on what its directory claims.
    write_zip(dir / "bomb.mxl", { { "tune.xml", std::string(3u << 20, ' ') + xml } });
    try {
        read_mxl_score(dir / "bomb.mxl", nullptr, 1u << 20);
        FAIL("no exception");
    } catch (const parse_error& e) {
        CHECK(e.id() == "jazzlstm.musicxml.archive");
        CHECK(std::string(e.what()).find("more than 1 MiB") != std::string::npos);
    }
}

#endif

#else

TEST_CASE("MusicXML input is not built (pugixml was not found)")
{
    MESSAGE("skipped: configure with libpugixml-dev installed to test MusicXML input");
}


#endif

} // namespace jazzlstm_test_musicxml_read

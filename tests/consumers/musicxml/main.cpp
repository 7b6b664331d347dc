// MusicXML through the installed package: a chart's lead sheet written, saved plain and (when the
// package reads .mxl) packed into a compressed MusicXML container, and both read back.
// Usage: consumer DIR
#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/read.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <filesystem>
#include <iostream>
#include <string>

namespace {

#ifdef JAZZLSTM_HAVE_MXL
// An .mxl as notation programs write it: the container description, then the score.
void write_mxl(const std::filesystem::path& path, const std::string& score)
{
    static const std::string container = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><container><rootfiles>"
                                         "<rootfile full-path=\"tune.xml\" media-type=\"application/vnd.recordare.musicxml+xml\"/>"
                                         "</rootfiles></container>";
    int code = 0;
    zip_t* archive = zip_open(path.string().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!archive)
        throw std::runtime_error("cannot create " + path.string());
    zip_source_t* description = zip_source_buffer(archive, container.data(), container.size(), 0);
    zip_source_t* body = zip_source_buffer(archive, score.data(), score.size(), 0);
    if (zip_file_add(archive, "META-INF/container.xml", description, 0) < 0 || zip_file_add(archive, "tune.xml", body, 0) < 0
        || zip_close(archive) != 0)
        throw std::runtime_error("cannot write " + path.string());
}
#endif

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
        return 2;
    try {
        const std::filesystem::path dir = argv[1];
        const jazzlstm::ChordChart chart = jazzlstm::parse_chord_chart("title Consumer\n| Dm7 G7 | Cmaj7 | Em7b5 A7b9 | Dm7 |");
        jazzlstm::LeadSheetNotation sheet;
        sheet.title = chart.title;
        sheet.chords = jazzlstm::chart_chord_symbols(chart.bars, chart.bars.size());
        const std::string xml = jazzlstm::musicxml_lead_sheet(sheet);
        jazzlstm::write_file_atomically(dir / "tune.musicxml", xml, "jazzlstm.io.write");
        const jazzlstm::MusicXmlTune plain = jazzlstm::read_musicxml_file(dir / "tune.musicxml");
        std::cout << "musicxml consumer: " << plain.measures << " measures, " << plain.chords.size() << " chords";
#ifdef JAZZLSTM_HAVE_MXL
        write_mxl(dir / "tune.mxl", xml);
        const jazzlstm::MusicXmlTune packed = jazzlstm::read_musicxml_file(dir / "tune.mxl");
        std::cout << "; from .mxl " << packed.measures << " measures, " << packed.chords.size() << " chords";
        if (packed.chords.size() != plain.chords.size())
            return 1;
#endif
        std::cout << '\n';
        return plain.chords.size() == 6 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}

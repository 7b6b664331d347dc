// Improvising over a chord chart with the library, in a few lines: train on a MIDI file's solo,
// parse the changes, play them four times with a walking bass and drums, and write the MIDI file
// and the MusicXML lead sheet. Usage: library_changes IN.mid OUT (writes OUT.mid, OUT.musicxml)
#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/jazzlstm.hpp>

#include <iostream>
#include <random>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 3) { std::cerr << "usage: library_changes IN.mid OUT\n"; return 2; }
    const std::string out = argv[2];
    try {
        const jazzlstm::TrainingRun run = jazzlstm::train_solo_model({ jazzlstm::load_corpus(argv[1]) }, {});
        const jazzlstm::ChordChart chart = jazzlstm::parse_chord_chart("key C\n| Dm7 G7 | Cmaj7 | Em7b5 A7alt | Dm7 G7b9 |");
        const std::vector<jazzlstm::ChartBar> bars = jazzlstm::chart_form(chart, 4);     // the form four times
        const jazzlstm::Solo solo = jazzlstm::improvise(run.model, jazzlstm::chord_groups(bars), {});
        jazzlstm::midi::Score score = jazzlstm::solo_score(solo, 140);                   // solo + voiced chords
        std::mt19937_64 rng(1);
        jazzlstm::add_band_tracks(score, jazzlstm::walking_bass(bars, rng), jazzlstm::swing_drums(bars.size()));
        jazzlstm::midi::write_file(jazzlstm::midi::from_score(score), out + ".mid");
        jazzlstm::LeadSheetNotation sheet = jazzlstm::solo_lead_sheet(solo, bars, true); // with a chord part
        sheet.tempo = 140;
        jazzlstm::write_file_atomically(out + ".musicxml", jazzlstm::musicxml_lead_sheet(sheet), "jazzlstm.io.write");
        std::cout << solo.melody.size() << " notes and rests over " << bars.size() << " bars of changes in "
                  << out << ".mid, " << score.tracks.size() << " tracks, and " << out << ".musicxml\n";
    } catch (const jazzlstm::error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}

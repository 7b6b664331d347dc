// Fuzz target: the grammar (grammar.hpp).
//
// Text mode (first byte not 0x01): the bytes are a token string for parse_tokens. Every token it
// accepts must format, parse again and format to the same text (format∘parse is idempotent), be
// canonical in that form, and the accepted sequence must render over a chord with render_group
// (rejections there must be jazzlstm errors too).
// Measure mode (first byte 0x01): the bytes build a measure of notes and rests plus chords for
// parse_measure; every token it writes must be canonical and parse back to the same type.
#include "fuzz_support.hpp"

#include <jazzlstm/music/grammar.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace jazzlstm;

void check_token_text(const std::string& text)
{
    Token parsed;
    fuzz::must_succeed("parse_token(format_token(t))", [&] { parsed = parse_token(text); });
    fuzz::require(format_token(parsed) == text, "format(parse(format(t))) == format(t)");
    fuzz::require(is_canonical_token(text), "a formatted token is canonical");
}

void text_mode(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<Token> tokens = parse_tokens(text);
    for (const Token& token : tokens)
        check_token_text(format_token(token));
    if (tokens.size() > 256)
        return; // rendering is linear; the cap only keeps each input fast
    std::mt19937 rng(1234);
    const std::vector<Chord> chords = { { 0, 48, { 60, 64, 67, 70 } }, { 24, 24, { 65, 69, 72 } } };
    const auto notes = render_group(tokens, chords, rng);
    for (const auto& note : notes)
        fuzz::require(note.is_rest || (note.midi >= 0 && note.midi <= 127), "rendered notes stay in MIDI range");
}

void measure_mode(const std::uint8_t* data, std::size_t size)
{
    // Bytes in triples: (kind, duration, pitch). kind bit 0: rest; bit 1: starts a chord instead.
    std::vector<MelodyElement> elements;
    std::vector<Chord> chords;
    ticks12 offset = 0;
    for (std::size_t i = 0; i + 3 <= size; i += 3) {
        const int kind = data[i], duration = data[i + 1] % 97, pitch = data[i + 2] & 0x7F;
        if (kind & 2) {
            Chord chord;
            chord.offset = offset - (kind >> 2) % 24;
            chord.duration = duration;
            for (int k = 0; k < 1 + (kind >> 5); ++k)
                chord.pitches.push_back((pitch + 4 * k) & 0x7F);
            chords.push_back(chord);
            continue;
        }
        MelodyElement e;
        e.offset = offset;
        e.duration = duration;
        e.is_rest = kind & 1;
        e.midi = pitch;
        elements.push_back(e);
        offset += duration;
    }
    const auto parsed = parse_measure_detailed(elements, chords);
    fuzz::require(parsed.size() == elements.size(), "one token per element");
    for (std::size_t k = 0; k < parsed.size(); ++k) {
        check_token_text(parsed[k].text);
        fuzz::require((parsed[k].token.type == 'R') == elements[k].is_rest, "rests and only rests give R tokens");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return fuzz::guarded([&] {
        if (size > 0 && data[0] == 0x01)
            measure_mode(data + 1, size - 1);
        else
            text_mode(data, size);
    });
}

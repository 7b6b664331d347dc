// A written chord symbol and its parser (standard library only): the jazz vocabulary of lead
// sheets and chord charts, in both the "m / -" and "maj / Δ" spellings, with extensions,
// alterations, additions and slash basses. Each symbol keeps what a notation program needs to
// write it back: the spelled root and bass, the MusicXML kind and its degree alterations, and the
// chord degree of every tone (so notes over it can be spelled for the chord).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace jazzlstm {

/// One tone of a chord: semitones above the root (extensions above the octave: 9 = 14) and its
/// chord degree (1, 3, 5, 7, 9, 11, 13; 2 / 4 for sus chords, 6 for sixth chords).
struct ChordTone {
    int semitones = 0;
    int degree = 1;
};

/// A MusicXML `<degree>`: a tone the `kind` does not state. `type` is "add", "alter" or "subtract";
/// `alter` is relative to the major scale degree (b9 = 9, -1).
struct ChordDegree {
    int value = 0;
    int alter = 0;
    std::string type;
};

/// A parsed chord symbol.
struct ChordSymbol {
    int root = 0;                     ///< pitch class of the root
    SpelledPitch root_spelling;       ///< as written (Bb, not A#); octave unused
    int bass = -1;                    ///< pitch class of a slash bass, -1 when none
    SpelledPitch bass_spelling;
    std::string suffix;               ///< canonical spelling after the root: "m7", "7b9", "maj7#11", "ø7"
    std::string kind;                 ///< MusicXML kind value: "minor-seventh", "dominant", ...
    std::vector<ChordDegree> degrees; ///< MusicXML degrees beyond the kind
    std::vector<ChordTone> tones;     ///< root first, ascending

    /// The canonical name: root + suffix (+ "/" + bass): "Dm7", "G7b9", "C/E".
    std::string name() const
    {
        std::string out = root_spelling.name(PitchNotation::lead_sheet) + suffix;
        if (bass >= 0)
            out += "/" + bass_spelling.name(PitchNotation::lead_sheet);
        return out;
    }
    /// Semitones above the root of every tone, ascending. Allocates: yes.
    std::vector<int> intervals() const
    {
        std::vector<int> out;
        for (const auto& t : tones)
            out.push_back(t.semitones);
        return out;
    }
    /// Bit k set when pitch class k sounds (the bass included). Allocates: no.
    unsigned pitch_class_mask() const noexcept
    {
        unsigned mask = 0;
        for (const auto& t : tones)
            mask |= 1u << detail::floor_mod(root + t.semitones, 12);
        if (bass >= 0)
            mask |= 1u << bass;
        return mask;
    }
};

namespace detail {

    inline bool eat(std::string_view& s, std::string_view prefix)
    {
        if (s.substr(0, prefix.size()) != prefix)
            return false;
        s.remove_prefix(prefix.size());
        return true;
    }

    /// Reads a note name (letter and one optional # or b) at the front of `s`.
    inline bool eat_note(std::string_view& s, SpelledPitch& out)
    {
        if (s.empty())
            return false;
        const auto letter = letter_names.find(s[0]);
        if (letter == std::string_view::npos)
            return false;
        out = SpelledPitch { static_cast<int>(letter), 0, 4 };
        s.remove_prefix(1);
        if (!s.empty() && (s[0] == '#' || s[0] == 'b')) {
            out.alter = s[0] == '#' ? 1 : -1;
            s.remove_prefix(1);
        } else if (eat(s, "\xE2\x99\xAF")) { // ♯
            out.alter = 1;
        } else if (eat(s, "\xE2\x99\xAD")) { // ♭
            out.alter = -1;
        }
        return true;
    }

    enum class ChordQualityWord { major, minor, diminished, augmented, half_diminished, power };

    inline void set_tone(std::vector<ChordTone>& tones, int degree, int semitones)
    {
        tones.erase(std::remove_if(tones.begin(), tones.end(), [&](const ChordTone& t) { return t.degree == degree; }), tones.end());
        tones.push_back({ semitones, degree });
    }
    inline void drop_tone(std::vector<ChordTone>& tones, int degree)
    {
        tones.erase(std::remove_if(tones.begin(), tones.end(), [&](const ChordTone& t) { return t.degree == degree; }), tones.end());
    }
    inline bool has_tone(const std::vector<ChordTone>& tones, int degree)
    {
        return std::any_of(tones.begin(), tones.end(), [&](const ChordTone& t) { return t.degree == degree; });
    }

} // namespace detail

/// Parses a chord symbol as lead sheets write it. The vocabulary (docs/charts.md):
///   qualities  C  Cm C- Cmin Cmi  Cdim Co C°  Caug C+  Cø Ch (half-diminished)  C5 (power)
///   sixths and sevenths  C6 C6/9 C69 Cm6  C7  Cmaj7 CM7 CΔ CΔ7 C^7  Cm7 C-7  Cm(maj7) CmMaj7 C-Δ7
///              Cdim7 Co7 C°7  C+7 Caug7 C7#5  C+maj7  Cm7b5 C-7b5 Cø7
///   extensions C9 C11 C13 Cmaj9 Cmaj13 Cm9 Cm11 Cm13 (a ninth implies the seventh, and so on)
///   alterations and additions, also in parentheses: b5 #5 b9 #9 #11 b13 (♭ ♯ and + - too),
///              add9 add11 add13 add2 add4, sus sus4 sus2, alt (7alt = b9 #9 #5)
///   slash chords  C/E  Dm7/G  F/A  (any note name after the last "/")
/// Allocates: yes.
/// @throws parse_error `jazzlstm.leadsheet.chord` naming the symbol when it is not understood.
inline ChordSymbol parse_chord_symbol(const std::string& symbol)
{
    using detail::eat;
    auto fail = [&]() -> ChordSymbol {
        error_context context;
        context.token = symbol;
        throw parse_error("jazzlstm.leadsheet.chord",
            "unknown chord symbol (see docs/charts.md for the chord vocabulary)", context);
    };
    std::string_view s = symbol;
    ChordSymbol out;
    if (!detail::eat_note(s, out.root_spelling))
        return fail();
    out.root = out.root_spelling.pitch_class();

    // A slash bass: the last "/" followed by a note name that ends the symbol (6/9 is not one).
    const std::size_t slash = s.rfind('/');
    if (slash != std::string_view::npos) {
        std::string_view bass = s.substr(slash + 1);
        SpelledPitch spelled;
        if (detail::eat_note(bass, spelled)) {
            if (!bass.empty())
                return fail();
            out.bass_spelling = spelled;
            out.bass = spelled.pitch_class();
            s = s.substr(0, slash);
        }
    }

    using Q = detail::ChordQualityWord;
    Q quality = Q::major;
    bool major_seventh = false;
    auto eat_major_marker = [&](std::string_view& t) {
        // "ma" only before a number: "madd9" is minor add 9
        const bool ma_number = t.size() > 2 && t.substr(0, 2) == "ma" && t[2] >= '0' && t[2] <= '9';
        return eat(t, "maj") || eat(t, "Maj") || (ma_number && eat(t, "ma")) || eat(t, "M") || eat(t, "\xCE\x94") /* Δ */
            || eat(t, "^");
    };
    if (s == "maj" || s == "M")
        s = {}; // "Cmaj", "CM": the major triad
    else if (eat_major_marker(s))
        major_seventh = true;
    else if (eat(s, "min") || eat(s, "mi") || eat(s, "m") || eat(s, "-"))
        quality = Q::minor;
    else if (eat(s, "dim") || eat(s, "o") || eat(s, "\xC2\xB0") /* ° */)
        quality = Q::diminished;
    else if (eat(s, "aug") || eat(s, "+"))
        quality = Q::augmented;
    else if (eat(s, "\xC3\xB8") /* ø */ || eat(s, "\xC3\x98") /* Ø */ || eat(s, "h"))
        quality = Q::half_diminished;
    if (quality == Q::minor || quality == Q::augmented) {
        // m(maj7), mMaj7, m/maj7, -Δ7, +maj7 (a closing parenthesis is skipped with the modifiers)
        std::string_view t = s;
        if (!eat(t, "("))
            eat(t, "/");
        if (eat_major_marker(t)) {
            major_seventh = true;
            s = t;
        }
    }

    // The number: 5 (power), 6, 6/9, 69, 7, 9, 11, 13.
    int number = 0;
    bool six_nine = false;
    if (quality == Q::major && !major_seventh && s == "5") {
        quality = Q::power;
        s = {};
    } else if (eat(s, "13")) {
        number = 13;
    } else if (eat(s, "11")) {
        number = 11;
    } else if (eat(s, "69") || eat(s, "6/9")) {
        number = 6;
        six_nine = true;
    } else if (eat(s, "6")) {
        number = 6;
    } else if (eat(s, "7")) {
        number = 7;
    } else if (eat(s, "9")) {
        number = 9;
    }
    if (major_seventh && number == 0)
        number = 7; // CΔ, C^ mean Cmaj7
    if (major_seventh && number == 6)
        return fail();
    if (quality == Q::half_diminished && number == 0)
        number = 7;
    // A sixth belongs to a major or minor triad; "Cø6" would drop the minor seventh that ø names.
    if (number == 6 && quality != Q::major && quality != Q::minor)
        return fail();
    if (quality == Q::power && number != 0)
        return fail();

    std::vector<ChordTone>& tones = out.tones;
    tones.push_back({ 0, 1 });
    switch (quality) {
    case Q::major: tones.push_back({ 4, 3 }), tones.push_back({ 7, 5 }); break;
    case Q::minor: tones.push_back({ 3, 3 }), tones.push_back({ 7, 5 }); break;
    case Q::diminished: tones.push_back({ 3, 3 }), tones.push_back({ 6, 5 }); break;
    case Q::augmented: tones.push_back({ 4, 3 }), tones.push_back({ 8, 5 }); break;
    case Q::half_diminished: tones.push_back({ 3, 3 }), tones.push_back({ 6, 5 }); break;
    case Q::power: tones.push_back({ 7, 5 }); break;
    }
    if (number == 6) {
        tones.push_back({ 9, 6 });
        if (six_nine)
            tones.push_back({ 14, 9 });
    } else if (number >= 7) {
        const int seventh = major_seventh ? 11 : quality == Q::diminished ? 9 : 10;
        tones.push_back({ seventh, 7 });
        if (number >= 9)
            tones.push_back({ 14, 9 });
        // A major or dominant 13th leaves out the 11th (it clashes with the 3rd); a minor one keeps it.
        if (number == 11 || (number == 13 && quality == Q::minor))
            tones.push_back({ 17, 11 });
        if (number == 13)
            tones.push_back({ 21, 13 });
    }

    // Alterations, additions and suspensions, optionally in parentheses, separated by , or space.
    bool sus = false, altered = false;
    int alter5 = 0;
    bool flat9 = false, sharp9 = false, sharp11 = false, flat13 = false;
    std::vector<int> added;
    int sus_degree = 0;
    while (!s.empty()) {
        if (eat(s, "(") || eat(s, ")") || eat(s, ",") || eat(s, " "))
            continue;
        auto sign = [&]() -> int {
            if (eat(s, "b") || eat(s, "-") || eat(s, "\xE2\x99\xAD"))
                return -1;
            if (eat(s, "#") || eat(s, "+") || eat(s, "\xE2\x99\xAF"))
                return 1;
            return 0;
        };
        if (eat(s, "alt")) {
            if (number < 7 || major_seventh || quality != Q::major)
                return fail();
            altered = true;
            continue;
        }
        if (eat(s, "add")) {
            if (eat(s, "13"))
                added.push_back(13);
            else if (eat(s, "11") || eat(s, "4"))
                added.push_back(11);
            else if (eat(s, "9") || eat(s, "2"))
                added.push_back(9);
            else
                return fail();
            continue;
        }
        if (eat(s, "sus")) {
            sus_degree = eat(s, "2") ? 2 : (eat(s, "4"), 4);
            sus = true;
            continue;
        }
        if (eat(s, "no3")) {
            return fail(); // not in the vocabulary: say so rather than guess
        }
        const int sg = sign();
        if (sg == 0)
            return fail();
        if (eat(s, "13")) {
            if (sg > 0)
                return fail(); // #13 is the b7
            flat13 = true;
        } else if (eat(s, "11")) {
            if (sg < 0)
                return fail(); // b11 is the 3rd
            sharp11 = true;
        } else if (eat(s, "9"))
            (sg < 0 ? flat9 : sharp9) = true;
        else if (eat(s, "5"))
            alter5 = sg;
        else
            return fail();
    }
    if (quality == Q::power && (sus || alter5 || flat9 || sharp9 || sharp11 || flat13 || !added.empty()))
        return fail();
    if ((flat9 || sharp9 || sharp11 || flat13) && number < 7 && number != 6)
        return fail(); // "Cb9" without a seventh is not a jazz symbol; write C7b9 or Cadd(b9)

    // Canonical forms of the common spellings: m7b5 = ø7, 7#5 = +7.
    if (quality == Q::minor && number == 7 && !major_seventh && alter5 < 0) {
        quality = Q::half_diminished;
        alter5 = 0;
        detail::set_tone(tones, 5, 6);
    }
    if (quality == Q::major && number >= 7 && !major_seventh && alter5 > 0 && !altered) {
        quality = Q::augmented;
        alter5 = 0;
        detail::set_tone(tones, 5, 8);
    }
    if (altered) {
        alter5 = 1;
        flat9 = sharp9 = true;
    }
    if (alter5)
        detail::set_tone(tones, 5, 7 + alter5);
    if (flat9 || sharp9)
        detail::drop_tone(tones, 9);
    if (flat9)
        tones.push_back({ 13, 9 });
    if (sharp9)
        tones.push_back({ 15, 9 });
    if (sharp11)
        detail::set_tone(tones, 11, 18);
    if (flat13)
        detail::set_tone(tones, 13, 20);
    for (int a : added)
        if (!detail::has_tone(tones, a))
            tones.push_back({ a == 9 ? 14 : a == 11 ? 17 : 21, a });
    if (sus) {
        if (quality != Q::major)
            return fail();
        detail::set_tone(tones, 3, sus_degree == 2 ? 2 : 5);
        for (auto& t : tones)
            if (t.degree == 3)
                t.degree = sus_degree;
    }
    std::sort(tones.begin(), tones.end(), [](const ChordTone& a, const ChordTone& b) { return a.semitones < b.semitones; });

    // The canonical suffix and the MusicXML kind.
    std::string& sx = out.suffix;
    std::string& kind = out.kind;
    auto& degrees = out.degrees;
    const char* quality_text = quality == Q::minor ? "m" : quality == Q::diminished ? "dim" : quality == Q::augmented ? "+"
        : quality == Q::half_diminished                                           ? "ø"
                                                                                  : "";
    const int ext = number >= 9 ? number : 0; // 9, 11 or 13
    // A kind without extensions of its own (half-diminished, major-minor) adds them as degrees.
    auto add_extensions = [&]() {
        for (int degree : { 9, 11, 13 })
            if (ext >= degree)
                degrees.push_back({ degree, 0, "add" });
    };
    auto ext_kind = [&](const char* family) { return std::string(family) + (ext == 9 ? "-ninth" : ext == 11 ? "-11th" : "-13th"); };
    switch (quality) {
    case Q::power:
        sx = "5";
        kind = "power";
        break;
    case Q::half_diminished:
        sx = ext ? "ø" + std::to_string(ext) : "ø7";
        kind = "half-diminished";
        add_extensions();
        break;
    case Q::diminished:
        sx = number >= 7 ? "dim7" : "dim";
        kind = number >= 7 ? "diminished-seventh" : "diminished";
        if (ext)
            return fail();
        if (number == 6)
            return fail();
        break;
    case Q::augmented:
        if (number == 6)
            return fail();
        if (major_seventh) {
            sx = ext ? "+maj" + std::to_string(ext) : "+maj7";
            kind = "augmented";
            degrees.push_back({ 7, 0, "add" });
        } else {
            sx = number >= 7 ? "+" + std::to_string(ext ? ext : 7) : "+";
            kind = number >= 7 ? "augmented-seventh" : "augmented";
        }
        if (ext >= 9)
            degrees.push_back({ 9, 0, "add" });
        if (ext == 13)
            degrees.push_back({ 13, 0, "add" });
        break;
    case Q::major:
    case Q::minor:
        if (number == 0) {
            sx = quality_text;
            kind = quality == Q::minor ? "minor" : "major";
        } else if (number == 6) {
            sx = std::string(quality_text) + (six_nine ? "6/9" : "6");
            kind = quality == Q::minor ? "minor-sixth" : "major-sixth";
            if (six_nine)
                degrees.push_back({ 9, 0, "add" });
        } else if (major_seventh && quality == Q::minor) {
            sx = "m(maj" + std::to_string(ext ? ext : 7) + ")";
            kind = "major-minor";
            add_extensions();
        } else if (major_seventh) {
            sx = "maj" + std::to_string(ext ? ext : 7);
            kind = ext ? ext_kind("major") : "major-seventh";
        } else {
            sx = std::string(quality_text) + std::to_string(ext ? ext : 7);
            const char* family = quality == Q::minor ? "minor" : "dominant";
            kind = ext ? ext_kind(family) : quality == Q::minor ? "minor-seventh" : "dominant";
        }
        break;
    }
    if (sus) {
        // MusicXML has suspended-second/-fourth triads; a seventh and more are degrees added to them.
        sx += sus_degree == 2 ? "sus2" : "sus4";
        const bool had_seventh = number >= 7;
        kind = sus_degree == 2 ? "suspended-second" : "suspended-fourth";
        degrees.clear();
        if (had_seventh)
            degrees.push_back({ 7, major_seventh ? 0 : -1, "add" });
        if (number == 6)
            degrees.push_back({ 6, 0, "add" });
        if (ext >= 9 || six_nine)
            degrees.push_back({ 9, 0, "add" });
        if (ext == 13)
            degrees.push_back({ 13, 0, "add" });
    }
    const bool kind_has_9 = kind.find("ninth") != std::string::npos || kind.find("11th") != std::string::npos
        || kind.find("13th") != std::string::npos;
    const bool kind_has_11 = kind.find("11th") != std::string::npos || kind.find("13th") != std::string::npos;
    const bool kind_has_13 = kind.find("13th") != std::string::npos;
    if (altered) {
        sx += "alt";
        degrees.push_back({ 5, 1, "alter" });
        degrees.push_back({ 9, -1, kind_has_9 ? "alter" : "add" });
        degrees.push_back({ 9, 1, "add" });
    } else {
        if (alter5) {
            sx += alter5 < 0 ? "b5" : "#5";
            degrees.push_back({ 5, alter5, "alter" });
        }
        if (flat9) {
            sx += "b9";
            degrees.push_back({ 9, -1, kind_has_9 ? "alter" : "add" });
        }
        if (sharp9) {
            sx += "#9";
            degrees.push_back({ 9, 1, kind_has_9 && !flat9 ? "alter" : "add" });
        }
    }
    if (sharp11) {
        sx += "#11";
        degrees.push_back({ 11, 1, kind_has_11 ? "alter" : "add" });
    }
    if (flat13) {
        sx += "b13";
        degrees.push_back({ 13, -1, kind_has_13 ? "alter" : "add" });
    }
    for (int a : added) {
        sx += "add" + std::to_string(a);
        degrees.push_back({ a, 0, "add" });
    }
    // "C" + "b5" would read as Cb5: alterations straight after the root go in parentheses.
    if (!sx.empty() && (sx[0] == 'b' || sx[0] == '#'))
        sx = "(" + sx + ")";
    return out;
}

/// The spelled pitch (letter and alteration) of chord tone `tone` over `chord`'s spelled root:
/// the letter is the degree's, the alteration whatever makes the pitch class right.
/// Allocates: no.
inline SpelledPitch spell_chord_tone(const ChordSymbol& chord, const ChordTone& tone) noexcept
{
    SpelledPitch p;
    p.letter = (chord.root_spelling.letter + (tone.degree - 1)) % 7;
    const int natural = detail::natural_pc[static_cast<std::size_t>(p.letter)];
    const int wanted = detail::floor_mod(chord.root + tone.semitones, 12);
    int alter = detail::floor_mod(wanted - natural, 12);
    if (alter > 6)
        alter -= 12;
    p.alter = alter;
    return p;
}

} // namespace jazzlstm

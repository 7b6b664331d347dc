// The MusicXML elements every part of a lead sheet is made of (standard library only): a
// <note> (pitch or rest, tie, triplet, beam, voice and staff) and the opening of a <measure>
// with the first measure's attributes.
#pragma once

#include <jazzlstm/music/musicxml/notation.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>

namespace jazzlstm {

namespace detail {

    /// Appends the <note> element of `n` (a rest when `pitch` is null). `chord_member` marks the
    /// second and later notes of a chord, which share the first one's time.
    inline void append_note(std::string& x, const NotatedNote& n, const SpelledPitch* pitch, bool chord_member, bool whole_rest,
        int voice, int staff, const char* beam)
    {
        x += "      <note>";
        if (chord_member)
            x += "<chord/>";
        if (!pitch) {
            x += whole_rest ? "<rest measure=\"yes\"/>" : "<rest/>";
        } else {
            x += "<pitch><step>";
            x += letter_names[static_cast<std::size_t>(pitch->letter)];
            x += "</step>";
            if (pitch->alter)
                x += "<alter>" + std::to_string(pitch->alter) + "</alter>";
            x += "<octave>" + std::to_string(pitch->octave) + "</octave></pitch>";
        }
        x += "<duration>" + std::to_string(n.duration) + "</duration>";
        if (n.tie_stop)
            x += "<tie type=\"stop\"/>";
        if (n.tie_start)
            x += "<tie type=\"start\"/>";
        x += "<voice>" + std::to_string(voice) + "</voice>";
        if (!whole_rest) {
            x += "<type>" + std::string(n.type) + "</type>";
            for (int d = 0; d < n.dots; ++d)
                x += "<dot/>";
        }
        if (n.triplet)
            x += "<time-modification><actual-notes>3</actual-notes><normal-notes>2</normal-notes></time-modification>";
        if (staff > 0)
            x += "<staff>" + std::to_string(staff) + "</staff>";
        if (beam)
            x += "<beam number=\"1\">" + std::string(beam) + "</beam>";
        // A chord's tuplet bracket belongs to its first note only.
        const bool tuplet = !chord_member && (n.tuplet_start || n.tuplet_stop);
        if (n.tie_start || n.tie_stop || tuplet) {
            x += "<notations>";
            if (n.tie_stop)
                x += "<tied type=\"stop\"/>";
            if (n.tie_start)
                x += "<tied type=\"start\"/>";
            if (!chord_member && n.tuplet_start)
                x += "<tuplet type=\"start\" bracket=\"yes\"/>";
            if (!chord_member && n.tuplet_stop)
                x += "<tuplet type=\"stop\"/>";
            x += "</notations>";
        }
        x += "</note>\n";
    }

    /// Opens measure `m` (0-based); the first also gets the attributes: divisions, key, 4/4 and
    /// the clefs (treble; with `grand_staff` treble and bass on two staves).
    inline void open_measure(std::string& x, std::size_t m, int key_fifths, bool grand_staff)
    {
        char buf[400];
        std::snprintf(buf, sizeof buf, "    <measure number=\"%zu\">\n", m + 1);
        x += buf;
        if (m != 0)
            return;
        std::snprintf(buf, sizeof buf,
            "      <attributes><divisions>%d</divisions><key><fifths>%d</fifths></key>"
            "<time><beats>4</beats><beat-type>4</beat-type></time>%s</attributes>\n",
            static_cast<int>(twelfths_per_quarter), std::clamp(key_fifths, -7, 7),
            grand_staff ? "<staves>2</staves><clef number=\"1\"><sign>G</sign><line>2</line></clef>"
                          "<clef number=\"2\"><sign>F</sign><line>4</line></clef>"
                        : "<clef><sign>G</sign><line>2</line></clef>");
        x += buf;
    }

} // namespace detail

} // namespace jazzlstm

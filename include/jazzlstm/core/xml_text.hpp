// Text for XML and SVG documents: the characters markup gives a meaning to, escaped. The MusicXML
// writer and the program's SVG pictures both put names from MIDI files and charts into markup.
#pragma once

#include <string>

namespace jazzlstm::detail {

/// `text` with &, <, > and " escaped, for element content and double-quoted attributes.
/// Allocates: the result.
inline std::string xml_escape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace jazzlstm::detail

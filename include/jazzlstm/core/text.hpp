// Text from files that say nothing of their encoding (standard library only).
//
// A MIDI track name is bytes: most files use ASCII or UTF-8, older ones Latin-1 (a Café track
// is 43 61 66 E9), and a path on Linux may be any bytes at all. JSON and the SVG writer need
// UTF-8, so such text goes through utf8_text() first: valid UTF-8 is kept as it is, anything
// else is read as Latin-1, where every byte is a character and nothing is lost or refused.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jazzlstm {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
/// Allocates: no.
inline bool is_utf8(std::string_view text) noexcept
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned c = p[i];
        std::size_t length = 0;
        unsigned low = 0x80, high = 0xBF; // range of the second byte
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            if (c == 0xF4)
                high = 0x8F;
        } else {
            return false;
        }
        if (i + length > n || p[i + 1] < low || p[i + 1] > high)
            return false;
        for (std::size_t k = 2; k < length; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return false;
        i += length;
    }
    return true;
}

/// `text` as UTF-8: unchanged when it already is, otherwise decoded as Latin-1 (ISO 8859-1).
/// Allocates: the result.
inline std::string utf8_text(std::string_view text)
{
    if (is_utf8(text))
        return std::string(text);
    std::string out;
    out.reserve(text.size() * 2);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

} // namespace jazzlstm

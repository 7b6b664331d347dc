// Writing Standard MIDI Files (standard library only): serialize a File to bytes, write_file
// to disk atomically. The writer refuses whatever the reader would refuse.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi/events.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::midi {

namespace detail {

    inline void put_vlq(std::vector<std::uint8_t>& out, std::uint32_t value)
    {
        std::uint8_t bytes[4];
        int n = 0;
        do {
            bytes[n++] = static_cast<std::uint8_t>(value & 0x7Fu);
            value >>= 7;
        } while (value != 0 && n < 4);
        while (n > 1)
            out.push_back(static_cast<std::uint8_t>(bytes[--n] | 0x80u));
        out.push_back(bytes[0]);
    }

    inline void put_be32(std::vector<std::uint8_t>& out, std::uint32_t value)
    {
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>((value >> shift) & 0xFFu));
    }

    inline void put_be16(std::vector<std::uint8_t>& out, unsigned value)
    {
        out.push_back(static_cast<std::uint8_t>((value >> 8) & 0xFFu));
        out.push_back(static_cast<std::uint8_t>(value & 0xFFu));
    }

    /// Checks one event the way the reader would and appends it without running status.
    inline void put_event(std::vector<std::uint8_t>& out, const Event& event, int track, std::size_t index)
    {
        const std::uint8_t status = event.status;
        if (event.is_channel()) {
            const auto count = static_cast<std::size_t>(channel_data_bytes(status));
            if (event.data.size() != count)
                bad_input("jazzlstm.midi.bad_event", "channel message " + hex_byte(status) + " needs " + std::to_string(count)
                        + " data bytes, has " + std::to_string(event.data.size()),
                    track, index);
            out.push_back(status);
            for (std::uint8_t byte : event.data) {
                if (byte & 0x80u)
                    bad_input("jazzlstm.midi.bad_event", "data byte " + hex_byte(byte) + " is above 0x7F", track, index);
                out.push_back(byte);
            }
            return;
        }
        if (status != 0xFF && status != 0xF0 && status != 0xF7)
            bad_input("jazzlstm.midi.bad_event", "status " + hex_byte(status) + " cannot be written", track, index);
        if (event.data.size() > max_vlq)
            bad_input("jazzlstm.midi.bad_event", "payload of " + std::to_string(event.data.size()) + " bytes exceeds a VLQ", track, index);
        out.push_back(status);
        if (status == 0xFF) {
            if (const char* problem = meta_problem(event.meta_type, event.data))
                bad_input("jazzlstm.midi.bad_event", problem, track, index);
            out.push_back(event.meta_type);
        }
        put_vlq(out, static_cast<std::uint32_t>(event.data.size()));
        out.insert(out.end(), event.data.begin(), event.data.end());
    }

} // namespace detail

/// Encodes a File as SMF bytes: deltas from absolute ticks, no running status, and exactly one
/// end-of-track per track (input end-of-track events are dropped; one is appended at the last tick).
/// Allocates: the output vector.
/// @throws argument_error jazzlstm.midi.bad_file (format, track count, ticks per quarter),
///         jazzlstm.midi.unsorted (ticks decrease or a delta exceeds 0x0FFFFFFF),
///         jazzlstm.midi.bad_event (anything the reader would refuse); context: track, event index.
inline std::vector<std::uint8_t> serialize(const File& file)
{
    if (file.format != 0 && file.format != 1)
        detail::bad_input("jazzlstm.midi.bad_file", "format " + std::to_string(file.format) + " cannot be written (0 or 1 only)");
    if (file.tracks.empty())
        detail::bad_input("jazzlstm.midi.bad_file", "a file needs at least one track");
    if (file.tracks.size() > 0xFFFF)
        detail::bad_input("jazzlstm.midi.bad_file", std::to_string(file.tracks.size()) + " tracks exceed 65535");
    if (file.format == 0 && file.tracks.size() != 1)
        detail::bad_input("jazzlstm.midi.bad_file", "format 0 needs exactly one track");
    if (file.ticks_per_quarter < 1 || file.ticks_per_quarter > 0x7FFF)
        detail::bad_input("jazzlstm.midi.bad_file", "ticks per quarter " + std::to_string(file.ticks_per_quarter) + " outside 1..32767");

    std::vector<std::uint8_t> out;
    out.insert(out.end(), { 'M', 'T', 'h', 'd' });
    detail::put_be32(out, 6);
    detail::put_be16(out, static_cast<unsigned>(file.format));
    detail::put_be16(out, static_cast<unsigned>(file.tracks.size()));
    detail::put_be16(out, static_cast<unsigned>(file.ticks_per_quarter));

    std::vector<std::uint8_t> body;
    for (std::size_t t = 0; t < file.tracks.size(); ++t) {
        const int track = static_cast<int>(t);
        body.clear();
        std::uint64_t last = 0;
        const auto& events = file.tracks[t].events;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& event = events[i];
            if (event.tick < last)
                detail::bad_input("jazzlstm.midi.unsorted", "tick " + std::to_string(event.tick) + " after tick " + std::to_string(last),
                    track, i);
            if (event.tick - last > max_vlq)
                detail::bad_input("jazzlstm.midi.unsorted", "delta of " + std::to_string(event.tick - last) + " ticks exceeds 0x0FFFFFFF",
                    track, i);
            if (event.is_end_of_track()) {
                // Its tick still counts, so a track keeps its length; its bytes are not written.
                if (!event.data.empty())
                    detail::bad_input("jazzlstm.midi.bad_event", "end-of-track meta event with a payload", track, i);
                continue;
            }
            detail::put_vlq(body, static_cast<std::uint32_t>(event.tick - last));
            last = event.tick;
            detail::put_event(body, event, track, i);
        }
        std::uint64_t end_tick = last;
        for (const Event& event : events)
            end_tick = std::max(end_tick, event.tick);
        if (end_tick - last > max_vlq)
            detail::bad_input("jazzlstm.midi.unsorted", "end-of-track delta exceeds 0x0FFFFFFF", track);
        detail::put_vlq(body, static_cast<std::uint32_t>(end_tick - last));
        body.insert(body.end(), { 0xFF, meta_end_of_track, 0x00 });
        if (body.size() > 0xFFFFFFFFu)
            detail::bad_input("jazzlstm.midi.bad_file", "track chunk longer than 4 GiB", track);
        out.insert(out.end(), { 'M', 'T', 'r', 'k' });
        detail::put_be32(out, static_cast<std::uint32_t>(body.size()));
        out.insert(out.end(), body.begin(), body.end());
    }
    return out;
}

/// Writes serialize(file) to `path` with write_file_atomically (atomic_file.hpp): a temporary file in
/// the same directory is renamed into place only when complete, so a failure never leaves a
/// half-written file at `path` and an existing file there survives.
/// Allocates: the encoded bytes.
/// @throws the errors of serialize(); io_error jazzlstm.midi.write_failed.
inline void write_file(const File& file, const std::filesystem::path& path)
{
    const std::vector<std::uint8_t> bytes = serialize(file);
    write_file_atomically(path, bytes.data(), bytes.size(), "jazzlstm.midi.write_failed");
}

} // namespace jazzlstm::midi

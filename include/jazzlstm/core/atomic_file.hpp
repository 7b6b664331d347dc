// Writing a whole file so that a failure never destroys what was there (standard library only).
//
// Every writer of the library (MIDI files, model files, the CLI's outputs) goes through
// write_file_atomically: the bytes land in a fresh temporary file in the target's directory,
// are flushed to disk, and only a complete file is renamed over the target. A reader therefore
// sees the old file or the new one, never a truncated mix, whatever fails part-way
// (disk full, file-size limit, killed process).
#pragma once

#include <jazzlstm/core/error.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h> // fsync: a renamed file must not be empty after a power cut
#endif

namespace jazzlstm {

namespace detail {

    /// Name of a temporary file beside `path`: `<dir>/.<name>.tmp-<stamp>-<counter>`. The leading
    /// dot hides it from listings; stamp and process-wide counter keep concurrent writers apart,
    /// and the caller creates it exclusively ("x"), so an existing file is never reused.
    inline std::filesystem::path atomic_temporary_path(const std::filesystem::path& path)
    {
        static std::atomic<unsigned> counter { 0 };
        const auto stamp = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
        const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
        return directory
            / ("." + path.filename().string() + ".tmp-" + std::to_string(stamp % 1000000007ull) + "-"
                + std::to_string(counter.fetch_add(1)));
    }

} // namespace detail

/// Writes `size` bytes to `path` through a temporary file in the same directory (flushed,
/// fsync'ed where available, stream state checked) that is renamed over `path` only when
/// complete. On any failure the temporary file is removed and an existing file at `path` is
/// left untouched.
/// `error_id` is the caller's stable id (e.g. "jazzlstm.midi.write_failed"), so each writer keeps
/// its own documented id while sharing this one mechanism.
/// Allocates: only for paths and messages.
/// @throws io_error `error_id` (context: the target path) when the temporary file cannot be
///         created, written, flushed or renamed into place.
inline void write_file_atomically(const std::filesystem::path& path, const void* data, std::size_t size, const std::string& error_id)
{
    error_context c;
    c.file = path.string();
    const std::filesystem::path temporary = detail::atomic_temporary_path(path);
    std::FILE* file = std::fopen(temporary.string().c_str(), "wbx");
    if (!file)
        throw io_error(error_id, "cannot create a temporary file in " + temporary.parent_path().string(), c);
    bool ok = size == 0 || std::fwrite(data, 1, size, file) == size;
    ok = std::fflush(file) == 0 && ok;
#if defined(__unix__) || defined(__APPLE__)
    ok = ::fsync(::fileno(file)) == 0 && ok;
#endif
    ok = std::fclose(file) == 0 && ok;
    std::error_code ec;
    if (ok)
        std::filesystem::rename(temporary, path, ec);
    if (!ok || ec) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw io_error(error_id,
            ok ? "cannot move the new file into place: " + ec.message() : std::string("writing the temporary file failed"), c);
    }
}

/// Same for a string's bytes.
inline void write_file_atomically(const std::filesystem::path& path, const std::string& text, const std::string& error_id)
{
    write_file_atomically(path, text.data(), text.size(), error_id);
}

/// Same for a byte vector.
inline void write_file_atomically(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes, const std::string& error_id)
{
    write_file_atomically(path, bytes.data(), bytes.size(), error_id);
}

} // namespace jazzlstm

// Writing output files all-or-nothing: a temporary file beside the target, renamed into place.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// Writes `size` bytes to `path` all-or-nothing with the library's write_file_atomically
/// (atomic_file.hpp: a hidden temporary file beside the target, flushed, renamed into place),
/// so a reader never sees a half-written file and a failed write leaves any previous file untouched.
/// @throws io_error `jazzlstm.io.write` when the file cannot be written or renamed.
inline void write_file_atomic(const std::filesystem::path& path, const void* data, std::size_t size)
{
    write_file_atomically(path, data, size, "jazzlstm.io.write");
}

inline void write_file_atomic(const std::filesystem::path& path, const std::string& text)
{
    write_file_atomic(path, text.data(), text.size());
}

inline void write_file_atomic(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes)
{
    write_file_atomic(path, bytes.data(), bytes.size());
}

} // namespace jazzlstm::app

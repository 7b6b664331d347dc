// Writing output files all-or-nothing: a temporary file beside the target, renamed into place.
#pragma once

#include <jazzlstm/error.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace jazzlstm::app {

/// Writes `size` bytes to `path` through `<path>.tmp` and a rename, so a reader
/// never sees a half-written file and a failed write leaves any previous file untouched.
/// @throws io_error `jazzlstm.io.write` when the file cannot be written or renamed.
inline void write_file_atomic(const std::filesystem::path& path, const void* data, std::size_t size)
{
    namespace fs = std::filesystem;
    fs::path tmp = path;
    tmp += ".tmp";
    error_context context;
    context.file = path.string();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw io_error("jazzlstm.io.write", "cannot create the temporary file " + tmp.string(), context);
        out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ignored;
            fs::remove(tmp, ignored);
            throw io_error("jazzlstm.io.write", "write failed (disk full?)", context);
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw io_error("jazzlstm.io.write", "cannot rename into place: " + ec.message(), context);
    }
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

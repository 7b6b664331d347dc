// Compressed MusicXML (.mxl) in: the score document inside the zip container, through libzip
// (Debian libzip-dev), part of the optional jazzlstm::musicxml component when libzip is found.
// The container's META-INF/container.xml names the score (its first <rootfile>); an archive
// without one is read by its first .musicxml / .xml entry outside META-INF, as MuseScore does.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>

#include <pugixml.hpp>
#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace jazzlstm {

namespace detail {

    [[noreturn]] inline void mxl_fail(const std::string& file, const std::string& entry, const std::string& what)
    {
        error_context context;
        context.file = file;
        context.token = entry.empty() ? "" : "entry " + entry;
        throw parse_error("jazzlstm.musicxml.archive", what + "; re-export the score, or save it uncompressed as .musicxml", context);
    }

    struct ZipCloser {
        void operator()(zip_t* archive) const noexcept { zip_discard(archive); } // read-only: nothing to write back
    };
    struct ZipFileCloser {
        void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
    };

    /// The bytes of one entry, read in pieces and refused past `max_bytes`: the size in the
    /// archive's directory is not trusted, so a zip bomb stops at the cap, not at its claim.
    inline std::string read_zip_entry(zip_t* archive, zip_uint64_t index, const std::string& file, std::size_t max_bytes)
    {
        const char* raw_name = zip_get_name(archive, index, 0);
        const std::string name = raw_name ? raw_name : "";
        std::unique_ptr<zip_file_t, ZipFileCloser> entry(zip_fopen_index(archive, index, 0));
        if (!entry)
            mxl_fail(file, name, std::string("the entry cannot be opened (") + zip_strerror(archive) + ")");
        std::string bytes;
        char piece[1 << 16];
        for (;;) {
            const zip_int64_t got = zip_fread(entry.get(), piece, sizeof piece);
            if (got < 0)
                mxl_fail(file, name, std::string("the entry is damaged (") + zip_file_strerror(entry.get()) + ")");
            if (got == 0)
                break;
            if (bytes.size() + static_cast<std::size_t>(got) > max_bytes)
                mxl_fail(file, name, "the entry unpacks to more than " + std::to_string(max_bytes >> 20) + " MiB");
            bytes.append(piece, static_cast<std::size_t>(got));
        }
        return bytes;
    }

    inline bool has_score_extension(const std::string& name)
    {
        auto ends_with = [&](const std::string& tail) {
            return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
        };
        return ends_with(".musicxml") || ends_with(".xml");
    }

} // namespace detail

/// The MusicXML document inside the compressed file `path`, and (in `entry_name`, when given) the
/// archive entry it came from. Reads at most `max_bytes` from any entry. Allocates: yes.
/// @throws io_error `jazzlstm.musicxml.read` when the file cannot be opened; parse_error
///         `jazzlstm.musicxml.archive` (context: the file, and the entry) when it is not a zip
///         archive, its container.xml is malformed or names a missing entry, no score is inside, or
///         an entry is damaged or unpacks to more than `max_bytes`.
inline std::string read_mxl_score(const std::filesystem::path& path, std::string* entry_name = nullptr,
    std::size_t max_bytes = limits::max_midi_bytes)
{
    const std::string file = path.string();
    int code = 0;
    std::unique_ptr<zip_t, detail::ZipCloser> archive(zip_open(file.c_str(), ZIP_RDONLY, &code));
    if (!archive) {
        if (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ) {
            error_context context;
            context.file = file;
            throw io_error("jazzlstm.musicxml.read", "cannot open the file", context);
        }
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        detail::mxl_fail(file, "", "not a readable zip archive (" + why + ")");
    }
    zip_t* zip = archive.get();
    std::string score_name;
    const zip_int64_t container = zip_name_locate(zip, "META-INF/container.xml", 0);
    if (container >= 0) {
        const std::string text = detail::read_zip_entry(zip, static_cast<zip_uint64_t>(container), file, max_bytes);
        pugi::xml_document doc;
        if (!doc.load_buffer(text.data(), text.size()))
            detail::mxl_fail(file, "META-INF/container.xml", "the container description is not well-formed XML");
        score_name = doc.child("container").child("rootfiles").child("rootfile").attribute("full-path").value();
        if (score_name.empty())
            detail::mxl_fail(file, "META-INF/container.xml", "the container names no <rootfile full-path>");
    } else {
        const zip_int64_t entries = zip_get_num_entries(zip, 0);
        for (zip_int64_t i = 0; i < entries && score_name.empty(); ++i) {
            const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
            if (name && std::string(name).rfind("META-INF/", 0) != 0 && detail::has_score_extension(name))
                score_name = name;
        }
        if (score_name.empty())
            detail::mxl_fail(file, "", "the archive holds no MusicXML score (no META-INF/container.xml, no .musicxml or .xml entry)");
    }
    const zip_int64_t score = zip_name_locate(zip, score_name.c_str(), 0);
    if (score < 0)
        detail::mxl_fail(file, score_name, "the score the container names is not in the archive");
    if (entry_name)
        *entry_name = score_name;
    return detail::read_zip_entry(zip, static_cast<zip_uint64_t>(score), file, max_bytes);
}

} // namespace jazzlstm

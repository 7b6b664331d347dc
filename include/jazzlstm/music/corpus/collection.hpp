// The corpora of many files (standard library and threads only): the MIDI files a directory
// holds, and their corpora built independently on every core, a file that fails reported with
// its error instead of stopping the others (or, when strict, stopping the run).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/corpus/build.hpp>
#include <jazzlstm/music/corpus/options.hpp>
#include <jazzlstm/music/midi/read.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace jazzlstm {

namespace detail {

    inline std::string lower_extension(const std::filesystem::path& path)
    {
        std::string ext = path.extension().string();
        for (auto& c : ext)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return ext;
    }

} // namespace detail

/// True for the extensions MIDI files go by: .mid, .midi, .kar (karaoke files are SMF), any case.
inline bool is_midi_path(const std::filesystem::path& path)
{
    const std::string ext = detail::lower_extension(path);
    return ext == ".mid" || ext == ".midi" || ext == ".kar";
}

/// True for the extensions MusicXML lead sheets go by: .musicxml, .xml, .mxl (compressed), any case.
inline bool is_musicxml_path(const std::filesystem::path& path)
{
    const std::string ext = detail::lower_extension(path);
    return ext == ".musicxml" || ext == ".xml" || ext == ".mxl";
}

/// The input files `path` stands for: a file is itself (whatever its name); a directory is every
/// MIDI file below it (is_midi_path), and with `musicxml` every MusicXML file too
/// (is_musicxml_path), recursively, sorted by path so runs agree. Directory links are not
/// followed, so a link cycle cannot make the walk endless. The reader for MusicXML is not in this
/// header (it needs pugixml): the caller that passes `musicxml` loads those files itself.
/// @throws io_error `jazzlstm.corpus.no_files` for a path that does not exist, a directory that
///         cannot be read, or one that holds no such file (context: the path).
/// Allocates: the list.
inline std::vector<std::filesystem::path> corpus_files(const std::filesystem::path& path, bool musicxml)
{
    error_context where;
    where.file = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw io_error("jazzlstm.corpus.no_files", "no such file or directory", where);
    if (!std::filesystem::is_directory(status))
        return { path };
    std::vector<std::filesystem::path> files;
    std::filesystem::recursive_directory_iterator it(path, std::filesystem::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec) && (is_midi_path(it->path()) || (musicxml && is_musicxml_path(it->path()))))
            files.push_back(it->path());
    }
    if (ec)
        throw io_error("jazzlstm.corpus.no_files", "the directory cannot be read: " + ec.message(), where);
    if (files.empty())
        throw io_error("jazzlstm.corpus.no_files",
            musicxml ? "the directory holds no .mid, .midi, .kar, .musicxml, .xml or .mxl file"
                     : "the directory holds no .mid, .midi or .kar file",
            where);
    std::sort(files.begin(), files.end());
    return files;
}

/// The MIDI files `path` stands for (corpus_files without MusicXML).
/// @throws io_error `jazzlstm.corpus.no_files` as corpus_files.
inline std::vector<std::filesystem::path> midi_files(const std::filesystem::path& path) { return corpus_files(path, false); }

namespace detail {

    /// The exception `e` again, of the same type, with `file` in its context when it names no
    /// file (the corpus pipeline works on bytes and scores and does not know the path).
    template <typename E, typename... Rest>
    std::exception_ptr with_file(const error& e, const std::string& file)
    {
        if (const auto* typed = dynamic_cast<const E*>(&e)) {
            error_context where = typed->context();
            where.file = file;
            return std::make_exception_ptr(E(typed->id(), typed->detail(), std::move(where)));
        }
        if constexpr (sizeof...(Rest) > 0)
            return with_file<Rest...>(e, file);
        else
            return std::make_exception_ptr(error(e.id(), e.detail(), [&] {
                error_context where = e.context();
                where.file = file;
                return where;
            }()));
    }

} // namespace detail

/// A file whose corpus could not be built, and why.
struct CorpusFailure {
    std::string file;
    std::string id;       ///< the error's id (`jazzlstm.midi.*`, `jazzlstm.corpus.*`, ...), or "" for another exception
    std::string message;  ///< the error's what(), naming the file
};

/// The corpora of a list of files, in file order, and the files that gave none.
struct CorpusCollection {
    std::vector<std::string> files;     ///< the files the corpora come from, one per corpus
    std::vector<Corpus> corpora;
    std::vector<CorpusFailure> failures;
    std::size_t tokens = 0;             ///< over all corpora
};

/// How build_corpora runs.
struct CollectionOptions {
    unsigned threads = 0;  ///< 0: every core (std::thread::hardware_concurrency)
    bool strict = false;   ///< the first failing file (in file order) is rethrown instead of reported
};

/// Builds the corpus of every file independently, on several threads. `load(file)` gives the
/// midi::File of a name (midi::read_file for paths); `progress(done, total)` is called after each
/// file, one call at a time, from whichever thread finished it. Failures are collected with their
/// error ids and the file in their context; with `strict` the first one in file order is
/// rethrown once every thread has stopped.
/// @throws with strict, the first error a file gave; otherwise nothing for a file that fails.
/// Allocates: the corpora.
template <typename Load, typename Progress>
CorpusCollection build_corpora(const std::vector<std::string>& files, const CorpusOptions& options, const CollectionOptions& run,
    Load&& load, Progress&& progress)
{
    struct Slot {
        bool ok = false;
        Corpus corpus;
        CorpusFailure failure;
        std::exception_ptr error;
    };
    std::vector<Slot> slots(files.size());
    std::atomic<std::size_t> next { 0 }, done { 0 };
    std::atomic<bool> stop { false };
    std::mutex report;
    const auto work = [&] {
        for (std::size_t i = next++; i < files.size() && !stop; i = next++) {
            Slot& slot = slots[i];
            try {
                slot.corpus = build_corpus(load(files[i]), options);
                slot.ok = true;
            } catch (const error& e) {
                slot.error = e.context().file.empty()
                    ? detail::with_file<argument_error, parse_error, io_error, limit_error, shape_error, numeric_error>(e, files[i])
                    : std::current_exception();
                try {
                    std::rethrow_exception(slot.error);
                } catch (const error& named) {
                    slot.failure = { files[i], named.id(), named.what() };
                }
            } catch (const std::exception& e) {
                slot.failure = { files[i], "", e.what() };
                slot.error = std::current_exception();
            }
            if (!slot.ok && run.strict)
                stop = true;
            const std::size_t finished = ++done;
            const std::lock_guard<std::mutex> lock(report);
            progress(finished, files.size());
        }
    };
    unsigned threads = run.threads ? run.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(files.size(), 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();

    CorpusCollection out;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        Slot& slot = slots[i];
        if (slot.ok) {
            out.tokens += slot.corpus.tokens.size();
            out.files.push_back(files[i]);
            out.corpora.push_back(std::move(slot.corpus));
        } else if (slot.error) {
            if (run.strict)
                std::rethrow_exception(slot.error);
            out.failures.push_back(std::move(slot.failure));
        }
    }
    return out;
}

/// build_corpora reading each file from disk, without progress reports.
inline CorpusCollection build_corpora(const std::vector<std::string>& files, const CorpusOptions& options = {}, const CollectionOptions& run = {})
{
    return build_corpora(
        files, options, run, [](const std::string& f) { return midi::read_file(f); }, [](std::size_t, std::size_t) {});
}

} // namespace jazzlstm

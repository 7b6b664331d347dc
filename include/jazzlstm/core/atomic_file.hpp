// Writing a whole file so that a failure never destroys what was there (standard library and
// POSIX).
//
// Every writer of the library (MIDI files, model files, the CLI's outputs) goes through a
// TemporaryFile: the bytes land in a new file in the target's directory, created exclusively and
// never through a symlink, are flushed to disk, and only a complete file is renamed over the
// target. A reader therefore sees the old file or the new one, never a truncated mix, whatever
// fails part-way (disk full, file-size limit, a signal, a killed process).
//
// Where the system allows it (Linux ≥ 3.11 with /proc) the temporary has no name at all until
// the commit (O_TMPFILE): a process killed by SIGKILL leaves nothing behind. Elsewhere it is a
// hidden unique name `.<name>.tmp-<pid>-<n>-<random>`, created with O_CREAT|O_EXCL|O_NOFOLLOW,
// which a signal handler can remove (remove_pending_temporaries). Writing a set of files all or
// nothing is core/output_set.hpp.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#define JAZZLSTM_POSIX_FILES 1
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace jazzlstm {

namespace detail {

    /// The named temporaries that exist right now, for the code that ends the process on a
    /// signal: fixed slots of pointers to names that stay put until their slot is cleared.
    inline constexpr std::size_t pending_temporary_count = 64;
    inline std::atomic<const char*>* pending_temporary_slots()
    {
        static std::atomic<const char*> slots[pending_temporary_count] = {};
        return slots;
    }

    inline void register_temporary(const char* name) noexcept
    {
        auto* slots = pending_temporary_slots();
        for (std::size_t k = 0; k < pending_temporary_count; ++k) {
            const char* expected = nullptr;
            if (slots[k].compare_exchange_strong(expected, name))
                return;
        }
        // More than 64 named temporaries at once: the extra ones are only removed by their owner.
    }

    /// False when remove_pending_temporaries took the name first (it may still be reading it).
    inline bool unregister_temporary(const char* name) noexcept
    {
        auto* slots = pending_temporary_slots();
        for (std::size_t k = 0; k < pending_temporary_count; ++k) {
            const char* expected = name;
            if (slots[k].compare_exchange_strong(expected, nullptr))
                return true;
        }
        return false;
    }

    /// Held while files are renamed into place; the code that ends the process on a signal
    /// takes it first, so a set being committed is committed whole.
    inline std::recursive_mutex& commit_mutex()
    {
        static std::recursive_mutex mutex;
        return mutex;
    }

    /// `.<name>.tmp-<pid>-<n>-<random>` beside `path`: hidden, and unique across processes (pid),
    /// threads (counter) and reuse of a pid (random), so concurrent writers never meet.
    inline std::filesystem::path atomic_temporary_path(const std::filesystem::path& path)
    {
        static std::atomic<unsigned> counter { 0 };
        std::uint64_t noise = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        try {
            std::random_device device;
            noise ^= (std::uint64_t { device() } << 32) | device();
        } catch (...) {
            // no entropy source: the pid and the counter still keep writers apart
        }
        char suffix[64];
#if defined(JAZZLSTM_POSIX_FILES)
        const long pid = static_cast<long>(::getpid());
#else
        const long pid = 0;
#endif
        std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%u-%08llx", pid, counter.fetch_add(1),
            static_cast<unsigned long long>(noise & 0xFFFFFFFFull));
        const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
        return directory / ("." + path.filename().string() + suffix);
    }

    /// "what: reason" with the system's text for `code` (errno).
    inline std::string with_reason(const std::string& what, int code)
    {
        return code ? what + ": " + std::generic_category().message(code) : what;
    }

} // namespace detail

/// Removes every named temporary file that a TemporaryFile of this process holds right now, for
/// the code that ends the process on SIGINT/SIGTERM (take detail::commit_mutex() first from a
/// thread; from an asynchronous handler this is safe too: unlink only). Unnamed temporaries
/// (O_TMPFILE) vanish with the process by themselves.
inline void remove_pending_temporaries() noexcept
{
    auto* slots = detail::pending_temporary_slots();
    for (std::size_t k = 0; k < detail::pending_temporary_count; ++k) {
        const char* name = slots[k].exchange(nullptr);
#if defined(JAZZLSTM_POSIX_FILES)
        if (name)
            ::unlink(name);
#else
        if (name)
            std::remove(name);
#endif
    }
}

/// A new file that will replace `target` when committed, and is removed otherwise.
///
/// Created in the target's directory (so the final rename stays on one file system), exclusively,
/// never following a symlink, mode 0666 minus the umask. Writes are checked (short writes, EINTR),
/// and every failure is an io_error with the caller's id, the target as context and the system's
/// reason. Not copyable; movable.
class TemporaryFile {
public:
    /// Creates the temporary. Allocates: the names.
    /// @throws io_error `error_id` when it cannot be created (missing or read-only folder, ...).
    TemporaryFile(std::filesystem::path target, std::string error_id)
        : target_(std::move(target))
        , error_id_(std::move(error_id))
    {
        const std::filesystem::path directory = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
#if defined(JAZZLSTM_POSIX_FILES)
#if defined(O_TMPFILE)
        if (::access("/proc/self/fd", X_OK) == 0) {
            fd_ = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
            if (fd_ >= 0)
                return;
            // EOPNOTSUPP / EISDIR / EINVAL: the file system has no unnamed files; use a name.
            if (errno == ENOENT || errno == ENOTDIR || errno == EACCES || errno == EROFS || errno == ENOSPC || errno == EDQUOT)
                fail("cannot create a file in " + directory.string(), errno);
        }
#endif
        for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
            std::filesystem::path name = detail::atomic_temporary_path(target_);
            fd_ = ::open(name.c_str(), O_CREAT | O_EXCL | O_NOFOLLOW | O_RDWR | O_CLOEXEC, 0666);
            if (fd_ >= 0) {
                set_name(name.string());
                return;
            }
            if (errno != EEXIST) // EEXIST: a file (or a planted symlink) holds the name: take another
                break;
        }
        fail("cannot create a temporary file in " + directory.string(), errno);
#else
        const std::filesystem::path name = detail::atomic_temporary_path(target_);
        file_ = std::fopen(name.string().c_str(), "w+bx");
        if (!file_)
            fail("cannot create a temporary file in " + directory.string(), errno);
        set_name(name.string());
#endif
    }

    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    TemporaryFile(TemporaryFile&& other) noexcept { swap(other); }
    TemporaryFile& operator=(TemporaryFile&& other) noexcept
    {
        if (this != &other) {
            discard();
            swap(other);
        }
        return *this;
    }
    ~TemporaryFile() { discard(); }

    const std::filesystem::path& target() const { return target_; }
    const std::string& error_id() const { return error_id_; }
    /// The descriptor (POSIX; -1 elsewhere), e.g. for a child process that fills the file.
    int descriptor() const { return fd_; }

    /// Appends `size` bytes. Allocates: no. @throws io_error with the system's reason.
    void write(const void* data, std::size_t size)
    {
        const auto* bytes = static_cast<const unsigned char*>(data);
#if defined(JAZZLSTM_POSIX_FILES)
        while (size > 0) {
            const ::ssize_t n = ::write(fd_, bytes, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                fail("writing the new file failed", n < 0 ? errno : ENOSPC);
            bytes += n;
            size -= static_cast<std::size_t>(n);
        }
#else
        if (size > 0 && std::fwrite(bytes, 1, size, file_) != size)
            fail("writing the new file failed", errno);
#endif
    }
    void write(const std::string& text) { write(text.data(), text.size()); }
    void write(const std::vector<std::uint8_t>& bytes) { write(bytes.data(), bytes.size()); }

    /// Bytes in the file now (what a child process wrote included). @throws io_error.
    std::uintmax_t size() const
    {
#if defined(JAZZLSTM_POSIX_FILES)
        struct ::stat st {};
        if (::fstat(fd_, &st) != 0)
            fail("cannot read the new file's size", errno);
        return static_cast<std::uintmax_t>(st.st_size);
#else
        const long at = std::ftell(file_);
        std::fseek(file_, 0, SEEK_END);
        const long end = std::ftell(file_);
        std::fseek(file_, at, SEEK_SET);
        return static_cast<std::uintmax_t>(end < 0 ? 0 : end);
#endif
    }

    /// Reads up to `size` bytes at `offset` (to verify what a child wrote). Returns the count.
    std::size_t read_at(std::uintmax_t offset, void* out, std::size_t size) const
    {
#if defined(JAZZLSTM_POSIX_FILES)
        std::size_t done = 0;
        while (done < size) {
            const ::ssize_t n = ::pread(fd_, static_cast<char*>(out) + done, size - done, static_cast<::off_t>(offset + done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            done += static_cast<std::size_t>(n);
        }
        return done;
#else
        std::fseek(file_, static_cast<long>(offset), SEEK_SET);
        const std::size_t n = std::fread(out, 1, size, file_);
        std::fseek(file_, 0, SEEK_END);
        return n;
#endif
    }

    /// Empties the file and rewinds it (after a helper's failed attempt), to be written afresh.
    /// @throws io_error.
    void truncate()
    {
#if defined(JAZZLSTM_POSIX_FILES)
        if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0)
            fail("cannot empty the new file", errno);
#else
        std::FILE* reopened = std::freopen(nullptr, "w+b", file_);
        if (!reopened)
            fail("cannot empty the new file", errno);
        file_ = reopened;
#endif
    }

    /// Flushes the bytes to the disk (fsync), so a renamed file is never empty after a power cut.
    /// @throws io_error (a full disk often shows here, not at write).
    void sync()
    {
#if defined(JAZZLSTM_POSIX_FILES)
        if (::fsync(fd_) != 0)
            fail("flushing the new file to disk failed", errno);
#else
        if (std::fflush(file_) != 0)
            fail("flushing the new file failed", errno);
#endif
    }

    /// Gives an unnamed temporary its hidden name (the step before rename). A name may collide
    /// with nothing: it is created exclusively. @throws io_error.
    void name_it()
    {
#if defined(JAZZLSTM_POSIX_FILES)
        if (name_)
            return;
        const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
        for (int attempt = 0; attempt < 16; ++attempt) {
            const std::string name = detail::atomic_temporary_path(target_).string();
            if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
                set_name(name);
                return;
            }
            if (errno != EEXIST)
                break;
        }
        fail("cannot give the new file a name beside its target", errno);
#endif
    }

    /// The hidden name (empty while the file is unnamed).
    std::string hidden_name() const { return name_ ? std::string(name_.get()) : std::string(); }

    /// Renames the complete file over the target (sync() and name_it() first); the temporary is
    /// gone afterwards. @throws io_error, leaving the target untouched.
    void commit()
    {
        name_it();
        const std::lock_guard<std::recursive_mutex> lock(detail::commit_mutex());
        std::error_code ec;
        std::filesystem::rename(name_.get(), target_, ec);
        if (ec)
            fail("cannot move the new file into place", ec.value());
        forget_name();
        close();
    }

    /// Removes the temporary (nothing happens to the target). Allocates: no.
    void discard() noexcept
    {
        close();
        if (name_) {
            std::remove(name_.get());
            forget_name();
        }
    }

    /// The io_error of this file: "[id] target: what: reason".
    [[noreturn]] void fail(const std::string& what, int code) const
    {
        error_context c;
        c.file = target_.string();
        throw io_error(error_id_, detail::with_reason(what, code), c);
    }

private:
    void set_name(const std::string& name)
    {
        name_.reset(new char[name.size() + 1]);
        std::memcpy(name_.get(), name.c_str(), name.size() + 1);
        detail::register_temporary(name_.get());
    }
    void forget_name() noexcept
    {
        if (name_ && !detail::unregister_temporary(name_.get()))
            (void)name_.release(); // the process is ending on a signal and its cleanup holds the name
        name_.reset();
    }
    void close() noexcept
    {
#if defined(JAZZLSTM_POSIX_FILES)
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
#else
        if (file_)
            std::fclose(file_);
        file_ = nullptr;
#endif
    }
    void swap(TemporaryFile& other) noexcept
    {
        std::swap(target_, other.target_);
        std::swap(error_id_, other.error_id_);
        std::swap(name_, other.name_);
        std::swap(fd_, other.fd_);
#if !defined(JAZZLSTM_POSIX_FILES)
        std::swap(file_, other.file_);
#endif
    }

    std::filesystem::path target_;
    std::string error_id_;
    std::unique_ptr<char[]> name_; ///< fixed storage: a signal handler may read it
    int fd_ = -1;
#if !defined(JAZZLSTM_POSIX_FILES)
    std::FILE* file_ = nullptr;
#endif
};

/// Writes `size` bytes to `path` through a TemporaryFile (written, fsync'ed, renamed over `path`
/// only when complete). On any failure the temporary is removed and an existing file at `path`
/// is left untouched. `error_id` is the caller's stable id (e.g. "jazzlstm.midi.write_failed"),
/// so each writer keeps its own documented id while sharing this one mechanism.
/// Allocates: only for paths and messages.
/// @throws io_error `error_id` (context: the target path; the message ends with the system's
///         reason) when the temporary cannot be created, written, flushed or renamed into place.
inline void write_file_atomically(const std::filesystem::path& path, const void* data, std::size_t size, const std::string& error_id)
{
    TemporaryFile file(path, error_id);
    file.write(data, size);
    file.sync();
    file.commit();
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

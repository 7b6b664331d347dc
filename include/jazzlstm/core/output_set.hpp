// Writing a set of files all or nothing (standard library and POSIX).
//
// A run of the jazzlstm program writes several files that belong together (the solo's MIDI,
// WAV and SVG, the model, the loss history). An OutputSet holds them until every one of them is
// complete: the caller computes each output (in memory, or by filling its temporary file itself,
// as FluidSynth does), checks every cap, then commit() writes the pending bytes to their
// temporaries, flushes all of them to disk, and only then renames them over their targets, one
// after the other, in the order they were added. A failure at any point before the renames
// leaves every earlier file byte for byte and no temporary behind.
//
// The one window that remains is between the first and the last rename (microseconds: renames
// in one directory, with SIGINT, SIGTERM, SIGHUP and SIGQUIT blocked meanwhile). A rename that
// fails there (a full directory block, say) is rolled back from hard-link backups of the old
// files, so the set is still all or nothing; only a SIGKILL or a power cut inside that window
// can leave a mix of new and old files. Two processes committing into the same directory take
// an exclusive lock on it (flock) for their renames, so their sets never interleave: the last
// to commit wins, whole.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#if defined(JAZZLSTM_POSIX_FILES)
#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace jazzlstm {

/// Files written together or not at all. Add outputs, then commit(); destroying an uncommitted
/// set removes its temporaries and leaves every target as it was.
class OutputSet {
public:
    OutputSet() = default;
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;
    OutputSet(OutputSet&&) noexcept = default;
    OutputSet& operator=(OutputSet&&) noexcept = default;

    /// An output whose bytes are known; they are written at commit(). Allocates: the bytes are moved in.
    /// @throws argument_error `jazzlstm.io.same_output` when `target` is already in the set.
    void add(const std::filesystem::path& target, std::string bytes, const std::string& error_id = "jazzlstm.io.write")
    {
        check_new(target);
        entries_.push_back({ target, error_id, std::move(bytes), nullptr });
    }
    void add(const std::filesystem::path& target, const std::vector<std::uint8_t>& bytes, const std::string& error_id = "jazzlstm.io.write")
    {
        add(target, std::string(bytes.begin(), bytes.end()), error_id);
    }

    /// An output the caller fills through its temporary file (for instance a child process
    /// writing to its descriptor); created now, flushed and renamed at commit().
    /// @throws argument_error `jazzlstm.io.same_output`; io_error `error_id` when it cannot be created.
    TemporaryFile& reserve(const std::filesystem::path& target, const std::string& error_id = "jazzlstm.io.write")
    {
        check_new(target);
        auto file = std::make_unique<TemporaryFile>(target, error_id);
        TemporaryFile& ref = *file;
        entries_.push_back({ target, error_id, {}, std::move(file) });
        entries_.back().written = true;
        return ref;
    }

    /// The targets, in the order they will be renamed.
    std::vector<std::filesystem::path> targets() const
    {
        std::vector<std::filesystem::path> out;
        for (const auto& e : entries_)
            out.push_back(e.target);
        return out;
    }
    std::size_t size() const { return entries_.size(); }

    /// Writes, flushes and renames every output (see the file comment). Nothing is renamed unless
    /// every temporary is complete and on disk; a failed rename is rolled back.
    /// @throws io_error with the failing output's id, its path and the system's reason.
    void commit()
    {
        try {
            for (auto& e : entries_) {
                if (!e.written) {
                    e.file = std::make_unique<TemporaryFile>(e.target, e.error_id);
                    e.file->write(e.bytes);
                    e.written = true;
                    std::string().swap(e.bytes);
                }
            }
            // Every file reaches the disk before any gets a name: a SIGKILL during the (slow)
            // flushes then leaves only unnamed O_TMPFILE inodes, which the kernel reclaims.
            for (auto& e : entries_)
                e.file->sync();
            for (auto& e : entries_)
                e.file->name_it();
#if defined(JAZZLSTM_POSIX_FILES)
            const DirectoryLocks locks(entries_);
            const SignalBlock block;
#endif
            {
                const std::lock_guard<std::recursive_mutex> lock(detail::commit_mutex());
                rename_all();
            }
#if defined(JAZZLSTM_POSIX_FILES)
            locks.sync();
#endif
        } catch (...) {
            entries_.clear(); // the temporaries go now, not when the set is destroyed
            throw;
        }
        entries_.clear();
    }

private:
    struct Entry {
        std::filesystem::path target;
        std::string error_id;
        std::string bytes;
        std::unique_ptr<TemporaryFile> file;
        bool written = false;
    };

    void check_new(const std::filesystem::path& target) const
    {
        for (const auto& e : entries_) {
            if (e.target == target) {
                error_context c;
                c.file = target.string();
                throw argument_error("jazzlstm.io.same_output", "two outputs of one run would be the same file", c);
            }
        }
    }

    // Hard-link backups of the old targets, renames, and the way back if one rename fails.
    void rename_all()
    {
        std::vector<std::string> backups(entries_.size());
        std::vector<bool> existed(entries_.size(), false);
        auto drop_backups = [&] {
            for (const auto& b : backups)
                if (!b.empty())
                    std::remove(b.c_str());
        };
        for (std::size_t k = 0; k < entries_.size(); ++k) {
            std::error_code ec;
            existed[k] = std::filesystem::exists(std::filesystem::symlink_status(entries_[k].target, ec));
#if defined(JAZZLSTM_POSIX_FILES)
            if (existed[k]) {
                const std::string name = detail::atomic_temporary_path(entries_[k].target).string();
                // No backup where hard links are impossible (a directory, FAT): the rename then
                // either works or fails leaving that target as it was.
                if (::link(entries_[k].target.c_str(), name.c_str()) == 0)
                    backups[k] = name;
            }
#endif
        }
        for (std::size_t k = 0; k < entries_.size(); ++k) {
            try {
                entries_[k].file->commit();
            } catch (...) {
                for (std::size_t j = 0; j < k; ++j) {
                    std::error_code ec;
                    if (!backups[j].empty())
                        std::filesystem::rename(backups[j], entries_[j].target, ec);
                    else if (!existed[j])
                        std::filesystem::remove(entries_[j].target, ec);
                    backups[j].clear();
                }
                drop_backups();
                throw;
            }
        }
        drop_backups();
    }

#if defined(JAZZLSTM_POSIX_FILES)
    /// Exclusive flock on every distinct directory of the set (sorted, so two sets never
    /// deadlock), also used to fsync the directories after the renames.
    class DirectoryLocks {
    public:
        explicit DirectoryLocks(const std::vector<Entry>& entries)
        {
            std::vector<std::string> dirs;
            for (const auto& e : entries) {
                std::error_code ec;
                const auto parent = e.target.has_parent_path() ? e.target.parent_path() : std::filesystem::path(".");
                const auto canonical = std::filesystem::weakly_canonical(parent, ec);
                dirs.push_back((ec ? parent : canonical).string());
            }
            std::sort(dirs.begin(), dirs.end());
            dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
            for (const auto& d : dirs) {
                const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd < 0)
                    continue; // best effort: the renames still work without the lock
                while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
                }
                fds_.push_back(fd);
            }
        }
        DirectoryLocks(const DirectoryLocks&) = delete;
        DirectoryLocks& operator=(const DirectoryLocks&) = delete;
        ~DirectoryLocks()
        {
            for (const int fd : fds_)
                ::close(fd); // closing releases the lock
        }
        /// The renames themselves reach the disk.
        void sync() const
        {
            for (const int fd : fds_)
                ::fsync(fd);
        }

    private:
        std::vector<int> fds_;
    };

    /// SIGINT, SIGTERM, SIGHUP and SIGQUIT wait while the renames run.
    class SignalBlock {
    public:
        SignalBlock()
        {
            sigset_t set;
            sigemptyset(&set);
            for (const int s : { SIGINT, SIGTERM, SIGHUP, SIGQUIT })
                sigaddset(&set, s);
            ::sigprocmask(SIG_BLOCK, &set, &saved_);
        }
        SignalBlock(const SignalBlock&) = delete;
        SignalBlock& operator=(const SignalBlock&) = delete;
        ~SignalBlock() { ::sigprocmask(SIG_SETMASK, &saved_, nullptr); }

    private:
        sigset_t saved_;
    };
#endif

    std::vector<Entry> entries_;
};

} // namespace jazzlstm

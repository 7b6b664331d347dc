// Real MIDI files from public Debian packages, for tests that check the program against music it
// was not written for. Nothing here is committed: examples/install-deps.sh installs the packages
// (mma's examples, OpenTTD's openmsx music set), and a test uses whichever files are present and
// says which it skipped.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::test {

/// One real file: where it is and which package ships it.
struct RealMidi {
    std::filesystem::path path;
    std::string package;
};

/// The directories the packages install their MIDI files into.
inline std::vector<std::pair<std::filesystem::path, std::string>> real_midi_directories()
{
    return { { "/usr/share/doc/mma/examples", "mma" }, { "/usr/share/games/openttd/baseset/openmsx", "openttd-openmsx" } };
}

/// Every .mid file of those packages that is installed, sorted by path (so runs agree).
inline std::vector<RealMidi> real_midi_files()
{
    std::vector<RealMidi> files;
    for (const auto& [directory, package] : real_midi_directories()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(directory, ec)) {
            MESSAGE("SKIPPED: " << directory.string() << " is absent (apt-get install " << package << ")");
            continue;
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(directory, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".mid")
                files.push_back({ entry.path(), package });
    }
    std::sort(files.begin(), files.end(), [](const RealMidi& a, const RealMidi& b) { return a.path < b.path; });
    return files;
}

} // namespace jazzlstm::test

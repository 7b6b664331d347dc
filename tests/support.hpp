// Helpers shared by the test programs: where the test data lives and how to skip
// cleanly when the third-party reference files are not beside the checkout.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace jazzlstm::test {

inline std::filesystem::path shared_dir() { return JAZZLSTM_SHARED_DIR; }
inline std::filesystem::path source_dir() { return JAZZLSTM_SOURCE_DIR; }
inline std::filesystem::path tmp_dir() { return JAZZLSTM_TEST_TMP_DIR; }

inline std::filesystem::path metheny_midi() { return shared_dir() / "data" / "original_metheny.mid"; }
inline std::filesystem::path metheny_reference() { return shared_dir() / "reference" / "metheny_reference.json"; }

/// True when `path` exists; otherwise prints why the calling test is skipped.
inline bool have_file(const std::filesystem::path& path)
{
    if (std::filesystem::exists(path))
        return true;
    MESSAGE("SKIPPED: " << path.string() << " is absent (put ../shared beside the checkout to run this test)");
    return false;
}

inline std::vector<unsigned char> read_bytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path.string());
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

} // namespace jazzlstm::test

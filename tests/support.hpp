// Helpers shared by every test program: where the test data lives, how to skip cleanly when the
// third-party reference files are not beside the checkout, and how to read an error's id.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

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

/// The reference output (../shared/reference/metheny_reference.json); callers check have_file first.
inline nlohmann::json load_reference()
{
    std::ifstream in(metheny_reference());
    REQUIRE_MESSAGE(in.good(), "cannot open " << metheny_reference().string());
    return nlohmann::json::parse(in);
}

/// Runs `f` and returns the id of the jazzlstm error of type E it throws; "wrong type: <id>" for a
/// jazzlstm error of another type, and "" when nothing is thrown.
template <typename E = jazzlstm::error, typename F>
std::string error_id(F&& f)
{
    try {
        f();
    } catch (const jazzlstm::error& e) {
        if (dynamic_cast<const E*>(&e) == nullptr)
            return "wrong type: " + e.id();
        return e.id();
    }
    return "";
}

} // namespace jazzlstm::test

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

/// A file's whole content as text ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

/// Writes `text` as the whole content of `path`.
inline void put(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/// An empty folder of its own for one test: tmp_dir()/group/name, emptied first.
inline std::filesystem::path scratch_dir(const std::string& group, const std::string& name)
{
    const std::filesystem::path dir = tmp_dir() / group / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
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

// The error contract: the base class formats "[id] file: byte N, track T: detail" and keeps the
// pieces, every subclass is a jazzlstm::error, and docs/errors.md lists exactly the ids the
// headers can throw (read from the sources via JAZZLSTM_SOURCE_DIR; nothing is shelled out).
#include <jazzlstm/core/error.hpp>

#include "support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <type_traits>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_error_ids {

namespace fs = std::filesystem;
using namespace jazzlstm;

namespace {

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path.string());
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

bool id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; }
bool ident_char(char c) { return id_char(c) && c != '.'; }

/// The run of id characters at `at`, without a trailing '.' (the end of a sentence).
std::string id_at(const std::string& text, std::size_t at)
{
    std::size_t end = at;
    while (end < text.size() && id_char(text[end]))
        ++end;
    while (end > at && text[end - 1] == '.')
        --end;
    return text.substr(at, end - at);
}

/// Every id a header mentions: full literals ("jazzlstm.model.shape", also in @throws comments),
/// plus the MIDI reader's and writer's helper calls that append a suffix to "jazzlstm.midi.".
/// (A plain scanner: GCC 12's <regex> trips -Wmaybe-uninitialized in the sanitizer build.)
std::set<std::string> ids_in_source(const std::string& text)
{
    std::set<std::string> ids;
    for (std::size_t at = text.find("jazzlstm."); at != std::string::npos; at = text.find("jazzlstm.", at + 1)) {
        if (at > 0 && ident_char(text[at - 1]))
            continue;
        const std::string id = id_at(text, at);
        if (std::count(id.begin(), id.end(), '.') >= 2)
            ids.insert(id);
    }
    // A header that builds ids from a prefix literal ending in '.' (midi.hpp: midi_id) passes the
    // suffix as the first argument of these helpers; a new helper must be added here.
    std::string prefix;
    for (std::size_t at = text.find("\"jazzlstm."); at != std::string::npos && prefix.empty(); at = text.find("\"jazzlstm.", at + 1)) {
        std::size_t end = at + 1;
        while (end < text.size() && id_char(text[end]))
            ++end;
        if (end < text.size() && text[end] == '"' && text[end - 1] == '.' && std::count(text.begin() + static_cast<std::ptrdiff_t>(at), text.begin() + static_cast<std::ptrdiff_t>(end), '.') == 2)
            prefix = text.substr(at + 1, end - at - 1);
    }
    if (prefix.empty())
        return ids;
    for (const char* helper : { "fail", "fail_limit", "bad_input", "io_failure", "midi_id", "lead_fail", "chart_fail", "musicxml_fail" }) {
        const std::string call = std::string(helper) + "(\"";
        for (std::size_t at = text.find(call); at != std::string::npos; at = text.find(call, at + 1)) {
            if (at > 0 && ident_char(text[at - 1]))
                continue;
            std::size_t begin = at + call.size(), end = begin;
            while (end < text.size() && ident_char(text[end]))
                ++end;
            if (end > begin && end < text.size() && text[end] == '"')
                ids.insert(prefix + text.substr(begin, end - begin));
        }
    }
    if (text.find("bad_score(") != std::string::npos)
        ids.insert(prefix + "bad_score");
    return ids;
}

std::set<std::string> ids_in_tree(const fs::path& dir)
{
    std::set<std::string> ids;
    if (!fs::exists(dir))
        return ids;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".hpp" || ext == ".cpp") && entry.path().filename() != "error.hpp") {
            const auto found = ids_in_source(slurp(entry.path()));
            ids.insert(found.begin(), found.end());
        }
    }
    return ids;
}

/// "jazzlstm.midi" of "jazzlstm.midi.truncated".
std::string area_of(const std::string& id) { return id.substr(0, id.find('.', std::string("jazzlstm.").size())); }

/// Ids in the first column of the tables of docs/errors.md (`| `jazzlstm.x.y` | ...`).
std::set<std::string> ids_in_doc()
{
    std::set<std::string> ids;
    const std::string doc = slurp(test::source_dir() / "docs" / "errors.md");
    const std::string row = "\n| `jazzlstm.";
    for (std::size_t at = doc.find(row); at != std::string::npos; at = doc.find(row, at + 1)) {
        const std::string id = id_at(doc, at + 4);
        if (doc.compare(at + 4 + id.size(), 1, "`") == 0)
            ids.insert(id);
    }
    return ids;
}

} // namespace

TEST_CASE("error keeps id, detail and context, and formats [id] where: detail")
{
    error_context where;
    where.file = "song.mid";
    where.byte = 812;
    where.track = 2;
    const parse_error e("jazzlstm.midi.running_status", "data byte 0x40 with no running status", where);
    CHECK(e.id() == "jazzlstm.midi.running_status");
    CHECK(e.detail() == "data byte 0x40 with no running status");
    CHECK(e.context().file == "song.mid");
    CHECK(*e.context().byte == 812);
    CHECK(std::string(e.what()) == "[jazzlstm.midi.running_status] song.mid: byte 812, track 2: data byte 0x40 with no running status");

    // Without context the message is "[id] detail".
    CHECK(std::string(argument_error("jazzlstm.x.y", "plain").what()) == "[jazzlstm.x.y] plain");

    // Text positions print as line:column, then position and the quoted token.
    error_context text;
    text.file = "corpus.txt";
    text.line = 3;
    text.column = 14;
    text.position = 41;
    text.token = "Q,1";
    CHECK(std::string(parse_error("jazzlstm.grammar.bad_token", "TYPE must be one of C S A X R", text).what())
        == "[jazzlstm.grammar.bad_token] corpus.txt: line 3:14, position 41, token 'Q,1': TYPE must be one of C S A X R");

    // No file: the location starts with its first known item.
    error_context bare;
    bare.position = 7;
    CHECK(std::string(limit_error("jazzlstm.grammar.too_many_tokens", "too many", bare).what())
        == "[jazzlstm.grammar.too_many_tokens] position 7: too many");
}

TEST_CASE("every error type is a jazzlstm::error and a std::runtime_error")
{
    static_assert(std::is_base_of_v<std::runtime_error, error>);
    static_assert(std::is_base_of_v<error, parse_error>);
    static_assert(std::is_base_of_v<error, shape_error>);
    static_assert(std::is_base_of_v<error, io_error>);
    static_assert(std::is_base_of_v<error, limit_error>);
    static_assert(std::is_base_of_v<error, numeric_error>);
    static_assert(std::is_base_of_v<error, argument_error>);
    try {
        throw io_error("jazzlstm.model.write_failed", "disk full");
    } catch (const error& e) {
        CHECK(e.id() == "jazzlstm.model.write_failed");
        CHECK(dynamic_cast<const io_error*>(&e) != nullptr);
    }
}

TEST_CASE("the id scanner finds literal ids and the MIDI helper ids")
{
    const auto ids = ids_in_source(R"(
        inline std::string midi_id(const char* suffix) { return std::string("jazzlstm.midi.") + suffix; }
        fail("truncated", "x", 0); fail_limit("too_large", "y", 0); detail::bad_score("z", 1);
        throw parse_error("jazzlstm.model.json", "w");  // see jazzlstm.model.version.
    )");
    CHECK(ids == std::set<std::string> { "jazzlstm.midi.bad_score", "jazzlstm.midi.too_large", "jazzlstm.midi.truncated",
                     "jazzlstm.model.json", "jazzlstm.model.version" });
}

TEST_CASE("docs/errors.md lists every id of the library headers, and no id that is gone")
{
    const auto library = ids_in_tree(test::source_dir() / "include");
    auto everywhere = ids_in_tree(test::source_dir() / "examples");
    everywhere.insert(library.begin(), library.end());
    std::set<std::string> library_areas;
    for (const auto& id : library)
        library_areas.insert(area_of(id));
    const auto in_doc = ids_in_doc();
    REQUIRE(library.size() > 60);
    for (const auto& id : library)
        CHECK_MESSAGE(in_doc.count(id) == 1, id << " is thrown (or named) in include/ but missing from docs/errors.md");
    // Stale rows: a documented id of a library area must still exist. (The example programs'
    // own areas, jazzlstm.cli and friends, are listed for users but not pinned here.)
    for (const auto& id : in_doc)
        if (library_areas.count(area_of(id)) == 1)
            CHECK_MESSAGE(everywhere.count(id) == 1, id << " is listed in docs/errors.md but appears nowhere in the sources");
}

} // namespace jazzlstm_test_error_ids

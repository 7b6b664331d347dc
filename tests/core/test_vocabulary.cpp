#include <jazzlstm/core/vocabulary.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_vocabulary {

using jazzlstm::Vocabulary;

TEST_CASE("vocabulary sorts by std::string order and removes repeats")
{
    const Vocabulary v({ "S,0.250", "C,0.500", "R,0.083", "C,0.500", "A,0.250,<m2,P-4>", "C,0.250,<P1,d-5>", "C,0.250" });
    REQUIRE(v.size() == 6);
    // '<' (0x3C) sorts after digits but before letters; a shorter prefix sorts first.
    const std::vector<std::string> expected { "A,0.250,<m2,P-4>", "C,0.250", "C,0.250,<P1,d-5>", "C,0.500", "R,0.083", "S,0.250" };
    CHECK(v.tokens() == expected);
    for (int i = 0; i < 6; ++i) {
        CHECK(v.index_of(expected[static_cast<std::size_t>(i)]) == i);
        CHECK(v.token(i) == expected[static_cast<std::size_t>(i)]);
    }
}

TEST_CASE("encode and decode are inverse, unknown tokens report token and position")
{
    const std::vector<std::string> corpus { "C,0.500", "R,0.167", "C,0.333,<P1,d-5>", "R,0.167" };
    const Vocabulary v(corpus);
    const auto indices = v.encode(corpus);
    CHECK(indices == std::vector<int> { 1, 2, 0, 2 }); // "C,0.333,..." < "C,0.500" < "R,0.167"
    CHECK(v.decode(indices) == corpus);

    try {
        (void)v.encode({ "C,0.500", "X,9.000" });
        FAIL("expected unknown_token");
    } catch (const jazzlstm::parse_error& e) {
        CHECK(e.id() == "jazzlstm.vocabulary.unknown_token");
        REQUIRE(e.context().position.has_value());
        CHECK(*e.context().position == 1);
        CHECK(e.context().token == "X,9.000");
        CHECK(std::string(e.what()).rfind("[jazzlstm.vocabulary.unknown_token]", 0) == 0);
    }
    CHECK_FALSE(v.find("nope").has_value());
    CHECK_THROWS_AS((void)v.token(3), jazzlstm::argument_error);
    CHECK_THROWS_AS((void)v.token(-1), jazzlstm::argument_error);
    CHECK_THROWS_AS(Vocabulary({ "a", "" }), jazzlstm::argument_error);
}

TEST_CASE("fingerprint is FNV-1a 64 over tokens joined by newlines")
{
    // Published FNV-1a 64 test vectors.
    CHECK(jazzlstm::vocabulary_fingerprint({}) == 0xcbf29ce484222325ULL);
    CHECK(jazzlstm::vocabulary_fingerprint({ "a" }) == 0xaf63dc4c8601ec8cULL);
    CHECK(jazzlstm::vocabulary_fingerprint({ "foobar" }) == 0x85944171f73967e8ULL);
    // Joining puts exactly one '\n' between tokens and none at the end.
    CHECK(jazzlstm::vocabulary_fingerprint({ "foo", "bar" }) != jazzlstm::vocabulary_fingerprint({ "foobar" }));
    CHECK(jazzlstm::vocabulary_fingerprint({ "foo", "bar" }) == jazzlstm::vocabulary_fingerprint({ "foo\nbar" }));
    const Vocabulary v({ "b", "a" });
    CHECK(v.fingerprint() == jazzlstm::vocabulary_fingerprint({ "a", "b" }));
    CHECK(v.fingerprint() != jazzlstm::vocabulary_fingerprint({ "b", "a" }));
}

TEST_CASE("vocabularies of several corpora are the union")
{
    const auto v = Vocabulary::from_corpora({ { "C,0.250", "S,0.333" }, { "S,0.333", "R,71.000" }, {} });
    CHECK(v.tokens() == std::vector<std::string> { "C,0.250", "R,71.000", "S,0.333" });
    CHECK(Vocabulary({ "C,0.250" }).merged_with(Vocabulary({ "A,0.250" })) == Vocabulary({ "A,0.250", "C,0.250" }));
    CHECK(Vocabulary().empty());
}

TEST_CASE("fingerprint: FNV-1a 64 of the tokens joined by newlines (published test vectors)")
{
    CHECK(jazzlstm::fnv1a64("") == 0xcbf29ce484222325ull);
    CHECK(jazzlstm::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
    CHECK(jazzlstm::fnv1a64("foobar") == 0x85944171f73967e8ull);
    jazzlstm::Fnv1a64 words;
    words.feed_u32(0x64636261u); // "abcd", least significant byte first
    CHECK(words.value() == jazzlstm::fnv1a64("abcd"));
    CHECK(jazzlstm::vocabulary_fingerprint({}) == jazzlstm::fnv1a64(""));
    CHECK(jazzlstm::vocabulary_fingerprint({ "A,0.250,<m2,P-4>", "C,0.250", "R,71.000" }) == jazzlstm::fnv1a64("A,0.250,<m2,P-4>\nC,0.250\nR,71.000"));
    CHECK(jazzlstm::vocabulary_fingerprint({ "ab", "c" }) != jazzlstm::vocabulary_fingerprint({ "a", "bc" }));
}

} // namespace jazzlstm_test_vocabulary

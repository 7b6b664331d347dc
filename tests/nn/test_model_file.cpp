#include <jazzlstm/nn/model_file.hpp>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#if defined(__unix__)
#include <csignal>
#include <sys/resource.h>
#define JAZZLSTM_TEST_RLIMIT 1
#endif

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_model_file {

namespace fs = std::filesystem;
using jazzlstm::KerasWeights;
using jazzlstm::ModelFile;
using nlohmann::json;

namespace {

template <typename T>
KerasWeights<T> random_weights(int n_a, int V, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, 0.3); // values only; their exact law does not matter
    auto fill = [&](Eigen::Index rows, Eigen::Index cols) {
        Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> m(rows, cols);
        for (Eigen::Index k = 0; k < m.size(); ++k)
            m.data()[k] = static_cast<T>(normal(rng));
        return m;
    };
    KerasWeights<T> w;
    w.lstm_kernel = fill(V, 4 * n_a);
    w.lstm_recurrent_kernel = fill(n_a, 4 * n_a);
    w.lstm_bias = fill(4 * n_a, 1);
    w.dense_kernel = fill(n_a, V);
    w.dense_bias = fill(V, 1);
    return w;
}

std::vector<std::string> tokens(int V)
{
    std::vector<std::string> out;
    for (int k = 0; k < V; ++k)
        out.push_back("C,0." + std::to_string(250 + k) + ",<m" + std::to_string(k % 7) + ",P-" + std::to_string(k) + ">");
    return out;
}

ModelFile small_model(int n_a = 3, int V = 5)
{
    ModelFile m;
    m.hyper.n_a = n_a;
    m.hyper.V = V;
    m.hyper.Tx = 30;
    m.hyper.Ty = 50;
    m.hyper.training.epochs = 100;
    m.hyper.training.m = 60;
    m.hyper.training.seed = 18446744073709551615ull; // needs all 64 bits
    m.hyper.training.window_seed = 0;
    m.hyper.training.final_loss = 6.1861;
    m.hyper.training.precision = "float64";
    m.vocabulary = tokens(V);
    m.weights = random_weights<double>(n_a, V, 7);
    return m;
}

/// Bitwise equality (tells -0.0 from 0.0, unlike ==).
template <typename M>
bool same_bits(const M& a, const M& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), sizeof(typename M::Scalar) * static_cast<std::size_t>(a.size())) == 0;
}

template <typename T>
bool same_bits(const KerasWeights<T>& a, const KerasWeights<T>& b)
{
    return same_bits(a.lstm_kernel, b.lstm_kernel) && same_bits(a.lstm_recurrent_kernel, b.lstm_recurrent_kernel)
        && same_bits(a.lstm_bias, b.lstm_bias) && same_bits(a.dense_kernel, b.dense_kernel) && same_bits(a.dense_bias, b.dense_bias);
}


std::string parse_id(const std::string& text)
{
    try {
        (void)jazzlstm::parse_model_file(text, "test.json");
    } catch (const jazzlstm::error& e) {
        return e.id();
    }
    return "";
}

json doc_of(const ModelFile& m) { return json::parse(jazzlstm::dump_model_file(m)); }

fs::path scratch(const std::string& name)
{
    const fs::path dir = jazzlstm::test::tmp_dir() / "model_file" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

using jazzlstm::test::slurp;

std::size_t entries(const fs::path& dir)
{
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++n;
    return n;
}

} // namespace

TEST_CASE("the file's vocabulary hash is spelled as 16 lowercase hex digits")
{
    CHECK(jazzlstm::vocabulary_hash_hex(0xaf63dc4c8601ec8cull) == "af63dc4c8601ec8c");
    CHECK(jazzlstm::vocabulary_hash_hex(0x0000000000000abcull) == "0000000000000abc");
}

TEST_CASE("save then load is bit-exact for double weights, hyper-parameters and vocabulary")
{
    ModelFile m = small_model();
    // Values that stress the shortest round-trip printing.
    m.weights.lstm_kernel(0, 0) = -0.0;
    m.weights.lstm_kernel(0, 1) = std::numeric_limits<double>::denorm_min();
    m.weights.lstm_kernel(0, 2) = std::numeric_limits<double>::max();
    m.weights.lstm_kernel(0, 3) = 1.0 / 3.0;
    m.weights.lstm_kernel(1, 0) = 0.1;
    m.weights.lstm_kernel(1, 1) = -std::numeric_limits<double>::min();
    m.weights.dense_bias(0) = 1e22;
    m.hyper.training.optimizer.epsilon = 1e-8;
    const fs::path dir = scratch("roundtrip_double");
    const fs::path path = dir / "model.json";
    jazzlstm::save_model_file(path, m);
    const ModelFile back = jazzlstm::load_model_file(path);
    CHECK(back.version == jazzlstm::model_format_version);
    CHECK(back.hyper == m.hyper);
    CHECK(back.vocabulary == m.vocabulary);
    CHECK(same_bits(back.weights, m.weights));
    CHECK(std::signbit(back.weights.lstm_kernel(0, 0)));
    CHECK(entries(dir) == 1); // no temporary left behind
    // Saving again replaces the file with identical bytes.
    const std::string first = slurp(path);
    jazzlstm::save_model_file(path, back);
    CHECK(slurp(path) == first);
}

TEST_CASE("float weights survive double storage exactly, at the notebook's size")
{
    const int n_a = 64, V = 78;
    const auto wf = random_weights<float>(n_a, V, 11);
    ModelFile m;
    m.hyper.n_a = n_a;
    m.hyper.V = V;
    m.vocabulary = tokens(V);
    m.weights = jazzlstm::to_double_weights(wf);
    const std::string text = jazzlstm::dump_model_file(m);
    const ModelFile back = jazzlstm::parse_model_file(text);
    const auto wf_back = jazzlstm::to_float_weights(back.weights);
    CHECK(same_bits(wf_back, wf));
    CHECK(back.hyper.training.final_loss == std::nullopt);
    // 41,678 parameters, as figures.md gives for V = 78.
    const auto count = wf.lstm_kernel.size() + wf.lstm_recurrent_kernel.size() + wf.lstm_bias.size() + wf.dense_kernel.size() + wf.dense_bias.size();
    CHECK(count == 41678);
    MESSAGE("78-value model file: " << text.size() << " bytes");
}

TEST_CASE("the document layout is the documented one")
{
    const ModelFile m = small_model(2, 3);
    const json doc = doc_of(m);
    CHECK(doc.at("format") == "jazzlstm-model");
    CHECK(doc.at("version") == 1);
    CHECK(doc.at("hyper").at("n_a") == 2);
    CHECK(doc.at("hyper").at("V") == 3);
    CHECK(doc.at("training").at("optimizer").at("name") == "adam");
    CHECK(doc.at("training").at("seed").get<std::uint64_t>() == 18446744073709551615ull);
    CHECK(doc.at("vocabulary_fnv1a64") == jazzlstm::vocabulary_hash_hex(jazzlstm::fnv1a64(m.vocabulary[0] + "\n" + m.vocabulary[1] + "\n" + m.vocabulary[2])));
    // Row-major flat data: element (r, c) of an R×C tensor is data[r·C + c].
    const auto& k = doc.at("weights").at("lstm_kernel");
    CHECK(k.at("shape") == json::array({ 3, 8 }));
    CHECK(k.at("data").at(1 * 8 + 5).get<double>() == m.weights.lstm_kernel(1, 5));
    CHECK(doc.at("weights").at("lstm_bias").at("shape") == json::array({ 8 }));
    CHECK(doc.at("weights").at("dense_kernel").at("data").at(1 * 3 + 2).get<double>() == m.weights.dense_kernel(1, 2));
    // Optional parts: a file without "training" loads with defaults; unknown keys are ignored.
    json lean = doc;
    lean.erase("training");
    lean["comment"] = "added by hand";
    const ModelFile back = jazzlstm::parse_model_file(lean.dump());
    CHECK(back.hyper.training == jazzlstm::TrainingInfo {});
    CHECK(same_bits(back.weights, m.weights));
}

TEST_CASE("malformed JSON: every truncation is a parse error with line and column")
{
    const std::string text = jazzlstm::dump_model_file(small_model());
    int checked = 0;
    for (std::size_t cut : { std::size_t { 0 }, std::size_t { 1 }, std::size_t { 7 }, std::size_t { 40 }, text.size() / 3, text.size() / 2,
             text.size() - 100, text.size() - 3 }) {
        CAPTURE(cut);
        try {
            (void)jazzlstm::parse_model_file(text.substr(0, cut), "cut.json");
            FAIL("truncated text accepted");
        } catch (const jazzlstm::parse_error& e) {
            CHECK(e.id() == "jazzlstm.model.json");
            CHECK(e.context().file == "cut.json");
            REQUIRE(e.context().line.has_value());
            REQUIRE(e.context().column.has_value());
            CHECK(std::string(e.what()).rfind("[jazzlstm.model.json] cut.json: byte", 0) == 0);
            ++checked;
        }
    }
    CHECK(checked == 8);
    try {
        (void)jazzlstm::parse_model_file("{\n  \"format\": \"jazzlstm-model\",\n  \"version\" 1\n}");
        FAIL("missing colon accepted");
    } catch (const jazzlstm::parse_error& e) {
        CHECK(*e.context().line == 3);
        CHECK(*e.context().column == 13); // the '1' after "version"
    }
    CHECK(parse_id("{\"format\": NaN}") == "jazzlstm.model.json");
    CHECK(parse_id("") == "jazzlstm.model.json");
    // JSON has no infinities: a number beyond double range is refused, not read as inf.
    json doc = doc_of(small_model());
    std::string huge = doc.dump();
    const std::string needle = "\"data\":[";
    huge.insert(huge.find(needle) + needle.size(), "1e400,");
    CHECK(parse_id(huge) == "jazzlstm.model.json");
}

TEST_CASE("wrong format or version")
{
    json doc = doc_of(small_model());
    json d = doc;
    d["version"] = 2;
    CHECK(parse_id(d.dump()) == "jazzlstm.model.version");
    d["version"] = "1";
    CHECK(parse_id(d.dump()) == "jazzlstm.model.version");
    d["version"] = 1.0;
    CHECK(parse_id(d.dump()) == "jazzlstm.model.version");
    d = doc;
    d["format"] = "rtneural";
    CHECK(parse_id(d.dump()) == "jazzlstm.model.format");
    d.erase("format");
    CHECK(parse_id(d.dump()) == "jazzlstm.model.format");
    CHECK(parse_id("[1, 2, 3]") == "jazzlstm.model.format");
    ModelFile future = small_model();
    future.version = 2;
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { (void)jazzlstm::dump_model_file(future); }) == "jazzlstm.model.version");
}

TEST_CASE("missing required fields are named")
{
    const json doc = doc_of(small_model());
    const std::vector<std::vector<std::string>> paths { { "version" }, { "hyper" }, { "hyper", "Tx" }, { "hyper", "n_a" }, { "hyper", "V" },
        { "hyper", "Ty" }, { "vocabulary" }, { "vocabulary_fnv1a64" }, { "weights" }, { "weights", "lstm_kernel" },
        { "weights", "dense_bias" }, { "weights", "lstm_recurrent_kernel", "data" }, { "weights", "dense_kernel", "shape" } };
    for (const auto& path : paths) {
        json d = doc;
        json* parent = &d;
        std::string dotted;
        for (std::size_t k = 0; k + 1 < path.size(); ++k) {
            parent = &parent->at(path[k]);
            dotted += path[k] + ".";
        }
        parent->erase(path.back());
        dotted += path.back();
        CAPTURE(dotted);
        try {
            (void)jazzlstm::parse_model_file(d.dump(), "m.json");
            FAIL("accepted without " << dotted);
        } catch (const jazzlstm::parse_error& e) {
            CHECK(e.id() == "jazzlstm.model.missing_field");
            CHECK(e.context().token == dotted);
        }
    }
}

TEST_CASE("flipped values: wrong types, out-of-range sizes, non-numbers in tensors")
{
    const json doc = doc_of(small_model());
    auto with = [&](auto edit) {
        json d = doc;
        edit(d);
        return parse_id(d.dump());
    };
    CHECK(with([](json& d) { d["hyper"]["V"] = 5.5; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["hyper"]["n_a"] = "3"; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["hyper"]["Tx"] = 0; }) == "jazzlstm.model.bad_value");
    CHECK(with([](json& d) { d["hyper"]["V"] = -5; }) == "jazzlstm.model.bad_value");
    CHECK(with([](json& d) { d["hyper"]["n_a"] = 1LL << 40; }) == "jazzlstm.model.bad_value");
    CHECK(with([](json& d) { d["hyper"]["V"] = 18446744073709551615ull; }) == "jazzlstm.model.bad_value");
    CHECK(with([](json& d) { d["hyper"] = json::array(); }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["weights"]["lstm_bias"]["data"][3] = "0.5"; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["weights"]["lstm_bias"]["data"][3] = nullptr; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["weights"]["dense_bias"]["data"] = 1.0; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["vocabulary"][2] = 7; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["training"]["precision"] = "bfloat16"; }) == "jazzlstm.model.bad_value");
    CHECK(with([](json& d) { d["training"]["epochs"] = -1; }) == "jazzlstm.model.bad_value");
    CHECK(with([](json& d) { d["training"]["optimizer"]["beta_1"] = "x"; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["training"]["seed"] = -1; }) == "jazzlstm.model.wrong_type");
    // A changed weight value is still a valid file: the format carries no checksum of the weights.
    CHECK(with([](json& d) { d["weights"]["lstm_bias"]["data"][3] = 123.25; }) == "");
}

TEST_CASE("the reader streams: member order, unknown members, duplicates and nested junk")
{
    const ModelFile model = small_model(3, 5);
    const json doc = doc_of(model);
    auto reads_back = [&](const std::string& text) {
        const ModelFile back = jazzlstm::parse_model_file(text);
        CHECK(back.hyper == model.hyper);
        CHECK(back.vocabulary == model.vocabulary);
        CHECK(same_bits(back.weights, model.weights));
    };
    // Weights before hyper (another writer's order) take the second pass.
    std::string reversed = "{";
    for (const char* key : { "weights", "vocabulary_fnv1a64", "vocabulary", "training", "hyper", "version", "format" })
        reversed += json(key).dump() + ":" + doc.at(key).dump() + (std::string(key) == "format" ? "}" : ",");
    reads_back(reversed);
    // Unknown members anywhere, nested deeply, before and after what is read.
    json padded = doc;
    padded["aaa"] = json::parse(R"([[[[{"x": [1, 2, {"y": null}]}]]]])");
    padded["hyper"]["comment"] = json::array({ 1, "two", json::object({ { "three", 3 } }) });
    padded["weights"]["lstm_bias"]["note"] = "ignored";
    padded["weights"]["extra_tensor"] = doc["weights"]["lstm_kernel"];
    padded["zzz"] = std::vector<int>(100000, 0);
    reads_back(padded.dump());
    // A repeated member: the last one counts, as in a JSON document tree.
    std::string repeated = doc.dump();
    repeated.insert(repeated.size() - 1, R"(,"hyper":{"Tx":30,"n_a":3,"V":5,"Ty":50})");
    reads_back(repeated);
    // An earlier hyper (whose sizes the tensors were streamed for) replaced after the weights.
    json without = doc;
    without.erase("hyper");
    std::string twice = without.dump();
    twice.insert(1, R"("hyper":{"Tx":1,"n_a":4,"V":5,"Ty":50},)");
    twice.insert(twice.size() - 1, ",\"hyper\":" + doc["hyper"].dump());
    reads_back(twice);
    // Wrong kinds where arrays of values are expected.
    auto with = [&](auto edit) {
        json d = doc;
        edit(d);
        return parse_id(d.dump());
    };
    CHECK(with([](json& d) { d["vocabulary"] = json::object({ { "a", 1 } }); }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["vocabulary"][1] = json::array({ "C,0.250" }); }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["weights"] = json::array(); }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["weights"]["dense_bias"]["data"][2] = json::array({ 1.0 }); }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d["weights"]["dense_bias"]["shape"] = json::array({ 5, 1, 1, 1, 1, 1 }); }) == "jazzlstm.model.shape");
    CHECK(with([](json& d) { d["weights"]["dense_bias"] = 5; }) == "jazzlstm.model.wrong_type");
    CHECK(with([](json& d) { d.erase("weights"); }) == "jazzlstm.model.missing_field");
    CHECK(with([](json& d) { d = json::array({ d }); }) == "jazzlstm.model.format");
}

TEST_CASE("declared sizes never allocate beyond what the text can hold")
{
    // hyper asks for n_a = 16384 and V = 2^20 (a 512 GiB lstm_kernel) over a few bytes of data:
    // refused from the counts, nothing of that size is allocated.
    json d = doc_of(small_model(3, 5));
    d["hyper"]["n_a"] = jazzlstm::model_max_units;
    d["hyper"]["V"] = jazzlstm::model_max_vocabulary;
    d["vocabulary"] = json::array();
    std::vector<std::string> many;
    for (int k = 0; k < jazzlstm::model_max_vocabulary; ++k)
        many.push_back(std::to_string(k));
    d["vocabulary"] = many;
    d["vocabulary_fnv1a64"] = jazzlstm::vocabulary_hash_hex(jazzlstm::vocabulary_fingerprint(many));
    CHECK(parse_id(d.dump()) == "jazzlstm.model.shape");
    // A data array far longer than its shape: counted, not stored.
    json long_data = doc_of(small_model(3, 5));
    long_data["weights"]["dense_bias"]["data"] = std::vector<double>(200000, 0.5);
    CHECK(parse_id(long_data.dump()) == "jazzlstm.model.shape");
}

TEST_CASE("shapes must agree with n_a and V")
{
    const json doc = doc_of(small_model(3, 5)); // lstm_kernel 5×12, recurrent 3×12, bias 12, dense 3×5, 5
    auto with = [&](auto edit) {
        json d = doc;
        edit(d);
        return parse_id(d.dump());
    };
    CHECK(with([](json& d) { d["hyper"]["n_a"] = 4; }) == "jazzlstm.model.shape");
    CHECK(with([](json& d) { d["weights"]["lstm_kernel"]["shape"] = json::array({ 12, 5 }); }) == "jazzlstm.model.shape");
    CHECK(with([](json& d) { d["weights"]["lstm_bias"]["shape"] = json::array({ 12, 1 }); }) == "jazzlstm.model.shape");
    CHECK(with([](json& d) { d["weights"]["dense_bias"]["data"].erase(0); }) == "jazzlstm.model.shape");
    CHECK(with([](json& d) { d["weights"]["dense_kernel"]["data"].push_back(0.5); }) == "jazzlstm.model.shape");
    try {
        json d = doc;
        d["weights"]["lstm_recurrent_kernel"]["shape"] = json::array({ 3, 11 });
        (void)jazzlstm::parse_model_file(d.dump(), "m.json");
        FAIL("wrong recurrent shape accepted");
    } catch (const jazzlstm::shape_error& e) {
        CHECK(e.context().token == "lstm_recurrent_kernel");
        CHECK(std::string(e.what()).find("expected [3,12]") != std::string::npos);
    }
    // The same rule guards saving: a mis-shaped model is never written.
    ModelFile bad = small_model(3, 5);
    bad.weights.dense_kernel.resize(5, 3);
    CHECK(jazzlstm::test::error_id<jazzlstm::shape_error>([&] { (void)jazzlstm::dump_model_file(bad); }) == "jazzlstm.model.shape");
    CHECK(jazzlstm::test::error_id<jazzlstm::shape_error>([&] { jazzlstm::check_weight_shapes(bad.weights, 3, 5); }) == "jazzlstm.model.shape");
    CHECK_NOTHROW(jazzlstm::check_weight_shapes(small_model(3, 5).weights, 3, 5));
}

TEST_CASE("vocabulary: size, duplicates and hash are checked")
{
    const ModelFile m = small_model(3, 5);
    const json doc = doc_of(m);
    json d = doc;
    d["vocabulary"].erase(4);
    d["vocabulary_fnv1a64"] = jazzlstm::vocabulary_hash_hex(jazzlstm::vocabulary_fingerprint(d["vocabulary"].get<std::vector<std::string>>()));
    CHECK(parse_id(d.dump()) == "jazzlstm.model.vocabulary_size");

    d = doc;
    d["vocabulary"][3] = d["vocabulary"][1];
    d["vocabulary_fnv1a64"] = jazzlstm::vocabulary_hash_hex(jazzlstm::vocabulary_fingerprint(d["vocabulary"].get<std::vector<std::string>>()));
    try {
        (void)jazzlstm::parse_model_file(d.dump(), "m.json");
        FAIL("duplicate token accepted");
    } catch (const jazzlstm::parse_error& e) {
        CHECK(e.id() == "jazzlstm.model.duplicate_token");
        CHECK(*e.context().position == 3);
        CHECK(e.context().token == m.vocabulary[1]);
    }

    d = doc;
    d["vocabulary"][2] = "C,0.250,<m3,P-99>"; // edited by hand: the stored hash no longer matches
    CHECK(parse_id(d.dump()) == "jazzlstm.model.vocabulary_hash");
    d = doc;
    d["vocabulary_fnv1a64"] = "0000000000000000";
    CHECK(parse_id(d.dump()) == "jazzlstm.model.vocabulary_hash");
    d = doc;
    std::swap(d["vocabulary"][0], d["vocabulary"][1]); // order matters: index k is one-hot entry k
    CHECK(parse_id(d.dump()) == "jazzlstm.model.vocabulary_hash");

    ModelFile dup = m;
    dup.vocabulary[4] = dup.vocabulary[0];
    CHECK(jazzlstm::test::error_id<jazzlstm::parse_error>([&] { (void)jazzlstm::dump_model_file(dup); }) == "jazzlstm.model.duplicate_token");
    ModelFile short_vocab = m;
    short_vocab.vocabulary.pop_back();
    CHECK(jazzlstm::test::error_id<jazzlstm::shape_error>([&] { (void)jazzlstm::dump_model_file(short_vocab); }) == "jazzlstm.model.vocabulary_size");
}

TEST_CASE("check_vocabulary refuses a different corpus vocabulary")
{
    const ModelFile m = small_model(3, 5);
    CHECK_NOTHROW(jazzlstm::check_vocabulary(m, m.vocabulary));
    auto other = m.vocabulary;
    other.push_back("R,0.250");
    CHECK(jazzlstm::test::error_id<jazzlstm::shape_error>([&] { jazzlstm::check_vocabulary(m, other); }) == "jazzlstm.model.vocabulary_mismatch");
    other = m.vocabulary;
    std::swap(other[2], other[3]);
    try {
        jazzlstm::check_vocabulary(m, other);
        FAIL("reordered vocabulary accepted");
    } catch (const jazzlstm::shape_error& e) {
        CHECK(e.id() == "jazzlstm.model.vocabulary_mismatch");
        CHECK(*e.context().position == 2);
        CHECK(e.context().token == m.vocabulary[3]);
    }
}

TEST_CASE("non-finite values are never written and never read")
{
    const fs::path dir = scratch("non_finite");
    const fs::path path = dir / "model.json";
    jazzlstm::save_model_file(path, small_model());
    const std::string good = slurp(path);
    for (double bad : { std::nan(""), HUGE_VAL, -HUGE_VAL }) {
        ModelFile m = small_model();
        m.weights.lstm_recurrent_kernel(1, 2) = bad;
        CHECK(jazzlstm::test::error_id<jazzlstm::numeric_error>([&] { jazzlstm::save_model_file(path, m); }) == "jazzlstm.model.non_finite");
        CHECK(slurp(path) == good);
    }
    ModelFile m = small_model();
    m.hyper.training.final_loss = std::nan("");
    CHECK(jazzlstm::test::error_id<jazzlstm::numeric_error>([&] { jazzlstm::save_model_file(path, m); }) == "jazzlstm.model.non_finite");
    CHECK(slurp(path) == good);
    CHECK(entries(dir) == 1);
    // Converting to float refuses values beyond float range instead of making infinities.
    ModelFile big = small_model();
    big.weights.dense_bias(2) = 1e300;
    CHECK(jazzlstm::test::error_id<jazzlstm::numeric_error>([&] { (void)jazzlstm::to_float_weights(big.weights); }) == "jazzlstm.model.float_overflow");
}

TEST_CASE("optimizer_state: optional, written and read back bit for bit, checked like the weights")
{
    ModelFile m = small_model();
    CHECK_FALSE(jazzlstm::parse_model_file(jazzlstm::dump_model_file(m)).optimizer_state);
    jazzlstm::AdamMoments<double> state;
    state.iterations = 1234;
    state.m = random_weights<double>(m.hyper.n_a, m.hyper.V, 11);
    state.v = random_weights<double>(m.hyper.n_a, m.hyper.V, 12);
    for (auto* t : { &state.v.lstm_kernel, &state.v.lstm_recurrent_kernel, &state.v.dense_kernel })
        *t = t->cwiseAbs();
    state.v.lstm_bias = state.v.lstm_bias.cwiseAbs();
    state.v.dense_bias = state.v.dense_bias.cwiseAbs();
    m.optimizer_state = state;
    const ModelFile back = jazzlstm::parse_model_file(jazzlstm::dump_model_file(m));
    REQUIRE(back.optimizer_state);
    CHECK(back.optimizer_state->iterations == 1234);
    CHECK(back.optimizer_state->m.lstm_kernel == state.m.lstm_kernel);
    CHECK(back.optimizer_state->m.dense_bias == state.m.dense_bias);
    CHECK(back.optimizer_state->v.lstm_recurrent_kernel == state.v.lstm_recurrent_kernel);
    CHECK(back.optimizer_state->v.dense_kernel == state.v.dense_kernel);

    ModelFile negative = m;
    negative.optimizer_state->v.lstm_bias(0) = -1;
    CHECK(jazzlstm::test::error_id<jazzlstm::numeric_error>([&] { (void)jazzlstm::dump_model_file(negative); }) == "jazzlstm.model.non_finite");
    ModelFile nan = m;
    nan.optimizer_state->m.dense_kernel(0, 0) = std::nan("");
    CHECK(jazzlstm::test::error_id<jazzlstm::numeric_error>([&] { (void)jazzlstm::dump_model_file(nan); }) == "jazzlstm.model.non_finite");
    ModelFile wrong = m;
    wrong.optimizer_state->m.lstm_kernel.resize(1, 1);
    CHECK(jazzlstm::test::error_id<jazzlstm::shape_error>([&] { (void)jazzlstm::dump_model_file(wrong); }) == "jazzlstm.model.shape");
    // The one shape check of the weights, naming the moment's tensor.
    try {
        (void)jazzlstm::dump_model_file(wrong);
    } catch (const jazzlstm::shape_error& e) {
        CHECK(std::string(e.what()).find("optimizer_state.m.lstm_kernel is 1x1, expected") != std::string::npos);
    }
    // In the text: a member of the wrong type, a tensor of the wrong shape, a missing moment.
    auto doc = nlohmann::json::parse(jazzlstm::dump_model_file(m));
    auto edited = doc;
    edited["optimizer_state"]["iterations"] = -1;
    CHECK(jazzlstm::test::error_id<jazzlstm::parse_error>([&] { (void)jazzlstm::parse_model_file(edited.dump()); }).rfind("jazzlstm.model.", 0) == 0);
    edited = doc;
    edited["optimizer_state"]["v"]["dense_bias"]["shape"] = { 1 };
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::parse_model_file(edited.dump()); }).rfind("jazzlstm.model.", 0) == 0);
    edited = doc;
    edited["optimizer_state"].erase("m");
    CHECK(jazzlstm::test::error_id<jazzlstm::parse_error>([&] { (void)jazzlstm::parse_model_file(edited.dump()); }) == "jazzlstm.model.missing_field");
}

TEST_CASE("atomic save: a failed write leaves the existing file intact and no temporary behind")
{
    const fs::path dir = scratch("atomic");
    const fs::path path = dir / "model.json";
    const ModelFile good_model = small_model(2, 3);
    jazzlstm::save_model_file(path, good_model);
    const std::string good = slurp(path);

    // The target is a directory: rename fails after the temporary was written.
    const fs::path occupied = dir / "occupied";
    fs::create_directories(occupied / "inside");
    CHECK(jazzlstm::test::error_id<jazzlstm::io_error>([&] { jazzlstm::save_model_file(occupied, good_model); }) == "jazzlstm.model.write_failed");
    CHECK(fs::is_directory(occupied / "inside"));
    // The directory does not exist: nothing can be created.
    CHECK(jazzlstm::test::error_id<jazzlstm::io_error>([&] { jazzlstm::save_model_file(dir / "missing" / "model.json", good_model); }) == "jazzlstm.model.write_failed");
    CHECK(entries(dir) == 2); // model.json and occupied/

#ifdef JAZZLSTM_TEST_RLIMIT
    // The disk "fills up" half-way through writing a bigger model (a file-size limit makes
    // write() fail with EFBIG): the old file must survive untouched.
    const ModelFile bigger = small_model(16, 40);
    struct rlimit saved {};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit low = saved;
    low.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &low) == 0);
    const std::string id = jazzlstm::test::error_id<jazzlstm::io_error>([&] { jazzlstm::save_model_file(path, bigger); });
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    CHECK(id == "jazzlstm.model.write_failed");
    CHECK(slurp(path) == good);
    CHECK(entries(dir) == 2);
    const ModelFile still = jazzlstm::load_model_file(path);
    CHECK(same_bits(still.weights, good_model.weights));
    // With the limit lifted the same save succeeds.
    jazzlstm::save_model_file(path, bigger);
    CHECK(jazzlstm::load_model_file(path).hyper.n_a == 16);
#else
    MESSAGE("SKIPPED: the disk-full simulation needs setrlimit (POSIX)");
#endif
}

TEST_CASE("loading: missing files and oversized files are refused before parsing")
{
    const fs::path dir = scratch("load");
    CHECK(jazzlstm::test::error_id<jazzlstm::io_error>([&] { (void)jazzlstm::load_model_file(dir / "absent.json"); }) == "jazzlstm.model.open_failed");
    const fs::path huge = dir / "huge.json";
    {
        std::ofstream out(huge);
    }
    fs::resize_file(huge, jazzlstm::model_file_max_bytes + 1); // sparse: costs no disk
    CHECK(jazzlstm::test::error_id<jazzlstm::limit_error>([&] { (void)jazzlstm::load_model_file(huge); }) == "jazzlstm.model.too_large");
    fs::remove(huge);
    const fs::path text = dir / "broken.json";
    {
        std::ofstream out(text);
        out << "{\n\"format\": \"jazzlstm-model\",\n\"version\": 1,\n\"hyper\": {\"Tx\": 30,}\n}\n";
    }
    try {
        (void)jazzlstm::load_model_file(text);
        FAIL("broken file accepted");
    } catch (const jazzlstm::parse_error& e) {
        CHECK(e.id() == "jazzlstm.model.json");
        CHECK(e.context().file == text.string());
        CHECK(*e.context().line == 4);
    }
}

TEST_CASE("a model written by examples/export_weights.py --selftest loads with every value intact")
{
    // Set by tests/model_file.cmake after running the script; absent in a plain run.
    const char* path = std::getenv("JAZZLSTM_PYTHON_MODEL");
    if (path == nullptr) {
        MESSAGE("SKIPPED: JAZZLSTM_PYTHON_MODEL is not set (ctest sets it when python3 is available)");
        return;
    }
    // Loading at all proves that Python's FNV-1a over the UTF-8 tokens equals ours.
    const ModelFile m = jazzlstm::load_model_file(path);
    CHECK(m.hyper.n_a == 4);
    CHECK(m.hyper.V == 6);
    CHECK(m.hyper.training.source == "selftest");
    CHECK(m.vocabulary.back() == "R,0.333,<\xC3\xA9>");
    // The script's formula, tensor t, row-major element k: ((7919·k + 31·t) mod 2001 − 1000) / 3000.
    auto expect = [](int t, const auto& tensor) {
        int wrong = 0;
        long k = 0;
        for (Eigen::Index r = 0; r < tensor.rows(); ++r)
            for (Eigen::Index c = 0; c < tensor.cols(); ++c, ++k)
                wrong += tensor(r, c) != static_cast<double>((k * 7919 + 31 * t) % 2001 - 1000) / 3000.0;
        return wrong;
    };
    CHECK(expect(0, m.weights.lstm_kernel) == 0);
    CHECK(expect(1, m.weights.lstm_recurrent_kernel) == 0);
    CHECK(expect(2, m.weights.lstm_bias) == 0);
    CHECK(expect(3, m.weights.dense_kernel) == 0);
    CHECK(expect(4, m.weights.dense_bias) == 0);
}

} // namespace jazzlstm_test_model_file

#include <jazzlstm/nn/training_data.hpp>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_training_data {

using jazzlstm::IndexSequences;
using jazzlstm::make_training_data;
using jazzlstm::no_token;

namespace {

/// The notebook's loop, written over plain nested arrays: X[i][j][v] and Y[i][j][v] with
/// X[i, j, idx(w[j])] = 1 and Y[i, j-1, idx(w[j])] = 1 for j = 1..Tx-1.
struct NotebookArrays {
    std::vector<std::vector<std::vector<int>>> X, Y; // both m × Tx × V (Y before swapaxes)
};

NotebookArrays notebook_data_processing(const std::vector<int>& corpus, const std::vector<long long>& starts, int V, int Tx)
{
    const int m = static_cast<int>(starts.size());
    NotebookArrays a;
    a.X.assign(m, std::vector<std::vector<int>>(Tx, std::vector<int>(V, 0)));
    a.Y = a.X;
    for (int i = 0; i < m; ++i) {
        for (int j = 1; j < Tx; ++j) {
            const int idx = corpus[static_cast<std::size_t>(starts[i] + j)];
            a.X[i][j][idx] = 1;
            a.Y[i][j - 1][idx] = 1;
        }
    }
    return a;
}


} // namespace

TEST_CASE("windows follow the seed-0 offsets; X starts empty, Y is X shifted, last Y empty")
{
    // A corpus of 193 tokens like music21_5's, with values chosen so every window is recognisable.
    const int V = 78, Tx = 30, m = 60;
    std::vector<int> corpus(193);
    for (std::size_t p = 0; p < corpus.size(); ++p)
        corpus[p] = static_cast<int>((p * 7) % V);
    const auto data = make_training_data(corpus, V, m, Tx, 0);
    REQUIRE(data.X.rows() == Tx);
    REQUIRE(data.X.cols() == m);
    REQUIRE(data.Y.rows() == Tx);
    REQUIRE(data.Y.cols() == m);
    CHECK(data.V == V);
    REQUIRE(data.start_indices.size() == 60);
    // grammar-spec §9: range 163 starts 47, 117, 67, 103, 9.
    CHECK(std::vector<std::int64_t>(data.start_indices.begin(), data.start_indices.begin() + 5) == std::vector<std::int64_t> { 47, 117, 67, 103, 9 });
    for (int i = 0; i < m; ++i) {
        const auto s = static_cast<std::size_t>(data.start_indices[i]);
        CHECK(data.X(0, i) == no_token);
        CHECK(data.Y(Tx - 1, i) == no_token);
        for (int t = 1; t < Tx; ++t)
            CHECK(data.X(t, i) == corpus[s + t]);
        for (int t = 0; t + 1 < Tx; ++t)
            CHECK(data.Y(t, i) == data.X(t + 1, i));
    }
    CHECK(data.X(1, 0) == corpus[48]);
    CHECK(data.Y(Tx - 2, 0) == corpus[47 + 29]);
}

TEST_CASE("dense one-hot layouts equal the notebook's arrays (X m×Tx×V, Y Tx×m×V)")
{
    const int V = 11, Tx = 6, m = 5;
    std::vector<int> corpus { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5, 0, 2, 8, 8, 4, 1, 9, 7, 10 };
    const auto data = make_training_data(corpus, V, m, Tx, 1234);
    const std::vector<long long> starts(data.start_indices.begin(), data.start_indices.end());
    const auto reference = notebook_data_processing(corpus, starts, V, Tx);

    const auto X = jazzlstm::dense_x<float>(data);
    const auto Y = jazzlstm::dense_y<double>(data);
    CHECK(X.dim0 == m);
    CHECK(X.dim1 == Tx);
    CHECK(X.dim2 == V);
    CHECK(Y.dim0 == Tx);
    CHECK(Y.dim1 == m);
    CHECK(Y.dim2 == V);
    REQUIRE(X.data.size() == static_cast<std::size_t>(m * Tx * V));
    REQUIRE(Y.data.size() == static_cast<std::size_t>(m * Tx * V));
    int mismatches = 0;
    for (int i = 0; i < m; ++i)
        for (int t = 0; t < Tx; ++t)
            for (int v = 0; v < V; ++v) {
                mismatches += X(i, t, v) != static_cast<float>(reference.X[i][t][v]);
                mismatches += Y(t, i, v) != static_cast<double>(reference.Y[i][t][v]); // np.swapaxes(Y, 0, 1)
            }
    CHECK(mismatches == 0);
    // Flat C order: (i, t, v) is element (i·Tx + t)·V + v.
    const int v01 = data.X(1, 0);
    CHECK(X.data[static_cast<std::size_t>((0 * Tx + 1) * V + v01)] == 1.0f);
}

TEST_CASE("the real corpora: shapes (60,30,V) and (30,60,V), every window from the reference offsets")
{
    const auto path = jazzlstm::test::metheny_reference();
    if (!jazzlstm::test::have_file(path))
        return;
    const auto reference = jazzlstm::test::load_reference();
    for (const char* name : { "music21_5", "music21_6" }) {
        CAPTURE(name);
        const auto& variant = reference.at("variants").at(name);
        const auto vocabulary = variant.at("vocabulary").get<std::vector<std::string>>();
        std::map<std::string, int> index_of;
        for (std::size_t k = 0; k < vocabulary.size(); ++k)
            index_of[vocabulary[k]] = static_cast<int>(k);
        std::vector<int> corpus;
        for (const auto& token : variant.at("corpus"))
            corpus.push_back(index_of.at(token.get<std::string>()));
        const int V = variant.at("vocabulary_size").get<int>();
        const auto& dp = variant.at("data_processing");
        const auto starts = dp.at("np_random_seed0_start_indices").get<std::vector<long long>>();

        const auto data = make_training_data(corpus, V, dp.at("m").get<int>(), dp.at("Tx").get<int>(), 0);
        CHECK(std::equal(starts.begin(), starts.end(), data.start_indices.begin(), data.start_indices.end()));
        const auto X = jazzlstm::dense_x(data);
        const auto Y = jazzlstm::dense_y(data);
        CHECK(X.dim0 == 60);
        CHECK(X.dim1 == 30);
        CHECK(X.dim2 == V);
        CHECK(Y.dim0 == 30);
        CHECK(Y.dim1 == 60);
        CHECK(Y.dim2 == V);
        const auto ref = notebook_data_processing(corpus, starts, V, 30);
        int mismatches = 0;
        for (int i = 0; i < 60; ++i)
            for (int t = 0; t < 30; ++t)
                for (int v = 0; v < V; ++v)
                    mismatches += (X(i, t, v) != ref.X[i][t][v]) + (Y(t, i, v) != ref.Y[i][t][v]);
        CHECK(mismatches == 0);
        // 29 targets per window carry a token: the 29·ln V of the epoch-1 loss.
        int targets = 0;
        for (int t = 0; t < 30; ++t)
            targets += data.Y(t, 0) != no_token;
        CHECK(targets == 29);
    }
}

TEST_CASE("bad arguments are argument errors with ids")
{
    const std::vector<int> corpus(31, 2);
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { make_training_data(std::vector<int>(30, 2), 5, 60, 30); }) == "jazzlstm.training.corpus_too_short");
    CHECK_NOTHROW(make_training_data(corpus, 5, 3, 30)); // exactly Tx+1 tokens: one possible window
    CHECK(make_training_data(corpus, 5, 3, 30).start_indices == std::vector<std::int64_t> { 0, 0, 0 });
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { make_training_data(corpus, 5, 0, 30); }) == "jazzlstm.training.bad_size");
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { make_training_data(corpus, 5, -1, 30); }) == "jazzlstm.training.bad_size");
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { make_training_data(corpus, 0, 60, 30); }) == "jazzlstm.training.bad_size");
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { make_training_data(corpus, 5, 60, 0); }) == "jazzlstm.training.bad_size");
    auto bad = corpus;
    bad[17] = 5;
    try {
        make_training_data(bad, 5, 60, 30);
        FAIL("index 5 with V=5 accepted");
    } catch (const jazzlstm::argument_error& e) {
        CHECK(e.id() == "jazzlstm.training.index_out_of_range");
        REQUIRE(e.context().position.has_value());
        CHECK(*e.context().position == 17);
        CHECK(e.context().token == "5");
    }
    bad[17] = -2;
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { make_training_data(bad, 5, 60, 30); }) == "jazzlstm.training.index_out_of_range");
    IndexSequences seq(2, 2);
    seq << 0, 1, no_token, 7;
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { jazzlstm::one_hot_time_major(seq, 5); }) == "jazzlstm.training.index_out_of_range");
    CHECK(jazzlstm::test::error_id<jazzlstm::argument_error>([&] { jazzlstm::one_hot_batch_major(seq, 0); }) == "jazzlstm.training.bad_size");
}

} // namespace jazzlstm_test_training_data

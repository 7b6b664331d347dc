// Fuzz target: the model-file loader (model_file.hpp).
//
// Arbitrary text → parse_model_file. A model it accepts must dump and parse again to the same
// hyper-parameters, vocabulary and weights (doubles survive JSON exactly).
#include "fuzz_support.hpp"

#include <jazzlstm/nn/model_file.hpp>

#include <string>
#include <string_view>

namespace {

template <typename M>
bool same(const M& a, const M& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols() && (a.size() == 0 || a == b);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace jazzlstm;
    return fuzz::guarded([&] {
        const std::string_view text(reinterpret_cast<const char*>(data), size);
        const ModelFile model = parse_model_file(text, "<fuzz>");
        fuzz::require(model.vocabulary.size() == static_cast<std::size_t>(model.hyper.V), "V matches the vocabulary");
        std::string dumped;
        fuzz::must_succeed("dump_model_file", [&] { dumped = dump_model_file(model); });
        ModelFile again;
        fuzz::must_succeed("parse_model_file(dump_model_file(m))", [&] { again = parse_model_file(dumped); });
        fuzz::require(again.hyper.Tx == model.hyper.Tx && again.hyper.n_a == model.hyper.n_a && again.hyper.V == model.hyper.V
                && again.hyper.Ty == model.hyper.Ty,
            "hyper-parameters survive a round-trip");
        fuzz::require(again.vocabulary == model.vocabulary, "the vocabulary survives a round-trip");
        const auto& w = model.weights;
        const auto& v = again.weights;
        fuzz::require(same(w.lstm_kernel, v.lstm_kernel) && same(w.lstm_recurrent_kernel, v.lstm_recurrent_kernel)
                && same(w.lstm_bias, v.lstm_bias) && same(w.dense_kernel, v.dense_kernel) && same(w.dense_bias, v.dense_bias),
            "weights survive a round-trip exactly");
    });
}

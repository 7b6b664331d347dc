// JazzModel::summary(): the notebook's model.summary() table, Keras's layout with one row per
// layer of the training graph. Plain text from four numbers, so not a template.
#pragma once

#include <cstddef>
#include <iomanip>
#include <sstream>
#include <string>

namespace jazzlstm::detail {

/// n with Keras's thousands separators; "Param #" for the header row (n < 0).
inline std::string grouped_count(long n)
{
    if (n < 0)
        return "Param #";
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

/// The layer table of a model with Tx steps, n_a units and V values, ending in "Total params: N".
/// Allocates: yes.
inline std::string keras_summary(int Tx, int NA, int values, long reshape_params, long lstm_params, long dense_params)
{
    std::ostringstream out;
    const std::string rule(80, '_');
    const std::string V = std::to_string(values);
    const std::string n_a = std::to_string(NA);
    const std::string shared = "shared by " + std::to_string(Tx) + " steps";
    const long total = reshape_params + lstm_params + dense_params;
    auto row = [&](const std::string& layer, const std::string& shape, long params, const std::string& note) {
        out << std::left << std::setw(28) << layer << std::setw(26) << shape << std::setw(10) << grouped_count(params) << note
            << '\n';
    };
    out << "Model: \"jazz_model\" (Tx = " << Tx << ", n_a = " << NA << ", V = " << V << ")\n" << rule << '\n';
    row("Layer (type)", "Output Shape", -1, "Used by");
    out << std::string(80, '=') << '\n';
    row("input_X (InputLayer)", "(None, " + std::to_string(Tx) + ", " + V + ")", 0, "");
    row("a0 (InputLayer)", "(None, " + n_a + ")", 0, "");
    row("c0 (InputLayer)", "(None, " + n_a + ")", 0, "");
    row("reshape (Reshape)", "(None, 1, " + V + ")", reshape_params, shared);
    row("lstm (LSTM)", "[(None, " + n_a + ") x3]", lstm_params, shared);
    row("dense (Dense, softmax)", "(None, " + V + ")", dense_params, shared);
    out << std::string(80, '=') << '\n';
    out << "Total params: " << grouped_count(total) << '\n';
    out << "Trainable params: " << grouped_count(total) << '\n';
    out << "Non-trainable params: 0\n" << rule << '\n';
    return out.str();
}

} // namespace jazzlstm::detail

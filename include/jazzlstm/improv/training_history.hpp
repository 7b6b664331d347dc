// The record of a training run, epoch by epoch (standard library only, so that charts and
// tables of it need not include the network).
#pragma once

#include <optional>

namespace jazzlstm {

/// One epoch of training as the improviser records it.
struct EpochRecord {
    int epoch = 0;        ///< 1-based, counted within this run
    double loss = 0;
    double accuracy = 0;  ///< fraction of scored steps whose argmax is the target, 0..1
    std::optional<double> validation_loss;     ///< on the held-out windows, after the epoch's updates
    std::optional<double> validation_accuracy;

    // Constructors rather than an aggregate, so that a record without validation figures is
    // still written { epoch, loss, accuracy } under -Wmissing-field-initializers.
    EpochRecord() = default;
    EpochRecord(int epoch_, double loss_, double accuracy_, std::optional<double> validation_loss_ = {},
        std::optional<double> validation_accuracy_ = {})
        : epoch(epoch_)
        , loss(loss_)
        , accuracy(accuracy_)
        , validation_loss(validation_loss_)
        , validation_accuracy(validation_accuracy_)
    {
    }
};

} // namespace jazzlstm

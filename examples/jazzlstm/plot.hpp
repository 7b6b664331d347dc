// Training history outputs: an SVG line chart of the loss per epoch and a CSV table.
#pragma once

#include "svg.hpp"

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/improv/training_history.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace jazzlstm::app {

namespace detail {

    // "Nice" tick step (1, 2 or 5 times a power of ten) nearest to span / count.
    inline double nice_step(double span, int count)
    {
        if (!(span > 0))
            return 1;
        double raw = span / count;
        double power = std::pow(10.0, std::floor(std::log10(raw)));
        double unit = raw / power;
        double nice = unit < 1.5 ? 1 : unit < 3 ? 2 : unit < 7 ? 5 : 10;
        return nice * power;
    }

    inline std::string tick_label(double value, double step)
    {
        char buffer[32];
        int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
        std::snprintf(buffer, sizeof buffer, "%.*f", std::min(decimals, 6), value);
        return buffer;
    }

} // namespace detail

/// SVG line chart of `history[i].loss` (and the validation loss, dashed, when the run has one)
/// against the epoch, with axes, ticks, labels and a legend for two lines.
/// @throws argument_error `jazzlstm.plot.empty` for an empty history, `jazzlstm.plot.not_finite`
///         for a NaN or infinite loss (the epoch is named).
/// Allocates: the returned string.
inline std::string loss_plot_svg(const std::vector<EpochRecord>& history, const std::string& title = "training loss")
{
    using detail::fmt;
    if (history.empty())
        throw argument_error("jazzlstm.plot.empty", "no epochs to plot");
    double lo = history.front().loss, hi = lo;
    const bool validation = history.front().validation_loss.has_value();
    for (const auto& r : history) {
        for (const double loss : { r.loss, r.validation_loss.value_or(r.loss) }) {
            if (!std::isfinite(loss)) {
                error_context context;
                context.position = static_cast<std::size_t>(r.epoch);
                throw argument_error("jazzlstm.plot.not_finite", "loss is not finite at epoch " + std::to_string(r.epoch), context);
            }
            lo = std::min(lo, loss);
            hi = std::max(hi, loss);
        }
    }
    const double first_epoch = history.front().epoch, last_epoch = std::max(history.back().epoch, history.front().epoch + 1);
    const double y_step = detail::nice_step(hi > lo ? hi - std::min(0.0, lo) : std::max(1.0, std::fabs(hi)), 5);
    const double y_lo = std::min(0.0, std::floor(lo / y_step) * y_step);
    const double y_hi = std::max(y_lo + y_step, std::ceil(hi / y_step) * y_step);
    const double x_step = detail::nice_step(last_epoch - first_epoch, 8);

    const double width = 640, height = 400, left = 64, right = 20, top = 40, bottom = 52;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    auto x_of = [&](double epoch) { return left + (epoch - first_epoch) / (last_epoch - first_epoch) * plot_w; };
    auto y_of = [&](double loss) { return top + (y_hi - loss) / (y_hi - y_lo) * plot_h; };

    std::string s;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) + "\" viewBox=\"0 0 "
        + fmt(width) + " " + fmt(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) + "\" fill=\"#ffffff\"/>\n";
    s += "<text class=\"title\" x=\"" + fmt(width / 2) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">"
        + detail::xml_escape(title) + "</text>\n";

    s += "<g class=\"y-axis\">\n";
    for (double v = y_lo; v <= y_hi + y_step * 1e-6; v += y_step) {
        s += "<line class=\"tick\" x1=\"" + fmt(left - 5) + "\" y1=\"" + fmt(y_of(v)) + "\" x2=\"" + fmt(left + plot_w)
            + "\" y2=\"" + fmt(y_of(v)) + "\" stroke=\"#ddd\"/>\n";
        s += "<text class=\"tick-label\" x=\"" + fmt(left - 8) + "\" y=\"" + fmt(y_of(v) + 4) + "\" text-anchor=\"end\">"
            + detail::tick_label(v, y_step) + "</text>\n";
    }
    s += "<text class=\"axis-label\" transform=\"translate(16," + fmt(top + plot_h / 2)
        + ") rotate(-90)\" text-anchor=\"middle\">loss</text>\n";
    s += "</g>\n";

    s += "<g class=\"x-axis\">\n";
    const double x_first = std::ceil(first_epoch / x_step) * x_step;
    for (double e = x_first; e <= last_epoch + x_step * 1e-6; e += x_step) {
        s += "<line class=\"tick\" x1=\"" + fmt(x_of(e)) + "\" y1=\"" + fmt(top + plot_h) + "\" x2=\"" + fmt(x_of(e)) + "\" y2=\""
            + fmt(top + plot_h + 5) + "\" stroke=\"#000\"/>\n";
        s += "<text class=\"tick-label\" x=\"" + fmt(x_of(e)) + "\" y=\"" + fmt(top + plot_h + 18)
            + "\" text-anchor=\"middle\">" + detail::tick_label(e, x_step) + "</text>\n";
    }
    s += "<text class=\"axis-label\" x=\"" + fmt(left + plot_w / 2) + "\" y=\"" + fmt(height - 10)
        + "\" text-anchor=\"middle\">epoch</text>\n";
    s += "</g>\n";

    s += "<line class=\"axis\" x1=\"" + fmt(left) + "\" y1=\"" + fmt(top) + "\" x2=\"" + fmt(left) + "\" y2=\"" + fmt(top + plot_h)
        + "\" stroke=\"#000\"/>\n";
    s += "<line class=\"axis\" x1=\"" + fmt(left) + "\" y1=\"" + fmt(top + plot_h) + "\" x2=\"" + fmt(left + plot_w) + "\" y2=\""
        + fmt(top + plot_h) + "\" stroke=\"#000\"/>\n";

    s += "<polyline class=\"loss\" fill=\"none\" stroke=\"#d9472b\" stroke-width=\"1.5\" points=\"";
    for (std::size_t i = 0; i < history.size(); ++i) {
        if (i)
            s += ' ';
        s += fmt(x_of(history[i].epoch)) + "," + fmt(y_of(history[i].loss));
    }
    s += "\"/>\n";
    if (validation) {
        s += "<polyline class=\"validation-loss\" fill=\"none\" stroke=\"#2b6fd9\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\" points=\"";
        for (std::size_t i = 0; i < history.size(); ++i) {
            if (i)
                s += ' ';
            s += fmt(x_of(history[i].epoch)) + "," + fmt(y_of(history[i].validation_loss.value_or(history[i].loss)));
        }
        s += "\"/>\n";
        s += "<g class=\"legend\" font-size=\"11\"><line x1=\"" + fmt(left + plot_w - 150) + "\" y1=\"" + fmt(top + 12) + "\" x2=\""
            + fmt(left + plot_w - 126) + "\" y2=\"" + fmt(top + 12) + "\" stroke=\"#d9472b\" stroke-width=\"1.5\"/><text x=\""
            + fmt(left + plot_w - 120) + "\" y=\"" + fmt(top + 16) + "\">training</text><line x1=\"" + fmt(left + plot_w - 150) + "\" y1=\""
            + fmt(top + 28) + "\" x2=\"" + fmt(left + plot_w - 126) + "\" y2=\"" + fmt(top + 28)
            + "\" stroke=\"#2b6fd9\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"" + fmt(left + plot_w - 120) + "\" y=\""
            + fmt(top + 32) + "\">validation</text></g>\n";
    }
    s += "</svg>\n";
    return s;
}

/// The history as CSV with the header `epoch,loss,accuracy`, and `,val_loss,val_accuracy` when the
/// run held out windows; numbers with 6 decimals. Allocates: the returned string.
inline std::string history_csv(const std::vector<EpochRecord>& history)
{
    const bool validation = !history.empty() && history.front().validation_loss.has_value();
    std::string s = validation ? "epoch,loss,accuracy,val_loss,val_accuracy\n" : "epoch,loss,accuracy\n";
    char buffer[160];
    for (const auto& r : history) {
        if (validation)
            std::snprintf(buffer, sizeof buffer, "%d,%.6f,%.6f,%.6f,%.6f\n", r.epoch, r.loss, r.accuracy, r.validation_loss.value_or(0.0),
                r.validation_accuracy.value_or(0.0));
        else
            std::snprintf(buffer, sizeof buffer, "%d,%.6f,%.6f\n", r.epoch, r.loss, r.accuracy);
        s += buffer;
    }
    return s;
}

} // namespace jazzlstm::app

// A standalone SVG line chart: axes with ticks, one polyline per series, marked points,
// labelled vertical lines and a legend. Non-finite points are skipped.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "hw4/report/plot.h"
#include "hw4/report/render.h"

namespace hw4::report {

namespace {

constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

std::string escape_xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Round tick spacing (1, 2 or 5 times a power of ten) giving about `count` ticks.
double tick_step(double span, int count) {
  const double raw = span / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void settle() {
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    if (hi - lo < 1e-300 * std::max(1.0, std::abs(hi))) {
      lo -= 0.5 * std::max(1.0, std::abs(lo));
      hi += 0.5 * std::max(1.0, std::abs(hi));
    }
  }
};

// Log colour scale: white for zero and values eight decades below the largest, dark blue for it.
std::string heat_colour(double v, double log_max) {
  if (!(v > 0.0) || !std::isfinite(log_max)) return "#ffffff";
  const double f = std::clamp((std::log10(v) - (log_max - 8.0)) / 8.0, 0.0, 1.0);
  const auto channel = [&](double light, double dark) {
    return static_cast<int>(std::lround(light + (dark - light) * f));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", channel(255, 8), channel(255, 48), channel(255, 107));
}

// One heat map in a square of `size` pixels whose top-left corner is (x0, y0), with its title
// above and axis labels; returns the SVG elements.
std::string render_heat_map(const HeatMap& map, double x0, double y0, double size) {
  const std::size_t rows = map.values.size();
  std::size_t cols = 0;
  double largest = 0.0;
  for (const auto& row : map.values) {
    cols = std::max(cols, row.size());
    for (const double v : row) {
      if (std::isfinite(v)) largest = std::max(largest, v);
    }
  }
  std::string out = fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\">{}</text>\n",
                                x0 + size / 2, y0 - 10, escape_xml(map.title));
  if (rows == 0 || cols == 0) return out;
  const double log_max = largest > 0.0 ? std::log10(largest) : NAN;
  const double cw = size / static_cast<double>(cols), ch = size / static_cast<double>(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < map.values[r].size(); ++c) {
      out += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" "
                         "fill=\"{}\"/>\n",
                         x0 + cw * static_cast<double>(c), y0 + ch * static_cast<double>(r), cw + 0.05,
                         ch + 0.05, heat_colour(map.values[r][c], log_max));
    }
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
                     "stroke=\"#333\"/>\n", x0, y0, size, size);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} (1 to {})</text>\n",
                     x0 + size / 2, y0 + size + 18, escape_xml(map.x_label), cols);
  out += fmt::format("<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
                     "transform=\"rotate(-90 {0} {1})\">{2} (1 to {3}, top to bottom)</text>\n",
                     x0 - 12, y0 + size / 2, escape_xml(map.y_label), rows);
  out += fmt::format("<text x=\"{}\" y=\"{}\">darkest: {}; white: 0 or 8 decades below</text>\n",
                     x0 + size + 12, y0 + 14, format_number(largest, 4));
  return out;
}

}  // namespace

std::string render_svg(const Plot& plot, int width, int height) {
  const double left = 80, right = 170, top = 40, bottom = 60;
  const double pw = width - left - right, ph = height - top - bottom;
  const double map_size = 360, map_block = map_size + 90;
  const int chart_height = height;
  height += static_cast<int>(map_block * static_cast<double>(plot.heat_maps.size()));
  auto ty = [&](double y) { return plot.log_y ? (y > 0 ? std::log10(y) : NAN) : y; };

  Range xr, yr;
  for (const Series& s : plot.series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      xr.add(s.x[i]);
      yr.add(ty(s.y[i]));
    }
  }
  for (const Marker& m : plot.markers) {
    xr.add(m.x);
    yr.add(ty(m.y));
  }
  for (const Marker& m : plot.vertical_lines) xr.add(m.x);
  xr.settle();
  yr.settle();
  auto sx = [&](double x) { return left + (x - xr.lo) / (xr.hi - xr.lo) * pw; };
  auto sy = [&](double y) { return top + ph - (y - yr.lo) / (yr.hi - yr.lo) * ph; };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{3}</text>\n",
      width, height, left + pw / 2, escape_xml(plot.title));
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
                     "stroke=\"#333\"/>\n", left, top, pw, ph);
  // Ticks and grid.
  const double xs = tick_step(xr.hi - xr.lo, 6), ys = tick_step(yr.hi - yr.lo, 6);
  // Counted loops: with a span far below the values' spacing, x += step would not advance.
  for (int i = 0; i < 40; ++i) {
    const double x = std::ceil(xr.lo / xs) * xs + i * xs;
    if (x > xr.hi + 1e-9 * xs) break;
    out += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#ddd\"/>"
                       "<text x=\"{0:.2f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
                       sx(x), top, top + ph, top + ph + 16, format_number(x, 4));
  }
  for (int i = 0; i < 40; ++i) {
    const double y = std::ceil(yr.lo / ys) * ys + i * ys;
    if (y > yr.hi + 1e-9 * ys) break;
    const std::string label = plot.log_y ? "1e" + format_number(y, 3) : format_number(y, 4);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{3}\" y=\"{4:.2f}\" text-anchor=\"end\">{5}</text>\n",
                       left, sy(y), left + pw, left - 6, sy(y) + 4, label);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", left + pw / 2,
                     chart_height - 18, escape_xml(plot.x_label));
  out += fmt::format("<text x=\"18\" y=\"{0}\" text-anchor=\"middle\" "
                     "transform=\"rotate(-90 18 {0})\">{1}</text>\n",
                     top + ph / 2, escape_xml(plot.y_label + (plot.log_y ? " (log scale)" : "")));
  for (const Marker& v : plot.vertical_lines) {
    out += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#888\" "
                       "stroke-dasharray=\"5,4\"/><text x=\"{3:.2f}\" y=\"{4}\">{5}</text>\n",
                       sx(v.x), top, top + ph, sx(v.x) + 3, top + 14, escape_xml(v.label));
  }
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    const char* color = kColors[k % std::size(kColors)];
    std::string points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      const double y = ty(s.y[i]);
      if (!std::isfinite(s.x[i]) || !std::isfinite(y)) continue;
      points += fmt::format("{:.2f},{:.2f} ", sx(s.x[i]), sy(y));
    }
    out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n",
                       color, points);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" "
                       "stroke-width=\"2\"/><text x=\"{4}\" y=\"{5}\">{6}</text>\n",
                       left + pw + 12, top + 10 + 20.0 * static_cast<double>(k), left + pw + 32,
                       color, left + pw + 38, top + 14 + 20.0 * static_cast<double>(k),
                       escape_xml(s.label));
  }
  for (const Marker& m : plot.markers) {
    const double y = ty(m.y);
    if (!std::isfinite(m.x) || !std::isfinite(y)) continue;
    out += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"black\"/>"
                       "<text x=\"{:.2f}\" y=\"{:.2f}\">{}</text>\n",
                       sx(m.x), sy(y), sx(m.x) + 6, sy(y) - 6, escape_xml(m.label));
  }
  for (std::size_t i = 0; i < plot.heat_maps.size(); ++i) {
    out += render_heat_map(plot.heat_maps[i], left,
                           chart_height + 50 + map_block * static_cast<double>(i), map_size);
  }
  return out + "</svg>\n";
}

}  // namespace hw4::report

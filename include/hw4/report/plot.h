// A simple 2-D line chart model (curves against one variable, marked points, vertical marks)
// with optional heat maps below it, rendered to a standalone SVG by render_svg.
#pragma once

#include <string>
#include <vector>

namespace hw4::report {

struct Series {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;
};

struct Marker {
  double x = 0;
  double y = 0;
  std::string label;
};

// A matrix drawn as coloured cells (row r at the top), on a logarithmic colour scale: the
// largest value darkest, eight decades below it and zero white.
struct HeatMap {
  std::string title;
  std::string x_label;  // along the columns
  std::string y_label;  // along the rows
  std::vector<std::vector<double>> values;
};

struct Plot {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::vector<Marker> vertical_lines;  // x positions with a label (y is ignored)
  bool log_y = false;
  std::vector<HeatMap> heat_maps;  // drawn below the chart, one after another
};

// A complete SVG document (width × height pixels for the chart; heat maps add their height).
std::string render_svg(const Plot& plot, int width = 720, int height = 440);

}  // namespace hw4::report

// A simple 2-D line chart model (curves against one variable, marked points, vertical marks),
// rendered to a standalone SVG by render_svg.
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

struct Plot {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::vector<Marker> vertical_lines;  // x positions with a label (y is ignored)
  bool log_y = false;
};

// A complete SVG document (width × height pixels).
std::string render_svg(const Plot& plot, int width = 720, int height = 440);

}  // namespace hw4::report

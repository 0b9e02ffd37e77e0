// Building prose with inline math.
#include <string>

#include "hw4/report/report.h"

namespace hw4::report {

Text& Text::operator<<(std::string_view prose) {
  if (!spans.empty() && !spans.back().math) {
    spans.back().prose += prose;
  } else {
    spans.push_back(Span{std::string(prose), std::nullopt});
  }
  return *this;
}

Text& Text::operator<<(const Formula& math) {
  spans.push_back(Span{"", math});
  return *this;
}

}  // namespace hw4::report

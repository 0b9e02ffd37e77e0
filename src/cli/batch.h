// `hw4 batch`: NDJSON requests in, one envelope per line out, in order.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace hw4::cli {

// Lines are read and answered in chunks on every core, and written in input order, so memory
// stays bounded by the chunk whatever the stream's length. Returns 1 if any line gave an error.
int run_batch(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err);

}  // namespace hw4::cli

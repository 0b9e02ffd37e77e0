// dlopen of hw4-onnx.so: the ONNX and protobuf libraries are loaded only by the runs that read
// an exported model.
#include "cli/onnx_module.h"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kModuleName = "hw4-onnx.so";

std::vector<fs::path> candidates() {
  std::vector<fs::path> places;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    places.push_back(exe.parent_path() / kModuleName);
    places.push_back(exe.parent_path().parent_path() / "lib" / "hw4" / kModuleName);
  }
  places.emplace_back(HW4_ONNX_MODULE_BUILT);
  return places;
}

LoadOnnxGraph load() {
  std::vector<std::string> tried;
  for (const fs::path& place : candidates()) {
    std::error_code ec;
    if (!fs::is_regular_file(place, ec)) {
      tried.push_back(place.string());
      continue;
    }
    // RTLD_LOCAL: protobuf's and ONNX's symbols stay out of hw4's namespace. The module is
    // never closed; its static registries live until exit.
    void* module = ::dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      throw Error(ErrorKind::kInternal, fmt::format("cannot load the ONNX module: {}", ::dlerror()));
    }
    void* entry = ::dlsym(module, kLoadOnnxGraphSymbol);
    if (entry == nullptr) {
      throw Error(ErrorKind::kInternal, fmt::format("{} has no {}: it is not this hw4's ONNX module",
                                                    place.string(), kLoadOnnxGraphSymbol));
    }
    return reinterpret_cast<LoadOnnxGraph>(entry);
  }
  throw Error(ErrorKind::kInternal,
              fmt::format("hw4 reads ONNX models with its module {}, which is in none of: {} "
                          "(reinstall hw4, or build the hw4_onnx target)",
                          kModuleName, fmt::join(tried, ", ")));
}

}  // namespace

LoadOnnxGraph load_onnx_graph() {
  static const LoadOnnxGraph entry = load();  // a throw leaves it to the next call to try again
  return entry;
}

}  // namespace hw4::cli

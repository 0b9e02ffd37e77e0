// An ONNX model as plain data: what cnn-params counts, read and shape-inferred by the ONNX
// module (src/onnx_module, a separate shared object linked to Debian's ONNX and protobuf
// libraries) and handed across dlopen to read_onnx. Only standard types cross, so hw4 itself
// never loads those libraries unless it reads a model (they would cost every run ~5 ms of
// relocation at start-up).
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hw4::cli {

// A graph input's whole shape, batch included, by input name.
using InputShapes = std::map<std::string, std::vector<std::int64_t>>;

// A tensor's dimensions; nullopt where unknown or symbolic.
using OnnxDims = std::vector<std::optional<std::int64_t>>;

struct OnnxNode {
  std::string name;
  std::string op_type;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::map<std::string, std::int64_t> ints;  // the attributes of integer type (group, transA…)

  std::int64_t int_attribute(const std::string& key, std::int64_t fallback) const {
    auto it = ints.find(key);
    return it == ints.end() ? fallback : it->second;
  }
};

struct OnnxInitializer {
  std::string name;
  std::vector<std::int64_t> dims;
  bool floating = false;  // float, double, float16 or bfloat16: a weight, not shape arithmetic
};

struct OnnxGraph {
  int opset = 0;
  std::string producer_name;
  std::string producer_version;
  std::vector<OnnxNode> nodes;  // in file order, as exported (before shape arithmetic folds any)
  std::vector<OnnxInitializer> initializers;
  std::unordered_map<std::string, OnnxDims> shapes;  // every tensor shape inference settled
  std::int64_t batch = 1;  // the batch the file fixes (1 when symbolic)
};

// How the module's entry point ended. No exception leaves the module: hw4 links its own copy of
// the C++ runtime (-static-libstdc++) and the module the shared one (libonnx needs it), so what
// crosses between them is plain data only.
enum class OnnxLoadStatus { kOk, kNotAModel, kOutOfMemory, kFailed };

// The module's one entry point, looked up by kLoadOnnxGraphSymbol: parses the model from `in`
// (skipping the bytes of large weights), checks it, fixes the input shapes (`shapes`, else the
// batch as 1) and infers every shape into `out`; otherwise sets `error` to the one-line reason
// (kNotAModel: the bytes are not a usable model; kFailed: a failure inside ONNX or protobuf).
using LoadOnnxGraph = OnnxLoadStatus (*)(std::istream& in, const InputShapes& shapes, OnnxGraph& out,
                                         std::string& error);
inline constexpr const char* kLoadOnnxGraphSymbol = "hw4_load_onnx_graph";

}  // namespace hw4::cli

// Finding and loading the ONNX module (hw4-onnx.so) the first time a model is read.
#pragma once

#include "cli/onnx_graph.h"

namespace hw4::cli {

// The module's entry point, loaded once per process from, in order: the folder of the running
// binary (a build tree), `../lib/hw4/` beside it (an installed prefix or the Debian package),
// and the build tree this binary was configured in (tests and fuzz harnesses, which run from
// other folders). Throws Error(kInternal) naming the places looked in when none has it: an
// installation that lost the module is broken, not the user's input.
LoadOnnxGraph load_onnx_graph();

}  // namespace hw4::cli

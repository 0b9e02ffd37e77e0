// libFuzzer harness: arbitrary bytes as a bare ONNX INPUT of `hw4 cnn-params` (a document whose
// first byte is a control byte is read as a model), seeded with the ONNX test models.
#include "harness.h"

HW4_FUZZ_HARNESS("cnn-params")

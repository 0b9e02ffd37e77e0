// libFuzzer harness: arbitrary bytes as the input document of `hw4 cnn-params`, each mode.
#include "harness.h"

HW4_FUZZ_HARNESS("cnn-params")

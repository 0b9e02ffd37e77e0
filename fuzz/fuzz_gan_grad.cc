// libFuzzer harness: arbitrary bytes as the input document of `hw4 gan-grad`, each mode.
#include "harness.h"

HW4_FUZZ_HARNESS("gan-grad")

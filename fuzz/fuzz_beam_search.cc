// libFuzzer harness: arbitrary bytes as the input document of `hw4 beam-search decode`.
#include "harness.h"

HW4_FUZZ_HARNESS("beam-search")

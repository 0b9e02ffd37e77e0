// libFuzzer harness: arbitrary bytes as NDJSON request lines for `hw4 batch`.
#include "harness.h"

HW4_FUZZ_HARNESS("batch")

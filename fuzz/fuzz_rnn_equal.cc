// libFuzzer harness: arbitrary bytes as the input document of `hw4 rnn-equal`, each mode.
#include "harness.h"

HW4_FUZZ_HARNESS("rnn-equal")

// libFuzzer harness: arbitrary bytes as the input of `hw4 skipgram` pairs, grad and similar
// (train writes files and runs for long: left out).
#include "harness.h"

HW4_FUZZ_HARNESS("skipgram", "train")

// The hw4 executable: argv to hw4::cli::run, which owns every stream and exit code.
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return hw4::cli::run(args, std::cin, std::cout, std::cerr);
}

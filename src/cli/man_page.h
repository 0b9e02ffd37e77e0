// hw4(1): the man page, in man(7) roff, written from the command table, the tools and each
// mode's parser. The build writes it to hw4.1 with `hw4 --man`.
#pragma once

#include <string>

namespace hw4::cli {

std::string man_page();

}  // namespace hw4::cli

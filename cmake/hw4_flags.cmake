# hw4's compiler flags: warnings on an INTERFACE target (hw4_flags) for hw4's own code; sanitizer
# and instruction-set flags for every target, since Eigen's object layout depends on them and
# must agree between the library and the tests.
add_library(hw4_flags INTERFACE)
target_compile_options(hw4_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast
  # GCC 12 false positives: Eigen's AVX-512 kernels (maybe-uninitialized) and libstdc++'s
  # std::string (restrict, GCC PR 105329), which would bury real warnings. (clang, which builds
  # fuzz/, knows neither option.)
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict>
  # clang's -Wconversion also warns on sign changes (GCC's does not for C++): keep the builds alike.
  $<$<CXX_COMPILER_ID:Clang>:-Wno-sign-conversion>)
if(HW4_WERROR)
  target_compile_options(hw4_flags INTERFACE -Werror)
endif()

if(HW4_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# The trainers' inner loops are dot products and axpys over float vectors: let the compiler use
# the machine's vector width. A portable build passes -DHW4_NATIVE=OFF.
option(HW4_NATIVE "Tune for the building machine (-march=native)" ON)
if(HW4_NATIVE)
  add_compile_options(-march=native)
endif()

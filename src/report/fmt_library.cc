// fmt's compiled part, built into hw4 from Debian's own header (libfmt-dev ships the shared
// library only). Linking libfmt.so would make every hw4 start load and relocate it and, through
// it, libstdc++.so, which hw4 links statically (CMakeLists.txt): about 1.5 ms of a
// 5 ms `hw4 --version` on this machine class. The instantiations are the ones libfmt.so holds
// (fmt 9.1's src/format.cc); the functions format.h declares extern come from format-inl.h.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                                 locale_ref);

}  // namespace detail
FMT_END_NAMESPACE

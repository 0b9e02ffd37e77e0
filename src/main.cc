// The hw4 executable: argv to hw4::cli::run, which owns every stream and exit code.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace {

// A run of hw4 is short and builds its answer from many small allocations (formulas, rows,
// JSON), so much of its time is the kernel's first touch of each 4 KiB heap page: on a virtual
// machine every such fault traps to the hypervisor (counting ResNet-50 faulted ~680 times). The
// heap is grown in 64 MiB steps from the start and marked for transparent huge pages, which
// removes most of those faults — what glibc's tunables glibc.malloc.top_pad and
// glibc.malloc.hugetlb=1 do, which a program cannot set for itself. Untouched pages cost
// nothing; where the kernel gives no huge pages the advice is ignored.
void grow_heap_in_huge_pages() {
  constexpr std::size_t kStep = std::size_t{64} << 20;
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  mallopt(M_TOP_PAD, static_cast<int>(kStep));
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Blocks below the mmap threshold (so they come from the heap) until one makes malloc extend
  // the heap, by the step; then freed. volatile: a malloc freed at once may be optimized away.
  constexpr int kMaxBlocks = 8;
  void* volatile blocks[kMaxBlocks] = {};
  for (int i = 0; i < kMaxBlocks && reinterpret_cast<std::uintptr_t>(sbrk(0)) == before; ++i) {
    blocks[i] = std::malloc(std::size_t{64} << 10);
  }
  for (void* block : blocks) std::free(block);
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t start = (before + kHugePage - 1) & ~(kHugePage - 1);
  if (after <= start) return;
  ::madvise(reinterpret_cast<void*>(start), after - start, MADV_HUGEPAGE);
  // The heap below `start` (up to 2 MiB, wherever the kernel happened to begin the heap) cannot
  // be huge pages, and malloc would fill it first: up to 512 more faults, a third of a ResNet-50
  // count. It is filled with blocks that are kept, untouched but for their headers, so that what
  // the run allocates begins at `start`.
  constexpr std::size_t kFill = std::size_t{64} << 10;  // from the top of the heap, not a free list
  constexpr std::size_t kOverhead = 2 * sizeof(std::size_t);  // malloc's chunk header
  static void* kept[kHugePage / kFill + 1];  // reachable, for leak checkers
  for (void*& block : kept) {
    block = std::malloc(kFill - kOverhead);
    const auto at = reinterpret_cast<std::uintptr_t>(block);
    if (at == 0 || at + kFill <= start) continue;
    std::free(block);
    block = at + kOverhead < start ? std::malloc(start - at - kOverhead) : nullptr;
    break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  grow_heap_in_huge_pages();
  std::vector<std::string> args(argv + 1, argv + argc);
  return hw4::cli::run(args, std::cin, std::cout, std::cerr);
}

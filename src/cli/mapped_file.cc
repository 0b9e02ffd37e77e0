// Memory-mapped input files (POSIX).
#include "cli/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "hw4/error.h"

namespace hw4::cli {
namespace {

std::string quoted_name(const std::string& name) { return "\"" + name + "\""; }

}  // namespace

MappedFile::MappedFile(const std::filesystem::path& path, const std::string& name,
                       const std::string& pointer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) throw InputError(pointer, quoted_name(name) + ": no such file");
    throw InputError(pointer, quoted_name(name) + ": cannot read: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    ::close(fd);
    throw InputError(pointer, quoted_name(name) +
                                  (dir ? ": is a directory, not a file" : ": not a regular file"));
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      throw InputError(pointer, quoted_name(name) + ": cannot read: " + std::strerror(e));
    }
    // Training reads the corpus front to back once per epoch.
    ::madvise(p, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(p);
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& path) {
  const std::filesystem::path p(path);
  return p.is_absolute() || base.empty() ? p : base / p;
}

}  // namespace hw4::cli

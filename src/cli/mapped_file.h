// Read-only memory maps of input files (corpora, vector files), and writing a file through a
// temporary and a rename so that a failed or interrupted write leaves nothing behind.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hw4::cli {

class MappedFile {
 public:
  // Maps `path`. Throws InputError(pointer, ...) when it is missing, not a regular file, or
  // unreadable; an empty file maps to an empty view.
  MappedFile(const std::filesystem::path& path, const std::string& pointer);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Writes `bytes` to `path` through `path.tmp-<pid>` and a rename. Throws Error(kOutput) when it
// cannot; the temporary is removed on every failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// `path` against `base` unless it is absolute.
std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& path);

}  // namespace hw4::cli

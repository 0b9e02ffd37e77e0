// Read-only memory maps of input files (corpora, vector files).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hw4::cli {

class MappedFile {
 public:
  // Maps `path`. Throws InputError(pointer, ...) naming the file as `name` (as the user wrote
  // it) when it is missing, not a regular file, or unreadable; an empty file maps to an empty
  // view.
  MappedFile(const std::filesystem::path& path, const std::string& name, const std::string& pointer);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// `path` against `base` unless it is absolute.
std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& path);

}  // namespace hw4::cli

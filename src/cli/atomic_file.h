// Output files that appear complete or not at all: written to a temporary beside the target and
// renamed over it on commit; an uncommitted temporary is removed.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace hw4::cli {

class AtomicFile {
 public:
  // Opens a temporary next to `target`; throws Error(kOutput) when it cannot.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ofstream& stream() { return stream_; }
  const std::filesystem::path& temporary() const { return temporary_; }
  // Flushes, closes and renames the temporary over the target; throws Error(kOutput).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::ofstream stream_;
  bool committed_ = false;
};

// A folder written in full under a temporary name beside its target, then renamed into place on
// commit (vary's output). When the target already exists, each entry of the new folder replaces
// the old one by a rename; an uncommitted temporary is removed with everything in it.
class AtomicFolder {
 public:
  // Creates the temporary folder (and the target's parent folders); throws Error(kOutput).
  explicit AtomicFolder(std::filesystem::path target);
  ~AtomicFolder();
  AtomicFolder(const AtomicFolder&) = delete;
  AtomicFolder& operator=(const AtomicFolder&) = delete;

  const std::filesystem::path& temporary() const { return temporary_; }
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool committed_ = false;
};

// Writes `content` to `path` through an AtomicFile.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace hw4::cli

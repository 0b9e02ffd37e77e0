// AtomicFile: temporary + rename, so a failure or an interruption leaves no partial file.
#include "cli/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::cli {

namespace {

[[noreturn]] void cannot_write(const std::filesystem::path& path, const std::string& why) {
  throw Error(ErrorKind::kOutput, fmt::format("cannot write {}: {}", path.string(), why));
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  std::error_code ec;
  if (std::filesystem::is_directory(target_, ec)) cannot_write(target_, "is a directory");
  // mkstemp gives a unique name in the target's own folder, so the rename stays on one file system.
  std::string pattern = target_.string() + ".tmp.XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) cannot_write(target_, std::strerror(errno));
  ::close(fd);
  temporary_ = pattern;
  stream_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!stream_) {
    std::filesystem::remove(temporary_, ec);
    cannot_write(target_, "cannot open a temporary file");
  }
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  stream_.close();
  std::error_code ec;
  std::filesystem::remove(temporary_, ec);
}

void AtomicFile::commit() {
  stream_.flush();
  if (!stream_) cannot_write(target_, "write failed (disk full?)");
  stream_.close();
  // Keep the permissions an ordinary new file would get (mkstemp creates 0600).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temporary_.c_str(), 0666 & ~mask);
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    cannot_write(target_, std::strerror(errno));
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile file(path);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

AtomicFolder::AtomicFolder(std::filesystem::path target) : target_(std::move(target)) {
  std::error_code ec;
  if (std::filesystem::exists(target_, ec) && !std::filesystem::is_directory(target_, ec)) {
    cannot_write(target_, "is a file, not a folder");
  }
  const std::filesystem::path parent = std::filesystem::absolute(target_).parent_path();
  std::filesystem::create_directories(parent, ec);
  if (ec) cannot_write(target_, ec.message());
  std::string pattern = std::filesystem::absolute(target_).lexically_normal().string();
  while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
  pattern += ".tmp.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) cannot_write(target_, std::strerror(errno));
  temporary_ = pattern;
}

AtomicFolder::~AtomicFolder() {
  std::error_code ec;
  if (!committed_) std::filesystem::remove_all(temporary_, ec);
}

void AtomicFolder::commit() {
  std::error_code ec;
  if (!std::filesystem::exists(target_, ec)) {
    std::filesystem::rename(temporary_, target_, ec);
    if (ec) cannot_write(target_, ec.message());
    committed_ = true;
    return;
  }
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(temporary_)) entries.push_back(entry.path());
  for (const std::filesystem::path& entry : entries) {
    const std::filesystem::path destination = target_ / entry.filename();
    // A folder cannot be renamed over a non-empty one: the old one steps aside first.
    const std::filesystem::path old = temporary_ / (".old." + entry.filename().string());
    if (std::filesystem::is_directory(destination, ec)) std::filesystem::rename(destination, old, ec);
    std::filesystem::rename(entry, destination, ec);
    if (ec) cannot_write(destination, ec.message());
  }
  std::filesystem::remove_all(temporary_, ec);
  committed_ = true;
}

}  // namespace hw4::cli

#pragma once
// An exclusive lock on a run directory while a process writes there (flock on DIR/.lock),
// so a second `innate run --out DIR` or `innate resume DIR` refuses with one line instead
// of interleaving its files with the first's. The kernel drops the lock when the process
// ends, however it ends; the empty .lock file stays and counts as nothing.
#include <filesystem>

namespace innate {

inline constexpr const char* kLockFile = ".lock";

class DirectoryLock {
 public:
  // Creates `dir` if needed and takes its lock; InputError when another process holds it.
  explicit DirectoryLock(const std::filesystem::path& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

// Whether `dir` holds nothing but (possibly) its lock file.
bool holds_nothing(const std::filesystem::path& dir);

}  // namespace innate

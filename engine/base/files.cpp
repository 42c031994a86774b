#include "engine/base/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/base/error.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

InputError write_error(const fs::path& path, int error) {
  return InputError(fmt::format("cannot write {}: {}", path.string(), std::strerror(error)));
}

// Writes all of `bytes` to `fd`; the errno of the first failure, or 0.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// The directory's entry (the rename) made durable too; a directory that cannot be opened
// for it (a read-only mount) is not an error: the data itself is already synced.
void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view bytes) {
  const auto tmp = fs::path(path).concat(".tmp");
  auto fail = [&](int error) {
    std::error_code ec;
    if (fs::is_regular_file(tmp, ec)) fs::remove(tmp, ec);  // no torn temporary left
    return write_error(path, error);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw fail(errno);
  int error = write_all(fd, bytes);
  if (!error && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && !error) error = errno;
  if (error) throw fail(error);
  if (::rename(tmp.c_str(), path.c_str()) != 0) throw fail(errno);  // the old file stays whole until this succeeds
  sync_directory(path.parent_path());
}

std::string read_file(const fs::path& path) {
  auto fail = [&](int error) {
    return InputError(fmt::format("cannot read {}: {}", path.string(), std::strerror(error)));
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw fail(errno);
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw fail(error);
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return bytes;
}

AppendFile::AppendFile(const fs::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw write_error(path_, errno);
}

AppendFile::AppendFile(AppendFile&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }

AppendFile& AppendFile::operator=(AppendFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

AppendFile::~AppendFile() {
  if (fd_ >= 0) ::close(fd_);
}

void AppendFile::append(std::string_view bytes) {
  if (const int error = write_all(fd_, bytes)) throw write_error(path_, error);
  // A file whose directory was deleted takes writes and keeps none of them: say so now.
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_nlink == 0)
    throw InputError(fmt::format("cannot write {}: the file was deleted while the run wrote it", path_.string()));
}

void check_entry_name(const std::string& name, std::string_view what) {
  auto refuse = [&](std::string_view why) {
    throw InputError(fmt::format("{}: '{}' cannot name a directory ({})", what, name, why));
  };
  if (name.empty()) refuse("empty");
  if (name.size() > 200) refuse("longer than 200 bytes");
  if (name == "." || name == "..") refuse("a reference to a directory");
  for (const char c : name) {
    if (c == '/' || c == '\\') refuse("it holds a path separator");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) refuse("it holds a control character");
  }
}

fs::path confined_path(const fs::path& parent, const std::string& name, std::string_view what) {
  check_entry_name(name, what);
  const fs::path path = parent / name;
  std::error_code ec;
  const fs::path real_parent = fs::weakly_canonical(parent.empty() ? fs::path(".") : parent, ec);
  const fs::path real = fs::weakly_canonical(path, ec);
  if (!ec && real.parent_path() != real_parent)  // e.g. a symbolic link leading elsewhere
    throw InputError(fmt::format("{}: {} leads outside {}", what, path.string(), parent.string()));
  return path;
}

}  // namespace innate

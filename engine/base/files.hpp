#pragma once
// Files as a run writes and reads them: every write checked, every output file written
// whole, read errors told apart from empty files, and output names kept inside their parent.
#include <filesystem>
#include <string>
#include <string_view>

namespace innate {

// Writes `bytes` to `path` through a temporary file (written, flushed, fsynced) and a
// rename, so a reader (or a resumed run after a crash) sees either the old file or the new
// one, never a torn one. Throws InputError "cannot write PATH: REASON" and leaves no
// temporary behind.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

// The whole file. Throws InputError "cannot read PATH: REASON" on any error, including
// one met part way (EIO): an unreadable file is never taken for a short or empty one.
std::string read_file(const std::filesystem::path& path);

// A file written by appending (metrics.csv as a run goes): each append is written through
// to the kernel and checked; a failed write, or the file's directory deleted under it,
// throws InputError naming the file.
class AppendFile {
 public:
  AppendFile() = default;
  explicit AppendFile(const std::filesystem::path& path);
  AppendFile(AppendFile&& other) noexcept;
  AppendFile& operator=(AppendFile&& other) noexcept;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  ~AppendFile();

  void append(std::string_view bytes);
  bool is_open() const { return fd_ >= 0; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// `name` as one directory entry under `parent`: refused (InputError naming `what`) when
// empty, longer than 200 bytes, ".", "..", holding '/', '\\' or control characters.
std::filesystem::path confined_path(const std::filesystem::path& parent, const std::string& name,
                                    std::string_view what);

// Throws InputError unless `name` is a usable directory name (the rules of confined_path).
void check_entry_name(const std::string& name, std::string_view what);

}  // namespace innate

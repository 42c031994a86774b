#pragma once
// Values that depend on their key alone, computed once per process and shared: a task's
// direct arm, say, which a sweep or an atlas (many genome sizes, one process) would
// otherwise train again for every size. The key must name everything the value depends
// on; the caller gets a copy. Thread-safe: a second caller with the same key waits for
// the first to finish making it.
#include <map>
#include <mutex>
#include <string>

namespace innate {

template <class T, class Make>
T computed_once(const std::string& key, Make&& make) {
  static std::mutex mutex;
  static std::map<std::string, T> values;
  const std::lock_guard lock(mutex);
  if (const auto it = values.find(key); it != values.end()) return it->second;
  return values.emplace(key, make()).first->second;
}

}  // namespace innate

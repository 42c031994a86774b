#pragma once
// Scenario files: TOML tables [task] [genome] [optimizer] [lifetime] [run], command-line
// overrides (--set key=value, the value a TOML literal), validation against the keys each
// component declares, defaults filled in, and typed reads whose errors name file, line,
// key and what was expected.
#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace innate {

// One key a component accepts: its name, its default as a TOML literal ("1000", "0.25",
// "\"ones\"", "[30, 10]") and a one-line description for `innate list`.
struct KeySpec {
  std::string name;
  std::string default_literal;
  std::string help;
  bool or_integer = false;  // also accept an integer where the default is a string ("per_synapse" | K)
};

// A named alternative within a section (a task, an encoding, an optimizer, a lifetime).
struct Choice {
  std::string name;
  std::string summary;
  std::vector<KeySpec> keys;
};

// A scenario section: `selector` names the key that picks a choice (e.g. task.name);
// an empty selector means the section has only `common` keys.
struct SectionSpec {
  std::string name;
  std::string selector;
  std::string default_choice;
  std::vector<KeySpec> common;
  std::vector<Choice> choices;
  // The choice when the section is absent from the scenario altogether (empty: the
  // default), so that e.g. a scenario without [network] has no network.
  std::string absent_choice = {};
};

using Schema = std::vector<SectionSpec>;

// Read access to one resolved section. Every key exists (defaults were filled in), so
// reads only check type and range; a failure names where the value came from.
class Section {
 public:
  Section(const toml::table& table, std::string name);

  std::int64_t integer(std::string_view key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  double real(std::string_view key, double min = -std::numeric_limits<double>::infinity(),
              double max = std::numeric_limits<double>::infinity()) const;
  bool boolean(std::string_view key) const;
  std::string text(std::string_view key) const;
  std::string choice(std::string_view key, const std::vector<std::string>& options) const;
  bool has(std::string_view key) const { return table_.contains(key); }
  bool is_integer(std::string_view key) const { return node(key).is_integer(); }
  std::vector<std::int64_t> integers(std::string_view key, std::int64_t min, std::int64_t max) const;
  // An array of strings, each one of `options` (any string when `options` is empty).
  std::vector<std::string> texts(std::string_view key, const std::vector<std::string>& options) const;
  // An inline table of strings (name = "text"), in the names' order.
  std::vector<std::pair<std::string, std::string>> named_texts(std::string_view key) const;

  // Throws InputError "<origin>: <section>.<key>: expected <expected>, got <value>".
  [[noreturn]] void fail(std::string_view key, std::string_view expected) const;
  const std::string& name() const { return name_; }

 private:
  const toml::node& node(std::string_view key) const;
  const toml::table& table_;
  std::string name_;
};

class Scenario {
 public:
  // Loads a scenario file, applies `--set` overrides ("section.key=literal") in order,
  // validates every key against `schema` and fills in defaults.
  static Scenario from_file(const std::filesystem::path& path, const std::vector<std::string>& sets,
                            const Schema& schema);
  // The same from text; `origin` stands in for a file name in messages.
  static Scenario from_text(std::string_view text, const std::string& origin, const std::vector<std::string>& sets,
                            const Schema& schema);

  Section section(std::string_view name) const;
  // Sets the string key section.key (declared, holding a string) to `value`, as a value:
  // no text is parsed, so any characters in it stay as they are (and are checked by its reader).
  void set_text(std::string_view section, std::string_view key, const std::string& value);
  // The resolved scenario as TOML, sections and keys in schema order.
  std::string to_toml() const;
  // Hash of the resolved scenario without run.threads: a checkpoint may be resumed
  // with another thread count, but not under any other change.
  std::uint64_t fingerprint() const;
  const toml::table& table() const { return table_; }

 private:
  std::string emit(bool with_threads) const;
  toml::table table_;
  Schema schema_;
};

// The TOML text of one value as it is written in a resolved scenario.
std::string toml_literal(const toml::node& node);

}  // namespace innate

#include "engine/formats/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"

namespace innate {
namespace {

// Where a value came from: "file.toml:12", "--set run.seed=3" or "(default)".
std::string origin_of(const toml::node& node) {
  const auto& src = node.source();
  if (!src.path) return "(default)";
  const std::string& path = *src.path;
  if (path.rfind("--set", 0) == 0) return path;
  return fmt::format("{}:{}", path, src.begin.line);
}

std::string origin_of(const toml::source_region& src) {
  if (!src.path) return "(scenario)";
  if (src.path->rfind("--set", 0) == 0) return *src.path;
  return fmt::format("{}:{}:{}", *src.path, src.begin.line, src.begin.column);
}

const SectionSpec* find_section(const Schema& schema, std::string_view name) {
  for (const auto& s : schema)
    if (s.name == name) return &s;
  return nullptr;
}

const Choice* find_choice(const SectionSpec& spec, std::string_view name) {
  for (const auto& c : spec.choices)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<std::string> all_keys(const Schema& schema) {
  std::vector<std::string> keys;
  for (const auto& s : schema) {
    if (!s.selector.empty()) keys.push_back(s.name + "." + s.selector);
    for (const auto& k : s.common) keys.push_back(s.name + "." + k.name);
    for (const auto& c : s.choices)
      for (const auto& k : c.keys) keys.push_back(s.name + "." + k.name);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string hint(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = nearest(word, candidates);
  return best.empty() ? std::string{} : fmt::format(" (did you mean '{}'?)", best);
}

// A TOML literal parsed as the value of key "v" of a one-line document. A bare word
// (the shell ate its quotes: --set task.target=random) is taken as a string.
toml::table parse_literal(std::string_view literal, const std::string& origin) {
  try {
    return toml::parse("v = " + std::string(literal), std::string_view(origin));
  } catch (const toml::parse_error& e) {
    const bool bare = !literal.empty() && std::all_of(literal.begin(), literal.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
    if (bare) return parse_literal(fmt::format("\"{}\"", literal), origin);
    throw InputError(fmt::format("{}: not a TOML value: {}", origin, e.description()));
  }
}

std::string type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true or false";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a value";
  }
}

// Checks `given` against the default's type; an integer is accepted where a number is
// expected (and written as a float in the resolved scenario).
void check_type(const toml::table& section, const std::string& section_name, const KeySpec& key,
                const toml::node& def) {
  const toml::node* given = section.get(key.name);
  const auto want = def.type();
  if (given->type() == want) {
    if (want == toml::node_type::array && !def.as_array()->empty()) {
      const auto elem = (*def.as_array())[0].type();
      for (auto& v : *given->as_array()) {
        const bool ok =
            v.type() == elem || (elem == toml::node_type::floating_point && v.type() == toml::node_type::integer);
        if (!ok)
          throw InputError(fmt::format("{}: {}.{}: expected an array of {}, got {}", origin_of(*given), section_name,
                                       key.name, type_name(elem).substr(type_name(elem).find(' ') + 1) + "s",
                                       toml_literal(*given)));
      }
    }
    return;
  }
  if (want == toml::node_type::floating_point && given->type() == toml::node_type::integer) return;
  if (key.or_integer && given->type() == toml::node_type::integer) return;
  throw InputError(fmt::format("{}: {}.{}: expected {}{}, got {}", origin_of(*given), section_name, key.name,
                               type_name(want), key.or_integer ? " or an integer" : "", toml_literal(*given)));
}

// Every top-level entry names a section of the schema and is a table.
void check_sections(const toml::table& root, const Schema& schema) {
  std::vector<std::string> section_names;
  for (const auto& s : schema) section_names.push_back(s.name);
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    if (!find_section(schema, key)) {
      // A table made by --set has no source of its own; its first key has.
      const toml::node* where = &v;
      if (const auto* t = v.as_table(); t && !t->empty() && !v.source().path) where = &t->cbegin()->second;
      throw InputError(fmt::format("{}: unknown section '{}'{}", origin_of(*where), key, hint(key, section_names)));
    }
    if (!v.is_table()) throw InputError(fmt::format("{}: '{}' must be a table ([{}])", origin_of(v), key, key));
  }
}

// The keys `section` may hold: the section's own, then its chosen selector value's (the
// selector set to its default when absent).
std::vector<const KeySpec*> allowed_keys(toml::table& section, const SectionSpec& spec, bool absent) {
  std::vector<const KeySpec*> allowed;
  for (const auto& k : spec.common) allowed.push_back(&k);
  if (spec.selector.empty()) return allowed;
  if (!section.contains(spec.selector))
    section.insert(spec.selector, absent && !spec.absent_choice.empty() ? spec.absent_choice : spec.default_choice);
  const toml::node& sel = *section.get(spec.selector);
  std::vector<std::string> names;
  for (const auto& c : spec.choices) names.push_back(c.name);
  const auto* value = sel.as_string();
  const Choice* choice = value ? find_choice(spec, value->get()) : nullptr;
  if (!choice) {
    const std::string got = value ? value->get() : toml_literal(sel);
    throw InputError(fmt::format("{}: {}.{}: expected one of {}, got {}{}", origin_of(sel), spec.name, spec.selector,
                                 fmt::join(names, ", "), toml_literal(sel), hint(got, names)));
  }
  for (const auto& k : choice->keys) allowed.push_back(&k);
  return allowed;
}

// The unknown key `key` of the section `spec` (at `where`): one line with the likeliest fix,
// the same key in another section, else a near name in this section, else a near name anywhere.
[[noreturn]] void unknown_key(const toml::node& where, const toml::table& section, const SectionSpec& spec,
                              const std::string& key, const std::vector<const KeySpec*>& allowed,
                              const std::vector<std::string>& known) {
  std::string suggestion;
  for (const auto& full : known)
    if (full.substr(full.find('.') + 1) == key) suggestion = full;
  if (suggestion.empty()) {
    std::vector<std::string> here;
    for (const auto* s : allowed) here.push_back(spec.name + "." + s->name);
    suggestion = nearest(spec.name + "." + key, here);
  }
  if (suggestion.empty()) suggestion = nearest(spec.name + "." + key, known);
  std::string h = suggestion.empty() ? std::string{} : fmt::format(" (did you mean '{}'?)", suggestion);
  if (suggestion == spec.name + "." + key)  // a key of another choice of this section
    h = fmt::format(" for {}.{} = \"{}\"", spec.name, spec.selector, section.get(spec.selector)->as_string()->get());
  throw InputError(fmt::format("{}: unknown key '{}.{}'{}", origin_of(where), spec.name, key, h));
}

void resolve(toml::table& root, const Schema& schema) {
  const auto known = all_keys(schema);
  check_sections(root, schema);
  for (const auto& spec : schema) {
    const bool absent = !root.contains(spec.name);
    if (absent) root.insert(spec.name, toml::table{});
    auto& section = *root[spec.name].as_table();
    const std::vector<const KeySpec*> allowed = allowed_keys(section, spec, absent);
    for (auto&& [k, v] : section) {
      const std::string key(k.str());
      if (key == spec.selector) continue;
      if (std::none_of(allowed.begin(), allowed.end(), [&](const KeySpec* s) { return s->name == key; }))
        unknown_key(v, section, spec, key, allowed, known);
    }
    for (const KeySpec* key : allowed) {
      const toml::table doc = parse_literal(key->default_literal, "(default)");
      const toml::node& def = *doc.get("v");
      if (!section.contains(key->name))  // a copy carries no source: it reads as "(default)"
        def.visit([&](const auto& n) { section.insert(key->name, n); });
      else
        check_type(section, spec.name, *key, def);
    }
  }
}

void apply_set(toml::table& root, const std::string& assignment) {
  for (const char c : assignment)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)  // a newline would end the literal and drop what follows
      throw InputError(
          fmt::format("--set {:?}: a control character (byte {:#04x}) in an override; inside a TOML "
                      "string write it as an escape such as \\n",
                      assignment, static_cast<unsigned>(static_cast<unsigned char>(c))));
  const std::string origin = "--set " + assignment;
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) throw InputError(fmt::format("{}: expected section.key=value", origin));
  const std::string path = assignment.substr(0, eq);
  const auto dot = path.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == path.size() || path.find('.', dot + 1) != std::string::npos)
    throw InputError(fmt::format("{}: expected section.key=value, e.g. run.seed=3", origin));
  const std::string section = path.substr(0, dot), key = path.substr(dot + 1);
  toml::table doc = parse_literal(std::string_view(assignment).substr(eq + 1), origin);
  if (!root.contains(section)) root.insert(section, toml::table{});
  auto* table = root[section].as_table();
  if (!table) throw InputError(fmt::format("{}: '{}' is not a table", origin, section));
  // Moved, not copied: a move keeps the source ("--set ...") that error messages name.
  doc.get("v")->visit([&](auto& n) { table->insert_or_assign(key, std::move(n)); });
}

}  // namespace

std::string toml_literal(const toml::node& node) {
  return node.visit([](auto& n) -> std::string {
    using T = std::decay_t<decltype(n)>;
    if constexpr (std::is_same_v<T, toml::value<double>>) {
      const double x = n.get();
      if (std::isnan(x)) return "nan";
      if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
      std::string s = format_number(x);
      if (s.find_first_of(".eE") == std::string::npos) s += ".0";
      return s;
    } else if constexpr (std::is_same_v<T, toml::array>) {
      std::vector<std::string> parts;
      for (auto& e : n) parts.push_back(toml_literal(e));
      return fmt::format("[{}]", fmt::join(parts, ", "));
    } else {
      std::ostringstream out;
      out << n;
      return out.str();
    }
  });
}

Section::Section(const toml::table& table, std::string name) : table_(table), name_(std::move(name)) {}

const toml::node& Section::node(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) throw std::logic_error(fmt::format("Section::node(): {}.{} was not declared in the schema", name_, key));
  return *n;
}

void Section::fail(std::string_view key, std::string_view expected) const {
  const toml::node& n = node(key);
  throw InputError(fmt::format("{}: {}.{}: expected {}, got {}", origin_of(n), name_, key, expected, toml_literal(n)));
}

std::int64_t Section::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
  const auto* v = node(key).as_integer();
  auto expected = [&] {
    if (max == std::numeric_limits<std::int64_t>::max()) return fmt::format("an integer >= {}", min);
    return fmt::format("an integer in [{}, {}]", min, max);
  };
  if (!v || v->get() < min || v->get() > max) fail(key, expected());
  return v->get();
}

double Section::real(std::string_view key, double min, double max) const {
  const toml::node& n = node(key);
  const std::optional<double> v =
      n.is_integer() ? std::optional<double>(double(n.as_integer()->get())) : n.value<double>();
  // Infinities and NaN are refused everywhere: no key means "unbounded" by inf, and a step
  // size or rate of inf would run and report numbers that mean nothing.
  if (!v || !std::isfinite(*v) || *v < min || *v > max) {
    const bool low = std::isfinite(min), high = std::isfinite(max);
    fail(key, low && high ? fmt::format("a finite number in [{}, {}]", min, max)
              : low       ? fmt::format("a finite number >= {}", min)
              : high      ? fmt::format("a finite number <= {}", max)
                          : std::string("a finite number"));
  }
  return *v;
}

bool Section::boolean(std::string_view key) const {
  const auto* v = node(key).as_boolean();
  if (!v) fail(key, "true or false");
  return v->get();
}

std::string Section::text(std::string_view key) const {
  const auto* v = node(key).as_string();
  if (!v) fail(key, "a string");
  return v->get();
}

std::string Section::choice(std::string_view key, const std::vector<std::string>& options) const {
  const auto* v = node(key).as_string();
  if (!v || std::find(options.begin(), options.end(), v->get()) == options.end())
    fail(key, fmt::format("one of \"{}\"", fmt::join(options, "\", \"")));
  return v->get();
}

std::vector<std::int64_t> Section::integers(std::string_view key, std::int64_t min, std::int64_t max) const {
  const auto* a = node(key).as_array();
  const std::string expected = fmt::format("an array of integers in [{}, {}]", min, max);
  if (!a) fail(key, expected);
  std::vector<std::int64_t> out;
  for (auto& e : *a) {
    const auto* v = e.as_integer();
    if (!v || v->get() < min || v->get() > max) fail(key, expected);
    out.push_back(v->get());
  }
  return out;
}

std::vector<std::string> Section::texts(std::string_view key, const std::vector<std::string>& options) const {
  const auto* a = node(key).as_array();
  const std::string expected = options.empty()
                                   ? std::string("an array of strings")
                                   : fmt::format("an array of strings from \"{}\"", fmt::join(options, "\", \""));
  if (!a) fail(key, expected);
  std::vector<std::string> out;
  for (auto& e : *a) {
    const auto* v = e.as_string();
    if (!v || (!options.empty() && std::find(options.begin(), options.end(), v->get()) == options.end()))
      fail(key, expected);
    out.push_back(v->get());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Section::named_texts(std::string_view key) const {
  const auto* t = node(key).as_table();
  const std::string expected = "a table of strings (name = \"text\")";
  if (!t) fail(key, expected);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : *t) {
    const auto* v = value.as_string();
    if (!v) fail(key, expected);
    out.emplace_back(std::string(name.str()), v->get());
  }
  return out;
}

Scenario Scenario::from_text(std::string_view text, const std::string& origin, const std::vector<std::string>& sets,
                             const Schema& schema) {
  toml::table table;
  try {
    table = toml::parse(text, std::string_view(origin));
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}: TOML syntax error: {}", origin_of(e.source()), e.description()));
  }
  for (const auto& s : sets) apply_set(table, s);
  resolve(table, schema);
  Scenario scenario;
  scenario.table_ = std::move(table);
  scenario.schema_ = schema;
  return scenario;
}

Scenario Scenario::from_file(const std::filesystem::path& path, const std::vector<std::string>& sets,
                             const Schema& schema) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(fmt::format("{}: scenario file not found", path.string()));
  return from_text(read_file(path), path.string(), sets, schema);
}

Section Scenario::section(std::string_view name) const {
  const auto* t = table_.get_as<toml::table>(name);
  if (!t) throw std::logic_error(fmt::format("Scenario::section(): no section '{}'", name));
  return Section(*t, std::string(name));
}

void Scenario::set_text(std::string_view section, std::string_view key, const std::string& value) {
  auto* t = table_.get_as<toml::table>(section);
  if (!t || !t->get_as<std::string>(key))
    throw std::logic_error(fmt::format("Scenario::set_text(): {}.{} is not a string key", section, key));
  t->insert_or_assign(key, value);
}

std::string Scenario::emit(bool with_threads) const {
  std::string out;
  for (const auto& spec : schema_) {
    const auto& section = *table_.get_as<toml::table>(spec.name);
    out += fmt::format("[{}]\n", spec.name);
    auto line = [&](const std::string& key, bool real) {
      if (!with_threads && spec.name == "run" && key == "threads") return;
      const toml::node& n = *section.get(key);
      // An integer given for a real-valued key is written as a float: 19 and 19.0 resolve alike.
      const std::string text =
          real && n.is_integer() ? toml_literal(toml::value<double>(double(n.as_integer()->get()))) : toml_literal(n);
      out += fmt::format("{} = {}\n", key, text);
    };
    auto lines = [&](const std::vector<KeySpec>& keys) {
      for (const auto& k : keys)
        line(k.name, parse_literal(k.default_literal, "(default)").get("v")->is_floating_point());
    };
    if (!spec.selector.empty()) line(spec.selector, false);
    lines(spec.common);
    if (!spec.selector.empty()) lines(find_choice(spec, section.get(spec.selector)->as_string()->get())->keys);
    out += "\n";
  }
  out.pop_back();
  return out;
}

std::string Scenario::to_toml() const { return emit(true); }

std::uint64_t Scenario::fingerprint() const { return fnv1a(emit(false)); }

}  // namespace innate

#include "io/deck_check.hpp"

#include "io/file_safety.hpp"

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace petnet {

namespace {

std::string Trim(const std::string &s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// The key of a "key: value" line and its value (comment stripped); false if the line
/// has no mapping key.
bool SplitKey(const std::string &content, std::string *key, std::string *value) {
  char   quote = 0;
  size_t colon = std::string::npos;
  for (size_t i = 0; i < content.size() && colon == std::string::npos; ++i) {
    const char c = content[i];
    if (quote) quote = (c == quote) ? 0 : quote;
    else if (c == '"' || c == '\'') quote = c;
    else if (c == '#' && (i == 0 || content[i - 1] == ' ')) return false;
    else if (c == '[' || c == '{') return false; // a flow collection, not a key
    else if (c == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) colon = i;
  }
  if (colon == std::string::npos) return false;
  *key = Trim(content.substr(0, colon));
  if (key->size() >= 2 && (key->front() == '"' || key->front() == '\'') &&
      key->back() == key->front())
    *key = key->substr(1, key->size() - 2);
  std::string  v    = content.substr(colon + 1);
  const size_t hash = v.find(" #");
  *value            = Trim(hash == std::string::npos ? v : v.substr(0, hash));
  return !key->empty();
}

std::string Twice(const std::string &deck, const std::string &key, int first, int second) {
  return "deck " + deck + ": key '" + key + "' is set twice (lines " + std::to_string(first) +
         " and " + std::to_string(second) + ")";
}

std::string YamlDuplicates(const std::string &deck, const std::string &text) {
  struct Level {
    size_t      indent;
    std::string path;
  };
  std::vector<Level>         stack;
  std::map<std::string, int> seen;
  std::istringstream         in(text);
  std::string                line, key, value;
  size_t                     block = std::string::npos; // indent of a block scalar's key
  for (int no = 1; std::getline(in, line); ++no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    if (block != std::string::npos && indent > block) continue;
    block                     = std::string::npos;
    const std::string content = line.substr(indent);
    if (content[0] == '#' || content[0] == '-' || content.rfind("...", 0) == 0) {
      if (content.rfind("---", 0) == 0) stack.clear(), seen.clear(); // a new document
      continue;
    }
    if (!SplitKey(content, &key, &value)) continue;
    while (!stack.empty() && stack.back().indent >= indent) stack.pop_back();
    const std::string path = stack.empty() ? key : stack.back().path + "_" + key;
    auto              it   = seen.find(path);
    if (it != seen.end()) return Twice(deck, path, it->second, no);
    seen[path] = no;
    if (value.empty()) stack.push_back({indent, path});
    else if (value[0] == '|' || value[0] == '>') block = indent;
  }
  return "";
}

std::string PlainDuplicates(const std::string &deck, const std::string &text) {
  std::map<std::string, int> seen;
  std::istringstream         in(text);
  std::string                line, tok;
  for (int no = 1; std::getline(in, line); ++no) {
    const size_t       hash = line.find('#');
    std::istringstream words(hash == std::string::npos ? line : line.substr(0, hash));
    while (words >> tok) {
      if (tok.size() < 2 || tok[0] != '-' || !std::isalpha(static_cast<unsigned char>(tok[1])))
        continue;
      auto it = seen.find(tok);
      if (it != seen.end()) return Twice(deck, tok, it->second, no);
      seen[tok] = no;
    }
  }
  return "";
}

} // namespace

std::string DeckProblem(const std::string &path, bool yaml) {
  const std::string bad = InputFileProblem(path);
  if (!bad.empty()) return "cannot read deck " + path + ": " + bad;
  std::ifstream in(path, std::ios::binary);
  std::string   text;
  text.resize(kMaxDeckBytes + 1);
  in.read(&text[0], static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return "cannot read deck " + path;
  if (static_cast<long>(text.size()) > kMaxDeckBytes)
    return "deck " + path + " is larger than " + std::to_string(kMaxDeckBytes) + " bytes";
  const void *nul = std::memchr(text.data(), '\0', text.size());
  if (nul)
    return "deck " + path + " has a NUL byte at offset " +
           std::to_string(static_cast<const char *>(nul) - text.data()) + " (not a text file?)";
  return yaml ? YamlDuplicates(path, text) : PlainDuplicates(path, text);
}

} // namespace petnet

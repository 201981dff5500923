#include "io/json.hpp"

#include <cmath>
#include <cstdio>

namespace petnet {

Json &Json::operator[](const std::string &key) {
  if (kind_ == Kind::Null) kind_ = Kind::Object;
  for (auto &m : members_)
    if (m.first == key) return m.second;
  members_.emplace_back(key, Json());
  return members_.back().second;
}

Json &Json::Push(Json v) {
  if (kind_ == Kind::Null) kind_ = Kind::Array;
  items_.push_back(std::move(v));
  return items_.back();
}

static void Escape(std::string &out, const std::string &s) {
  out += '"';
  for (char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else out += c;
    }
  }
  out += '"';
}

void Json::DumpTo(std::string &out, int indent, int depth) const {
  auto newline = [&](int d) {
    if (indent <= 0) return;
    out += '\n';
    out.append(static_cast<size_t>(d * indent), ' ');
  };
  switch (kind_) {
  case Kind::Null: out += "null"; break;
  case Kind::Bool: out += bool_ ? "true" : "false"; break;
  case Kind::Number: {
    if (!std::isfinite(num_)) {
      out += "null";
      break;
    } // JSON has no inf/nan
    char buf[32];
    if (num_ == std::floor(num_) && std::fabs(num_) < 1e15)
      std::snprintf(buf, sizeof buf, "%.0f", num_);
    else std::snprintf(buf, sizeof buf, "%.10g", num_);
    out += buf;
    break;
  }
  case Kind::String: Escape(out, str_); break;
  case Kind::Array: {
    // Arrays of plain numbers stay on one line.
    bool flat = true;
    for (auto &i : items_) flat = flat && (i.kind_ == Kind::Number || i.kind_ == Kind::Null);
    out += '[';
    for (size_t i = 0; i < items_.size(); ++i) {
      if (i) out += flat ? ", " : ",";
      if (!flat) newline(depth + 1);
      items_[i].DumpTo(out, indent, depth + 1);
    }
    if (!flat && !items_.empty()) newline(depth);
    out += ']';
    break;
  }
  case Kind::Object: {
    out += '{';
    for (size_t i = 0; i < members_.size(); ++i) {
      if (i) out += ',';
      newline(depth + 1);
      Escape(out, members_[i].first);
      out += indent > 0 ? ": " : ":";
      members_[i].second.DumpTo(out, indent, depth + 1);
    }
    if (!members_.empty()) newline(depth);
    out += '}';
    break;
  }
  }
}

std::string Json::Dump(int indent) const {
  std::string out;
  DumpTo(out, indent, 0);
  out += '\n';
  return out;
}

} // namespace petnet

#pragma once
/// \file json.hpp
/// A small ordered JSON builder for run summaries (no parsing).
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace petnet {

class Json {
public:
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Json() = default;
  Json(double v) : kind_(Kind::Number), num_(v) {}
  Json(int v) : kind_(Kind::Number), num_(v) {}
  Json(long v) : kind_(Kind::Number), num_(static_cast<double>(v)) {}
  Json(long long v) : kind_(Kind::Number), num_(static_cast<double>(v)) {}
  Json(bool v) : kind_(Kind::Bool), bool_(v) {}
  Json(const char *s) : kind_(Kind::String), str_(s) {}
  Json(std::string s) : kind_(Kind::String), str_(std::move(s)) {}
  static Json Object() {
    Json j;
    j.kind_ = Kind::Object;
    return j;
  }
  static Json Array() {
    Json j;
    j.kind_ = Kind::Array;
    return j;
  }
  static Json NumberArray(const std::vector<double> &v) {
    Json a = Array();
    for (double x : v) a.Push(x);
    return a;
  }

  /// Object member (kept in insertion order; setting an existing key replaces it).
  Json &operator[](const std::string &key);
  /// Append to an array.
  Json       &Push(Json v);
  std::string Dump(int indent = 2) const;

private:
  void        DumpTo(std::string &out, int indent, int depth) const;
  Kind        kind_ = Kind::Null;
  bool        bool_ = false;
  double      num_  = 0;
  std::string str_;
  // deques: references returned by operator[] and Push stay valid as members are added
  std::deque<std::pair<std::string, Json>> members_;
  std::deque<Json>                         items_;
};

} // namespace petnet

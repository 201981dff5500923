#pragma once
/// \file deck_check.hpp
/// What PETSc's deck readers would accept silently: a key given twice (the last one
/// wins) and a NUL byte (everything after it is dropped). DeckProblem reads the file
/// itself before PETSc does and names the first such defect.
///
/// YAML decks are checked line by line as PETSc reads them: nested mappings by
/// indentation, each key's option name the path of keys joined by '_' (nn: hidden: and
/// nn_hidden: both set -nn_hidden, so they are duplicates of each other). Plain decks
/// (-options_file) are checked for repeated -name tokens.
#include <string>

namespace petnet {

/// Most bytes a deck may have (decks are a few kilobytes).
constexpr long kMaxDeckBytes = 1L << 20;

/// "" if the deck at path is a readable regular file without NUL bytes and repeated
/// keys; else why not (with the line or byte offset).
std::string DeckProblem(const std::string &path, bool yaml);

} // namespace petnet

#pragma once
// The end of a log file, for showing why a component failed without dumping its whole log.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace kubelab::supervisor {

// Up to the last `count` lines of `file`; empty when it does not exist. Reads only the end of
// the file, so a large log costs no more than a small one.
std::vector<std::string> lastLines(const std::filesystem::path& file, std::size_t count);

}  // namespace kubelab::supervisor

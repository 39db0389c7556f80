#include "supervisor/logtail.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kubelab::supervisor {

std::vector<std::string> lastLines(const std::filesystem::path& file, std::size_t count) {
  // Log lines are short; when they are longer than this on average, fewer lines come back.
  constexpr std::streamoff kAverageLineBound = 512;
  std::ifstream input(file, std::ios::binary | std::ios::ate);
  if (!input || count == 0) return {};
  std::streamoff size = input.tellg();
  std::streamoff start = std::max<std::streamoff>(0, size - static_cast<std::streamoff>(count) * kAverageLineBound);
  input.seekg(start);
  std::vector<std::string> lines;
  std::string line;
  if (start > 0) std::getline(input, line);  // most likely a partial line
  while (std::getline(input, line)) lines.push_back(line);
  if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(count));
  return lines;
}

}  // namespace kubelab::supervisor

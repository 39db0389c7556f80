#include "support/temporarydirectory.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace kubelab::testing {

Result<std::unique_ptr<TemporaryDirectory>> TemporaryDirectory::create(const std::string& prefix) {
  std::error_code error;
  std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string pattern = (base / (prefix + "-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    return internalError("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  return std::unique_ptr<TemporaryDirectory>(new TemporaryDirectory(std::filesystem::path(buffer.data())));
}

TemporaryDirectory::~TemporaryDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace kubelab::testing

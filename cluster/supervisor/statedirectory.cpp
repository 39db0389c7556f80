#include "supervisor/statedirectory.h"

#include <cstdlib>
#include <system_error>

namespace kubelab::supervisor {

namespace fs = std::filesystem;

Status validateClusterName(std::string_view name) {
  constexpr std::size_t kMaximumLength = 50;  // leaves room in kubeconfig and unix socket names
  if (name.empty()) return invalid("cluster name must not be empty");
  if (name.size() > kMaximumLength) {
    return invalid("cluster name \"" + std::string(name) + "\" is longer than 50 characters");
  }
  for (char character : name) {
    bool allowed = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') || character == '-';
    if (!allowed) {
      return invalid("cluster name \"" + std::string(name) +
                     "\" may contain only lowercase letters, digits and '-'");
    }
  }
  if (name.front() == '-' || name.back() == '-') {
    return invalid("cluster name \"" + std::string(name) + "\" must start and end with a letter or digit");
  }
  return Status::ok();
}

Result<fs::path> defaultClustersDirectory() {
  const char* dataHome = std::getenv("XDG_DATA_HOME");
  // The XDG specification says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (dataHome != nullptr && *dataHome != '\0' && fs::path(dataHome).is_absolute()) {
    return fs::path(dataHome) / "kubelab" / "clusters";
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    return invalid("neither XDG_DATA_HOME nor HOME is set; pass --state-dir");
  }
  return fs::path(home) / ".local" / "share" / "kubelab" / "clusters";
}

StateDirectory::StateDirectory(fs::path root) : root_(std::move(root)) {}

Result<StateDirectory> StateDirectory::forClusterName(std::string_view name) {
  KUBELAB_RETURN_IF_ERROR(validateClusterName(name));
  Result<fs::path> clusters = defaultClustersDirectory();
  if (!clusters) return clusters.status();
  return StateDirectory(*clusters / std::string(name));
}

fs::path StateDirectory::logFile(std::string_view component) const {
  return logsDirectory() / (std::string(component) + ".log");
}

bool StateDirectory::holdsCluster() const {
  std::error_code error;
  return fs::is_regular_file(clusterFile(), error);
}

Status StateDirectory::create() const {
  std::error_code error;
  bool existed = fs::exists(root_, error);
  if (existed && !fs::is_empty(root_, error)) {
    // `down --purge` deletes the whole directory, so it must hold nothing but the cluster.
    return conflict(root_.string() + " is not empty and holds no cluster; use a new or empty directory");
  }
  fs::create_directories(logsDirectory(), error);
  if (error) return internalError("cannot create " + logsDirectory().string() + ": " + error.message());
  if (!existed) {
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::replace, error);
    if (error) return internalError("cannot restrict permissions of " + root_.string() + ": " + error.message());
  }
  return Status::ok();
}

}  // namespace kubelab::supervisor

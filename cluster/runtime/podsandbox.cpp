#include "runtime/podsandbox.h"

#include <system_error>

#include "api/objectmeta.h"

namespace kubelab::runtime {

namespace fs = std::filesystem;

namespace {

// A path from the manifest may not climb out of the directory it is placed under.
bool staysInside(const fs::path& relative) {
  for (const auto& part : relative) {
    if (part == "..") return false;
  }
  return true;
}

const boost::json::object* findVolume(const boost::json::object& pod, const std::string& name) {
  if (const auto* volumes = api::arrayAt(pod, {"spec", "volumes"})) {
    for (const auto& volume : *volumes) {
      if (volume.is_object() && api::stringAt(volume.get_object(), {"name"}) == name) return &volume.get_object();
    }
  }
  return nullptr;
}

Status linkMount(const fs::path& sandbox, const std::string& mountPath, const fs::path& target) {
  fs::path relative = fs::path(mountPath).relative_path();
  if (relative.empty() || !staysInside(relative)) return invalid("mountPath " + mountPath + " is not usable");
  fs::path link = sandbox / relative;
  std::error_code error;
  fs::create_directories(link.parent_path(), error);
  if (fs::is_symlink(link, error)) {
    if (fs::read_symlink(link, error) == target) return Status::ok();
    fs::remove(link, error);
  }
  fs::create_directory_symlink(target, link, error);
  if (error) return internalError("linking " + link.string() + " to " + target.string() + ": " + error.message());
  return Status::ok();
}

}  // namespace

fs::path podSandboxPath(const fs::path& root, const std::string& podUid) { return root / "pods" / podUid; }

fs::path containerLogPath(const fs::path& sandbox, const std::string& container, int restartCount) {
  return sandbox / "logs" / container / (std::to_string(restartCount) + ".log");
}

Result<fs::path> volumeHostPath(const fs::path& root, const boost::json::object& pod,
                                const boost::json::object& volume) {
  std::string name = api::stringAt(volume, {"name"});
  if (name.empty() || !staysInside(name) || name.find('/') != std::string::npos) {
    return invalid("volume name \"" + name + "\" is not usable");
  }
  // configMap, secret, downwardAPI and projected volumes are directories of the sandbox too;
  // the kubelet, which can read those objects, writes their files there.
  for (std::string_view kind : {"emptyDir", "configMap", "secret", "downwardAPI", "projected"}) {
    if (volume.contains(kind)) return podSandboxPath(root, api::uid(pod)) / "volumes" / name;
  }
  if (std::string path = api::stringAt(volume, {"hostPath", "path"}); !path.empty()) return fs::path(path);
  if (std::string claim = api::stringAt(volume, {"persistentVolumeClaim", "claimName"}); !claim.empty()) {
    if (claim.find('/') != std::string::npos || !staysInside(claim)) return invalid("claim " + claim + " is not usable");
    return root / "claims" / api::namespaceOf(pod) / claim;
  }
  return notFound("volume " + name + ": this kind of volume is not available with the process runtime");
}

Result<fs::path> containerWorkingDirectory(const fs::path& sandbox, const boost::json::object& container) {
  std::string workingDir = api::stringAt(container, {"workingDir"});
  fs::path relative = fs::path(workingDir).relative_path();
  if (relative.empty()) return sandbox;
  if (!staysInside(relative)) return invalid("workingDir " + workingDir + " is not usable");
  std::error_code error;
  fs::create_directories(sandbox / relative, error);
  if (error) return internalError("creating workingDir " + (sandbox / relative).string() + ": " + error.message());
  return sandbox / relative;
}

Status prepareContainerSandbox(const fs::path& root, const boost::json::object& pod,
                               const boost::json::object& container) {
  fs::path sandbox = podSandboxPath(root, api::uid(pod));
  std::error_code error;
  fs::create_directories(sandbox / "logs" / api::stringAt(container, {"name"}), error);
  if (error) return internalError("creating the sandbox " + sandbox.string() + ": " + error.message());
  const auto* mounts = api::arrayAt(container, {"volumeMounts"});
  if (!mounts) return Status::ok();
  for (const auto& entry : *mounts) {
    if (!entry.is_object()) continue;
    const auto& mount = entry.get_object();
    std::string volumeName = api::stringAt(mount, {"name"});
    const auto* volume = findVolume(pod, volumeName);
    if (!volume) return notFound("volumeMount " + volumeName + " names no volume of the pod");
    auto hostPath = volumeHostPath(root, pod, *volume);
    if (!hostPath) return hostPath.status();
    fs::path target = *hostPath;
    if (std::string subPath = api::stringAt(mount, {"subPath"}); !subPath.empty()) {
      if (!staysInside(subPath)) return invalid("subPath " + subPath + " is not usable");
      target /= subPath;
    }
    // A subPath may name one file of a configMap or secret volume; anything else is a directory.
    if (!fs::exists(target, error)) fs::create_directories(target, error);
    if (error) return internalError("creating volume " + target.string() + ": " + error.message());
    if (Status linked = linkMount(sandbox, api::stringAt(mount, {"mountPath"}), target); !linked.isOk()) return linked;
  }
  return Status::ok();
}

}  // namespace kubelab::runtime

#pragma once
// preStop hooks (lifecycle.preStop): run when a pod is stopped, before its containers get
// SIGTERM, all within the pod's grace period, as the kubelet does. exec runs a command in the
// container, httpGet asks the container, sleep waits. A hook that fails or runs out of time
// is given up on; the containers are stopped all the same.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "runtime/containerenvironment.h"
#include "runtime/imagecatalog.h"
#include "runtime/processlauncher.h"

namespace kubelab::runtime {

struct PreStopHook {
  std::string container;
  std::optional<LaunchSpec> exec;
  std::string httpHost;  // httpGet when set
  int httpPort = 0;
  std::string httpPath = "/";
  std::chrono::milliseconds sleep{0};
};

// The preStop hook of a running container, or nullopt when it has none or its command cannot
// be found. `environment` and `workingDirectory` are the container's; `image` its catalog entry.
std::optional<PreStopHook> preStopHookFor(const boost::json::object& pod, const boost::json::object& container,
                                          const Environment& environment, const CatalogImage* image,
                                          const std::filesystem::path& workingDirectory);

// Runs the hooks side by side and returns when all are done or the deadline has passed.
void runPreStopHooks(const std::vector<PreStopHook>& hooks, std::chrono::steady_clock::time_point deadline);

}  // namespace kubelab::runtime

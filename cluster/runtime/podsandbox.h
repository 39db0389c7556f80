#pragma once
// A pod's sandbox directory under the process runtime's root: the containers' working
// directory, their logs, and their volumes. Without mount namespaces a volume cannot appear at
// its mountPath, so each mount is a symbolic link at the same path inside the sandbox
// (mountPath /data is <sandbox>/data), and containers get KUBELAB_SANDBOX to find it.
//
//   <root>/pods/<uid>/                     working directory
//   <root>/pods/<uid>/logs/<container>/<restartCount>.log
//   <root>/pods/<uid>/volumes/<volume>/    emptyDir; configMap, secret, downwardAPI and
//                                          projected (their files written by the kubelet)
//   <root>/claims/<namespace>/<claim>/     persistentVolumeClaim: outlives its pods

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>

#include "common/status.h"

namespace kubelab::runtime {

std::filesystem::path podSandboxPath(const std::filesystem::path& root, const std::string& podUid);
std::filesystem::path containerLogPath(const std::filesystem::path& sandbox, const std::string& container,
                                       int restartCount);

// The host directory that backs a pod volume, or NotFound/Invalid for a kind the runtime
// cannot provide.
Result<std::filesystem::path> volumeHostPath(const std::filesystem::path& root, const boost::json::object& pod,
                                             const boost::json::object& volume);

// A container's working directory: its workingDir inside the sandbox (created), or the sandbox.
Result<std::filesystem::path> containerWorkingDirectory(const std::filesystem::path& sandbox,
                                                        const boost::json::object& container);

// Creates the sandbox, its volumes, and the links for one container's volumeMounts. Idempotent.
Status prepareContainerSandbox(const std::filesystem::path& root, const boost::json::object& pod,
                               const boost::json::object& container);

}  // namespace kubelab::runtime

#pragma once
// The files of a pod's configMap, secret, downwardAPI and projected volumes, read by the
// kubelet from the API for the runtime to write (the volume plugins' SetUp, without a mount).
// As the kubelet does: every key of the object unless `items` picks some (key -> path, mode),
// defaultMode otherwise (0644); an optional object or key that is missing gives no file; a
// required one fails the volume's SetUp, and the pod's containers wait in ContainerCreating.

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "kubelet/podconfigresolver.h"
#include "runtime/podruntime.h"

namespace kubelab::kubelet {

struct VolumeFailure {
  std::string volume;
  std::string message;  // configmap "y" not found
  // What the kubelet's FailedMount event says.
  std::string eventMessage() const { return "MountVolume.SetUp failed for volume \"" + volume + "\" : " + message; }
};

struct ResolvedVolumes {
  std::vector<runtime::VolumeContents> volumes;
  std::vector<VolumeFailure> failures;
};

ResolvedVolumes resolvePodVolumes(const boost::json::object& pod, const PodConfigSources& sources);

// The downward API's text for a map (metadata.labels, metadata.annotations): key="value" lines,
// sorted by key, the values quoted as Go's %q quotes them, with no final newline.
std::string formatDownwardApiMap(const boost::json::object* map);

}  // namespace kubelab::kubelet

#pragma once
// The built-in programs behind the catalog's images (resources/images.yaml), one
// `kubelab-workload <name>` subcommand each. They read what the process runtime gives every
// container: POD_IP, POD_NAME, POD_NAMESPACE, NODE_NAME, KUBELAB_IMAGE, KUBELAB_SANDBOX and
// KUBELAB_CONTAINER_PORTS. Each returns the process's exit code.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kubelab::workloads {

// nginx and kubelab/web: HTTP on $POD_IP, answering with the pod's name, IP, node and image tag.
int runWeb(const std::vector<std::string>& arguments);
// kubelab/crash: exits 1 after a moment.
int runCrash(const std::vector<std::string>& arguments);
// kubelab/job: finite work with progress lines, then exit 0.
int runJob(const std::vector<std::string>& arguments);
// kubelab/logger: a line a second naming its node (a DaemonSet's per-node agent).
int runLogger(const std::vector<std::string>& arguments);
// kubelab/kv: an HTTP key-value store that keeps its data in its volume (for StatefulSets).
int runKeyValue(const std::vector<std::string>& arguments);

// Shared by the programs.
std::string environmentOr(const char* name, const std::string& fallback);
// Seconds (fractions allowed) from an environment variable, or nullopt when unset or not a number.
std::optional<std::chrono::milliseconds> durationFromEnvironment(const char* name);
// The port to serve on: $PORT, else the first containerPort, else `fallback`.
int servingPort(int fallback);
// Blocks the stop signals and waits up to `timeout` (forever when nullopt) for SIGTERM or
// SIGINT; returns the signal, or 0 when the time ran out.
int waitForStop(std::optional<std::chrono::milliseconds> timeout);
// The tag of an image reference ("nginx:1.25" → "1.25", "nginx" → "latest").
std::string imageTag(const std::string& image);

}  // namespace kubelab::workloads

#pragma once
// Container probes (livenessProbe, readinessProbe, startupProbe) as the kubelet's prober runs
// them: httpGet (a status from 200 to 399 passes), tcpSocket (a connection passes) and exec (exit
// status 0 passes), after initialDelaySeconds, every periodSeconds, each within timeoutSeconds,
// passing after successThreshold successes in a row and failing after failureThreshold failures.

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/containerenvironment.h"
#include "runtime/imagecatalog.h"
#include "runtime/processlauncher.h"

namespace kubelab::runtime {

struct ProbeSpec {
  enum class Kind { HttpGet, TcpSocket, Exec };
  Kind kind = Kind::TcpSocket;
  std::string host;
  int port = 0;
  std::string path = "/";
  std::optional<LaunchSpec> exec;  // the command, ready to launch in the container
  std::chrono::milliseconds initialDelay{0};
  std::chrono::milliseconds period{10000};
  std::chrono::milliseconds timeout{1000};
  int successThreshold = 1;
  int failureThreshold = 3;
};

// The probe named `field` (livenessProbe, ...) of a container, or nullopt when it has none
// (or an exec probe whose program cannot be found: it could never pass, so it fails).
std::optional<ProbeSpec> parseProbe(const boost::json::object& pod, const boost::json::object& container,
                                    std::string_view field, const Environment& environment,
                                    const CatalogImage* image, const std::filesystem::path& workingDirectory);

// Runs one probe; true when it passes.
bool runProbe(const ProbeSpec& probe);

// Where a probe stands for one container run.
struct ProbeState {
  ProbeSpec spec;
  std::chrono::steady_clock::time_point nextRun{};
  int successes = 0;
  int failures = 0;
  bool passing = false;
  bool failed = false;  // failureThreshold reached (liveness and startup: the container is killed)

  // Records a result; true when `passing` or `failed` changed.
  bool record(bool passed, std::chrono::steady_clock::time_point now);
};

}  // namespace kubelab::runtime

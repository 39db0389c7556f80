#pragma once
// One process the supervisor runs: what to execute, where its output goes, and how to tell
// that it is ready to serve.

#include <filesystem>
#include <string>
#include <vector>

#include "supervisor/readinessprobe.h"

namespace kubelab::supervisor {

struct ComponentSpec {
  std::string name;  // "store"; also the name of its log file and of `kubelabctl logs NAME`
  std::filesystem::path executable;
  std::vector<std::string> arguments;
  std::filesystem::path logFile;  // stdout and stderr are appended here
  // A URL that answers 2xx once the component serves, such as etcd's /health. An empty URL
  // means the component counts as ready once it has run for a moment
  // (SupervisorOptions::unprobedSettleTime).
  ReadinessCheck readiness;
  // What a user or another component connects to, shown by `kubelabctl status`.
  std::string endpoint;
  // Node components (kubelets, proxies) stop all at once, before the control plane they
  // report to, instead of one after another: a 100-node cluster goes down in seconds.
  bool partOfNode = false;
  // Started together with the component before it, instead of once that one is ready: what
  // needs only the API server (the control loops, every node) starts at once.
  bool startsWithPrevious = false;
};

}  // namespace kubelab::supervisor

#pragma once
// The supervisor daemon behind `kubelabctl up`: one process per running cluster that claims
// the cluster's pid file, runs a Supervisor over the cluster's components, mirrors its
// snapshot into status.json, and stops everything on SIGTERM, SIGINT or SIGHUP.
// `kubelabctl up` starts it detached as `kubelabctl supervise --state-dir DIR`.

#include "supervisor/statedirectory.h"

namespace kubelab::supervisor {

// The daemon's exit codes, which `kubelabctl up` interprets.
inline constexpr int kDaemonStopped = 0;         // stopped on request
inline constexpr int kDaemonStartupFailed = 1;   // status.json says why
inline constexpr int kDaemonAlreadyRunning = 3;  // another daemon supervises this cluster

// Runs until stopped; returns the process exit code. Call it before starting any thread:
// it blocks the stop signals, and threads started later inherit that.
int runSupervisorDaemon(const StateDirectory& state);

}  // namespace kubelab::supervisor

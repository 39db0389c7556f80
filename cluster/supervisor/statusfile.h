#pragma once
// status.json: the running supervisor daemon's snapshot, rewritten on every change, so that
// `kubelabctl up` can wait for readiness and `kubelabctl status` can answer without talking
// to the daemon. Only meaningful while the daemon holds supervisor.pid.

#include <filesystem>

#include "common/status.h"
#include "supervisor/supervisorstatus.h"

namespace kubelab::supervisor {

struct StatusFile {
  int supervisorPid = 0;  // tells a fresh daemon's file from one a previous daemon left
  SupervisorSnapshot snapshot;
};

Result<StatusFile> readStatusFile(const std::filesystem::path& file);
Status writeStatusFile(const std::filesystem::path& file, const StatusFile& status);

}  // namespace kubelab::supervisor

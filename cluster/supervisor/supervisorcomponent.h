#pragma once
// The Supervisor's record of one component, shared by supervisor.cpp (startup, restarts,
// stopping) and supervisorcommands.cpp (changes while running). Internal to the library.

#include <chrono>
#include <memory>
#include <string>

#include "supervisor/childprocess.h"
#include "supervisor/supervisor.h"

namespace kubelab::supervisor {

struct Supervisor::Component {
  explicit Component(ComponentSpec componentSpec, RestartBackoff::Options backoffOptions)
      : spec(std::move(componentSpec)), backoff(backoffOptions) {
    status.name = spec.name;
    status.endpoint = spec.endpoint;
  }

  ComponentSpec spec;
  ComponentStatus status;  // written only by the supervisor's thread, under mutex_
  // The rest belongs to the supervisor's thread alone.
  std::unique_ptr<ChildProcess> process;
  RestartBackoff backoff;
  Clock::time_point startedAt;
  Clock::time_point restartAt;
};

// "1.5s", "200ms"
std::string formatDuration(std::chrono::milliseconds duration);

}  // namespace kubelab::supervisor

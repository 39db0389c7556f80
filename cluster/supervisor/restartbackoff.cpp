#include "supervisor/restartbackoff.h"

#include <algorithm>

namespace kubelab::supervisor {

RestartBackoff::RestartBackoff(Options options) : options_(options), next_(options.initial) {}

std::chrono::milliseconds RestartBackoff::nextDelay(std::chrono::milliseconds uptime) {
  if (uptime >= options_.stableAfter) next_ = options_.initial;
  std::chrono::milliseconds delay = next_;
  next_ = std::min(next_ * 2, options_.maximum);
  return delay;
}

}  // namespace kubelab::supervisor

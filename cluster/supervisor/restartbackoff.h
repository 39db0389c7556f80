#pragma once
// How long to wait before restarting a component that exited: doubling from `initial` up to
// `maximum`, so a crash loop neither spins the CPU nor floods its log, and back to `initial`
// once a run lasted `stableAfter`, so one crash a day is restarted at once.

#include <chrono>

namespace kubelab::supervisor {

class RestartBackoff {
 public:
  struct Options {
    std::chrono::milliseconds initial{100};
    std::chrono::milliseconds maximum{10000};
    std::chrono::milliseconds stableAfter{10000};
  };

  RestartBackoff() : RestartBackoff(Options{}) {}
  explicit RestartBackoff(Options options);

  // The delay before restarting a component whose last run lasted `uptime`.
  std::chrono::milliseconds nextDelay(std::chrono::milliseconds uptime);

 private:
  Options options_;
  std::chrono::milliseconds next_;
};

}  // namespace kubelab::supervisor

#pragma once
// Controller expectations (kube-controller-manager's ControllerExpectations): after a controller
// asks for N creations or deletions, it waits until its informer has seen them (or a timeout
// passes) before syncing that owner again, so it never creates the same pod twice while the
// cache catches up.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace kubelab::controllers {

class Expectations {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Expectations(Clock::duration timeout = std::chrono::minutes(5)) : timeout_(timeout) {}

  void expectCreations(const std::string& ownerKey, int count);
  void expectDeletions(const std::string& ownerKey, int count);
  // The informer saw one of the expected events (or a request failed, so it never will).
  void creationObserved(const std::string& ownerKey);
  void deletionObserved(const std::string& ownerKey);
  // True when nothing is outstanding, nothing was recorded, or the expectations timed out.
  bool satisfied(const std::string& ownerKey) const;
  void forget(const std::string& ownerKey);

 private:
  struct Pending {
    int creations = 0;
    int deletions = 0;
    Clock::time_point setAt;
  };
  Clock::duration timeout_;
  mutable std::mutex mutex_;
  std::map<std::string, Pending> pending_;
};

}  // namespace kubelab::controllers

#pragma once
// Polls `condition` every 10 ms until it holds or `timeout` passes; for tests that wait on
// another process or thread.

#include <chrono>
#include <thread>

namespace kubelab::testing {

template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout) {
  for (auto deadline = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < deadline;) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace kubelab::testing

#include "client/reconcileloop.h"

#include "client/pacegate.h"
#include "common/logging.h"

namespace kubelab::client {

ReconcileLoop::ReconcileLoop(std::string name, SyncFunction sync, BackoffOptions backoff)
    : name_(std::move(name)), sync_(std::move(sync)), queue_(backoff), pace_(scopedPaceGate()) {}

ReconcileLoop::~ReconcileLoop() { stop(); }

void ReconcileLoop::start(int workers) {
  for (int i = 0; i < workers; ++i) {
    workers_.emplace_back([this] {
      while (auto key = queue_.get()) {
        // The key stays processing while the gate holds it, so no other worker takes it.
        if (pace_ == nullptr || pace_->awaitTurn(name_, *key, &stopping_)) processKey(*key);
        queue_.done(*key);
      }
    });
  }
}

void ReconcileLoop::stop() {
  stopping_ = true;
  if (pace_ != nullptr) pace_->wake();
  queue_.shutDown();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

void ReconcileLoop::processKey(const std::string& key) {
  Status status;
  try {
    status = sync_(key);
  } catch (const std::exception& error) {
    // A bug must not take the whole controller-manager down; retry with back-off and say why.
    status = internalError(std::string("sync threw: ") + error.what());
  }
  switch (status.code()) {
    case StatusCode::Ok:
    case StatusCode::NotFound:
      queue_.forget(key);
      return;
    case StatusCode::Invalid:
      log::warning(name_, ": not retrying ", key, ": ", status.message());
      queue_.forget(key);
      return;
    default:
      log::info(name_, ": error syncing ", key, ", requeuing: ", status.toString());
      queue_.addRateLimited(key);
  }
}

}  // namespace kubelab::client

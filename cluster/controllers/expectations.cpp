#include "controllers/expectations.h"

namespace kubelab::controllers {

void Expectations::expectCreations(const std::string& ownerKey, int count) {
  std::lock_guard lock(mutex_);
  pending_[ownerKey] = Pending{count, 0, Clock::now()};
}

void Expectations::expectDeletions(const std::string& ownerKey, int count) {
  std::lock_guard lock(mutex_);
  pending_[ownerKey] = Pending{0, count, Clock::now()};
}

void Expectations::creationObserved(const std::string& ownerKey) {
  std::lock_guard lock(mutex_);
  if (auto found = pending_.find(ownerKey); found != pending_.end() && found->second.creations > 0) {
    --found->second.creations;
  }
}

void Expectations::deletionObserved(const std::string& ownerKey) {
  std::lock_guard lock(mutex_);
  if (auto found = pending_.find(ownerKey); found != pending_.end() && found->second.deletions > 0) {
    --found->second.deletions;
  }
}

bool Expectations::satisfied(const std::string& ownerKey) const {
  std::lock_guard lock(mutex_);
  auto found = pending_.find(ownerKey);
  if (found == pending_.end()) return true;
  const Pending& pending = found->second;
  if (pending.creations <= 0 && pending.deletions <= 0) return true;
  return Clock::now() - pending.setAt > timeout_;
}

void Expectations::forget(const std::string& ownerKey) {
  std::lock_guard lock(mutex_);
  pending_.erase(ownerKey);
}

}  // namespace kubelab::controllers

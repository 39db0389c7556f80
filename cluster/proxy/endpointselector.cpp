#include "proxy/endpointselector.h"

#include <algorithm>

namespace kubelab::proxy {

namespace {

std::vector<Endpoint> sortedUnique(std::vector<Endpoint> endpoints) {
  std::sort(endpoints.begin(), endpoints.end());
  endpoints.erase(std::unique(endpoints.begin(), endpoints.end()), endpoints.end());
  return endpoints;
}

bool contains(const std::vector<Endpoint>& endpoints, const Endpoint& endpoint) {
  return std::find(endpoints.begin(), endpoints.end(), endpoint) != endpoints.end();
}

}  // namespace

EndpointSelector::EndpointSelector(std::vector<Endpoint> readyEndpoints, SessionAffinity affinity)
    : endpoints_(sortedUnique(std::move(readyEndpoints))), affinity_(affinity) {}

void EndpointSelector::update(std::vector<Endpoint> readyEndpoints, SessionAffinity affinity,
                              Clock::time_point now) {
  std::vector<Endpoint> sorted = sortedUnique(std::move(readyEndpoints));
  std::lock_guard lock(mutex_);
  if (!affinity.clientIp) {
    affinityByClient_.clear();
  } else {
    std::erase_if(affinityByClient_, [&](const auto& entry) {
      return !contains(sorted, entry.second.endpoint) || now - entry.second.lastUsed >= affinity.timeout;
    });
  }
  if (sorted != endpoints_) {
    // Keep rotating from where we were rather than sending the next few connections to the
    // first endpoint again after every change.
    nextIndex_ = sorted.empty() ? 0 : nextIndex_ % sorted.size();
    endpoints_ = std::move(sorted);
  }
  affinity_ = affinity;
}

std::optional<Endpoint> EndpointSelector::next(const std::string& clientIp, Clock::time_point now,
                                               const std::vector<Endpoint>& tried) {
  std::lock_guard lock(mutex_);
  if (affinity_.clientIp) {
    auto found = affinityByClient_.find(clientIp);
    if (found != affinityByClient_.end()) {
      bool fresh = now - found->second.lastUsed < affinity_.timeout;
      if (fresh && !contains(tried, found->second.endpoint)) {
        found->second.lastUsed = now;
        return found->second.endpoint;
      }
    }
  }
  for (std::size_t step = 0; step < endpoints_.size(); ++step) {
    const Endpoint& candidate = endpoints_[(nextIndex_ + step) % endpoints_.size()];
    if (contains(tried, candidate)) continue;
    nextIndex_ = (nextIndex_ + step + 1) % endpoints_.size();
    if (affinity_.clientIp) affinityByClient_[clientIp] = Affinity{candidate, now};
    return candidate;
  }
  return std::nullopt;
}

std::vector<Endpoint> EndpointSelector::endpoints() const {
  std::lock_guard lock(mutex_);
  return endpoints_;
}

std::size_t EndpointSelector::clientsWithAffinity() const {
  std::lock_guard lock(mutex_);
  return affinityByClient_.size();
}

bool EndpointSelector::empty() const {
  std::lock_guard lock(mutex_);
  return endpoints_.empty();
}

}  // namespace kubelab::proxy

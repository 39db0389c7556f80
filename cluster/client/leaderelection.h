#pragma once
// Leader election through a coordination.k8s.io/v1 Lease, as client-go's leaderelection does:
// a candidate takes the lease when it is free or its holder has not renewed for
// leaseDuration, renews it every retryPeriod, and gives up leadership when it cannot renew
// within renewDeadline. Only one holder at a time leads; others keep trying.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "client/apiinterface.h"

namespace kubelab::client {

struct LeaderElectionConfig {
  std::string leaseNamespace = "kube-system";
  std::string leaseName;  // "kube-scheduler", "kube-controller-manager"
  std::string identity;   // unique per candidate: "<hostname>_<uuid>"
  std::chrono::milliseconds leaseDuration{15000};
  std::chrono::milliseconds renewDeadline{10000};
  std::chrono::milliseconds retryPeriod{2000};
  // Release the lease on stop(), so a successor need not wait out leaseDuration.
  bool releaseOnCancel = true;
};

class LeaderElector {
 public:
  LeaderElector(ApiInterface& api, LeaderElectionConfig config);
  ~LeaderElector();
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  // Campaigns on a background thread. onStartedLeading runs (on that thread, and may block:
  // it is the component's main work) once the lease is acquired; onStoppedLeading runs when
  // leadership is lost or stop() is called after leading. Components exit on lost leadership,
  // as Kubernetes' do, so the supervisor restarts them as candidates.
  void start(std::function<void()> onStartedLeading, std::function<void()> onStoppedLeading);
  void stop();
  bool isLeader() const;
  std::string identity() const;
  // The holder named in the lease when last read ("" if none).
  std::string observedLeader() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "<hostname>_<random hex>", what Kubernetes' components use as their identity.
std::string uniqueLeaderIdentity();

}  // namespace kubelab::client

#pragma once
// kubelab-controller-manager's body: connect with a kubeconfig, campaign for the
// kube-system/kube-controller-manager Lease (unless leader election is off), then start the
// shared informers and the chosen controllers, and run until stopped or leadership is lost.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "controllers/controllercontext.h"
#include "controllers/controllerregistry.h"

namespace kubelab::controllers {

struct ControllerManagerOptions {
  std::filesystem::path kubeconfig;
  // Which process this is: its controllers, its Lease in kube-system and its User-Agent.
  // kubelab-cloud-controller-manager runs the same way with its own.
  const std::vector<ControllerRegistration>* registry = &controllerRegistry();
  std::string leaseName = "kube-controller-manager";
  std::string userAgent = "kubelab-controller-manager";
  // Names from controllerRegistry(); "*" is every controller, "-name" leaves one out
  // (kube-controller-manager's --controllers syntax).
  std::vector<std::string> controllers{"*"};
  bool leaderElect = true;
  std::chrono::milliseconds leaseDuration{4000};
  std::chrono::milliseconds renewDeadline{3000};
  std::chrono::milliseconds retryPeriod{1000};
  int workersPerController = 2;
  ControllerTimings timings;
  // Pace control (client/pacegate.h): every controller's workers wait at a gate fed by the
  // kube-system/kubelab-pace ConfigMap before each sync. Off: no gate, no informer.
  bool paceControl = true;
};

// The controllers `--controllers` selects, in registry order; Invalid naming an unknown one.
Result<std::vector<std::string>> selectControllers(const std::vector<std::string>& requested,
                                                   const std::vector<ControllerRegistration>& registry);

// Runs until SIGTERM/SIGINT (returns Ok) or lost leadership (returns Unavailable, so the
// process exits non-zero and its supervisor restarts it as a candidate).
Status runControllerManager(const ControllerManagerOptions& options);

}  // namespace kubelab::controllers

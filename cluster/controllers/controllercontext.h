#pragma once
// What kubelab-controller-manager hands each controller: the API, the shared informers, an
// event recorder per controller, and the timings (fast defaults for the embedded cluster).
// Each controller registers its event handlers on construction and runs its workers in run().

#include <chrono>
#include <memory>
#include <string>

#include "client/apiinterface.h"
#include "client/eventrecorder.h"
#include "client/informer.h"

namespace kubelab::controllers {

struct ControllerTimings {
  // Node lifecycle: a node whose Lease is older than this goes Unknown (Kubernetes: 40 s).
  std::chrono::milliseconds nodeMonitorGracePeriod{8000};
  std::chrono::milliseconds nodeMonitorPeriod{1000};
  // Garbage collector and quota resync.
  std::chrono::milliseconds resyncPeriod{30000};
  // CronJob: how often schedules are checked.
  std::chrono::milliseconds cronJobCheckPeriod{1000};
};

struct ControllerContext {
  client::ApiInterface& api;
  client::InformerFactory& informers;
  ControllerTimings timings;
  std::string host;  // for event sources
  int workersPerController = 2;

  std::unique_ptr<client::EventRecorder> recorderFor(const std::string& component) const {
    return std::make_unique<client::EventRecorder>(api, component, host);
  }
};

class Controller {
 public:
  virtual ~Controller() = default;
  virtual std::string name() const = 0;
  // Starts workers (and any periodic threads); returns at once. Informers are already synced.
  virtual void start() = 0;
  // Stops workers and threads and waits for them.
  virtual void stop() = 0;
};

}  // namespace kubelab::controllers

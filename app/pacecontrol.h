#pragma once
// The app's side of pace control (see client/pacegate.h and docs/architecture.md): it drives the
// ConfigMap kube-system/kubelab-pace through the API with the admin kubeconfig, on a worker
// thread of its own (requests run one at a time, in the order asked), and follows it with an
// informer. Run, pause and slow motion are merge patches of data.mode (and
// data.delayMilliseconds); a step is a compare-and-swap on data.grantedSteps, retried on 409
// Conflict (a paced worker claimed a step meanwhile). The pure parts are free functions, so
// tests check them against a fake API.

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "client/apiinterface.h"
#include "client/pacegate.h"

namespace kubelab::client {
class Informer;
}

namespace kubelab::app {

// The data values of the pace ConfigMap, as the app shows them.
struct PaceState {
  bool exists = false;
  client::PaceMode mode = client::PaceMode::Run;
  int delayMilliseconds = 1000;
  qint64 grantedSteps = 0;
  qint64 takenSteps = 0;
  QString lastStep;     // data.lastStep, JSON
  QStringList queues;   // data.queues split on commas; empty: every queue
  QString resourceVersion;
  bool operator==(const PaceState&) const = default;
};

PaceState paceStateOf(const client::Object* configMap);
const char* paceModeName(client::PaceMode mode);  // "run", "paused", "slow", "step"

// The ConfigMap a step grant writes: `configMap` with data.grantedSteps set to
// max(grantedSteps, takenSteps) + 1 (strings; missing or unparsable counts as 0), and every
// other field, resourceVersion included, unchanged (it is the update's precondition).
client::Object nextStepConfigMap(const client::Object& configMap);

// A new pace ConfigMap with `data`.
client::Object newPaceConfigMap(const boost::json::object& data);

// Grants one step: GET, nextStepConfigMap, PUT; on Conflict reads and tries again (up to
// `attempts` times); creates the ConfigMap (in step mode, one step granted) when it is missing.
// Returns the ConfigMap as the server stored it.
Result<client::Object> grantPaceStep(client::ApiInterface& api, int attempts = 20);
// Merge-patches data.mode (and data.delayMilliseconds when given); creates the ConfigMap when
// missing.
Result<client::Object> setPaceMode(client::ApiInterface& api, client::PaceMode mode,
                                   std::optional<int> delayMilliseconds = std::nullopt);
// Merge-patches data.queues ("" paces every queue).
Result<client::Object> setPaceQueues(client::ApiInterface& api, const QStringList& queues);

// "Step 7: deployment controller synced default/web" from data.lastStep's JSON; empty when
// there is none (or it is not JSON).
QString formatLastStep(const QString& lastStepJson);

// The queues the filter offers as checkboxes.
QStringList paceFilterQueues();

class PaceControl : public QObject {
  Q_OBJECT

 public:
  // Takes over `api` (a RestClient for the cluster's kubeconfig); starts following the ConfigMap.
  explicit PaceControl(std::unique_ptr<client::ApiInterface> api, QObject* parent = nullptr);
  ~PaceControl() override;

  const PaceState& state() const { return state_; }

  void run();
  void pause();
  void slow(int delayMilliseconds);
  void step();
  void setQueues(const QStringList& queues);

 signals:
  void stateChanged(const PaceState& state);
  // One translated line per request: "Paused the controllers and the scheduler", or the error.
  void result(const QString& message, bool ok);

 private:
  struct Worker;
  void submit(std::function<QString(client::ApiInterface&)> request);
  void observe(const PaceState& state);

  std::shared_ptr<Worker> worker_;
  std::shared_ptr<std::atomic<bool>> alive_;
  PaceState state_;
};

}  // namespace kubelab::app

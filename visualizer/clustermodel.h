#pragma once
// The cluster as the GUI sees it. A ClusterSource delivers object changes on its own threads;
// the model queues them and applies them on the GUI thread in batches, at most once per
// kFlushInterval, so a burst of watch events costs one pass, and nothing on the GUI thread
// ever waits for the network. After each batch it emits fine-grained signals with the old and
// new views of every object that really changed (an add and a delete within one batch cancel
// out), then batchApplied(), which is when a scene lays out what those signals touched.

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "clustersource.h"
#include "controlplanetraffic.h"
#include "objectviews.h"

namespace kubelab::visualizer {

// A control-plane process as the supervisor (or, on a real cluster, nothing) reports it.
struct ComponentView {
  QString name;   // "kube-apiserver", "kube-scheduler", ...
  QString state;  // "running", "starting", "back-off", "stopped", "failed", or "unknown"
  int restarts = 0;
  QString message;
  bool operator==(const ComponentView&) const = default;
};

using ObjectPointer = std::shared_ptr<const boost::json::object>;

class ClusterModel : public QObject {
  Q_OBJECT

 public:
  static constexpr std::chrono::milliseconds kFlushInterval{16};

  explicit ClusterModel(QObject* parent = nullptr);
  ~ClusterModel() override;

  // Stops and drops the previous source and everything it delivered, then starts this one.
  void setSource(std::unique_ptr<ClusterSource> source);
  ClusterSource* source() const { return source_.get(); }

  // Thread-safe; what a source's sink calls.
  void enqueue(ObjectChange change);
  // Applies every queued change now (tests and benchmarks; the timer does it otherwise).
  void flushNow();
  bool hasSynced() const { return synced_; }

  const QHash<QString, PodView>& pods() const { return pods_; }
  const QHash<QString, NodeView>& nodes() const { return nodes_; }
  const QHash<QString, WorkloadView>& workloads(ResourceKind kind) const;
  const QHash<QString, ServiceView>& services() const { return services_; }
  const QHash<QString, EndpointsView>& endpoints() const { return endpoints_; }
  const QHash<QString, EventView>& events() const { return events_; }
  // The object as last delivered, for the inspector; null when unknown.
  ObjectPointer object(ResourceKind kind, const QString& key) const;

  const QList<ComponentView>& components() const { return components_; }
  void setComponents(const QList<ComponentView>& components);
  // Requests/s between the components (a MetricsSampler's, on the GUI thread); a new source
  // starts with none known.
  const ControlPlaneTraffic& traffic() const { return traffic_; }
  void setTraffic(const ControlPlaneTraffic& traffic);

  // Called on the GUI thread with each batch of raw changes before it is applied (the
  // time-travel recorder); empty to stop.
  void setChangeObserver(std::function<void(const std::vector<ObjectChange>&)> observer) {
    changeObserver_ = std::move(observer);
  }

 signals:
  void nodeAdded(const kubelab::visualizer::NodeView& node);
  void nodeChanged(const kubelab::visualizer::NodeView& old, const kubelab::visualizer::NodeView& now);
  void nodeRemoved(const kubelab::visualizer::NodeView& node);
  void podAdded(const kubelab::visualizer::PodView& pod);
  void podChanged(const kubelab::visualizer::PodView& old, const kubelab::visualizer::PodView& now);
  void podRemoved(const kubelab::visualizer::PodView& pod);
  void workloadAdded(const kubelab::visualizer::WorkloadView& workload);
  void workloadChanged(const kubelab::visualizer::WorkloadView& old, const kubelab::visualizer::WorkloadView& now);
  void workloadRemoved(const kubelab::visualizer::WorkloadView& workload);
  void serviceAdded(const kubelab::visualizer::ServiceView& service);
  void serviceChanged(const kubelab::visualizer::ServiceView& old, const kubelab::visualizer::ServiceView& now);
  void serviceRemoved(const kubelab::visualizer::ServiceView& service);
  // A removed Endpoints object arrives as a view with only its key.
  void endpointsChanged(const kubelab::visualizer::EndpointsView& endpoints);
  // A new Event, or one whose count or message changed.
  void eventRecorded(const kubelab::visualizer::EventView& event);
  // Any object of any kind changed (the inspector follows its selection with this).
  void objectChanged(kubelab::visualizer::ResourceKind kind, const QString& key);
  void componentsChanged();
  void trafficChanged();
  void batchApplied();
  void synced();
  // The source was replaced: every view is gone.
  void cleared();

 private:
  struct Touched {
    ResourceKind kind;
    QString key;
  };

  void scheduleFlush();
  void markSynced();
  void applyChange(const ObjectChange& change, std::vector<Touched>& touched);
  void emitChange(ResourceKind kind, const QString& key);
  void emitPodChange(const QString& key, const ObjectPointer& object);
  void emitNodeChange(const QString& key, const ObjectPointer& object);
  void emitWorkloadChange(ResourceKind kind, const QString& key, const ObjectPointer& object);
  void emitServiceChange(const QString& key, const ObjectPointer& object);
  void emitEndpointsChange(const QString& key, const ObjectPointer& object);
  void emitEventChange(const QString& key, const ObjectPointer& object);
  void clear();

  std::unique_ptr<ClusterSource> source_;
  // Changes every source thread delivers, waiting for the GUI thread.
  std::mutex pendingMutex_;
  std::vector<ObjectChange> pending_;
  bool flushScheduled_ = false;
  QTimer flushTimer_;
  QElapsedTimer sinceFlush_;
  bool synced_ = false;

  std::array<QHash<QString, ObjectPointer>, kResourceKindCount> objects_;
  QHash<QString, PodView> pods_;
  QHash<QString, NodeView> nodes_;
  std::array<QHash<QString, WorkloadView>, kResourceKindCount> workloads_;
  QHash<QString, ServiceView> services_;
  QHash<QString, EndpointsView> endpoints_;
  QHash<QString, EventView> events_;
  QList<ComponentView> components_;
  ControlPlaneTraffic traffic_;
  std::function<void(const std::vector<ObjectChange>&)> changeObserver_;
};

// The Deployment ("namespace/name") a selected object belongs to: the Deployment itself, a
// ReplicaSet's owner, or the owner of a pod's ReplicaSet; empty when there is none.
QString owningDeployment(const ClusterModel& model, ResourceKind kind, const QString& key);

}  // namespace kubelab::visualizer

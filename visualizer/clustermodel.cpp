#include "clustermodel.h"

#include <QMetaObject>
#include <QSet>

#include <utility>

namespace kubelab::visualizer {

namespace {

bool isWorkload(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::ReplicaSet:
    case ResourceKind::Deployment:
    case ResourceKind::StatefulSet:
    case ResourceKind::DaemonSet:
    case ResourceKind::Job: return true;
    default: return false;
  }
}

int indexOf(ResourceKind kind) { return static_cast<int>(kind); }

}  // namespace

ClusterModel::ClusterModel(QObject* parent) : QObject(parent) {
  flushTimer_.setSingleShot(true);
  connect(&flushTimer_, &QTimer::timeout, this, &ClusterModel::flushNow);
  sinceFlush_.start();
}

ClusterModel::~ClusterModel() {
  if (source_) source_->stop();
}

void ClusterModel::setSource(std::unique_ptr<ClusterSource> source) {
  if (source_) source_->stop();
  {
    std::lock_guard lock(pendingMutex_);
    pending_.clear();
  }
  clear();
  setTraffic({});
  source_ = std::move(source);
  if (!source_) return;
  ClusterSourceSink sink;
  sink.change = [this](ObjectChange change) { enqueue(std::move(change)); };
  sink.synced = [this] { QMetaObject::invokeMethod(this, &ClusterModel::markSynced, Qt::QueuedConnection); };
  source_->start(std::move(sink));
}

void ClusterModel::enqueue(ObjectChange change) {
  bool schedule = false;
  {
    std::lock_guard lock(pendingMutex_);
    pending_.push_back(std::move(change));
    schedule = !flushScheduled_;
    flushScheduled_ = true;
  }
  if (schedule) QMetaObject::invokeMethod(this, &ClusterModel::scheduleFlush, Qt::QueuedConnection);
}

// On the GUI thread: apply now when the last batch is old enough, else when it will be.
void ClusterModel::scheduleFlush() {
  auto elapsed = std::chrono::milliseconds(sinceFlush_.elapsed());
  if (elapsed >= kFlushInterval) {
    flushNow();
  } else if (!flushTimer_.isActive()) {
    flushTimer_.start(kFlushInterval - elapsed);
  }
}

void ClusterModel::markSynced() {
  flushNow();
  synced_ = true;
  emit synced();
}

void ClusterModel::flushNow() {
  std::vector<ObjectChange> batch;
  {
    std::lock_guard lock(pendingMutex_);
    batch.swap(pending_);
    flushScheduled_ = false;
  }
  flushTimer_.stop();
  sinceFlush_.restart();
  if (batch.empty()) return;
  if (changeObserver_) changeObserver_(batch);
  std::vector<Touched> touched;
  touched.reserve(batch.size());
  for (const ObjectChange& change : batch) applyChange(change, touched);
  QSet<QPair<int, QString>> seen;
  for (const Touched& entry : touched) {
    if (seen.contains({indexOf(entry.kind), entry.key})) continue;
    seen.insert({indexOf(entry.kind), entry.key});
    emitChange(entry.kind, entry.key);
  }
  emit batchApplied();
}

void ClusterModel::applyChange(const ObjectChange& change, std::vector<Touched>& touched) {
  QString key = QString::fromStdString(change.key);
  auto& objects = objects_[indexOf(change.kind)];
  if (change.deleted) {
    objects.remove(key);
  } else {
    objects.insert(key, change.object);
  }
  touched.push_back({change.kind, key});
}

void ClusterModel::emitChange(ResourceKind kind, const QString& key) {
  ObjectPointer object = objects_[indexOf(kind)].value(key);
  switch (kind) {
    case ResourceKind::Pod: emitPodChange(key, object); break;
    case ResourceKind::Node: emitNodeChange(key, object); break;
    case ResourceKind::Service: emitServiceChange(key, object); break;
    case ResourceKind::Endpoints: emitEndpointsChange(key, object); break;
    case ResourceKind::Event: emitEventChange(key, object); break;
    default:
      if (isWorkload(kind)) emitWorkloadChange(kind, key, object);
      break;
  }
}

// Each emit*Change compares the view the model held before the batch with the one after it.
void ClusterModel::emitPodChange(const QString& key, const ObjectPointer& object) {
  auto previous = pods_.constFind(key);
  if (!object) {
    if (previous == pods_.constEnd()) return;
    PodView old = *previous;
    pods_.erase(previous);
    emit podRemoved(old);
  } else if (previous == pods_.constEnd()) {
    PodView now = podViewFromJson(*object);
    pods_.insert(key, now);
    emit podAdded(now);
  } else {
    PodView now = podViewFromJson(*object);
    if (now == *previous) {
      emit objectChanged(ResourceKind::Pod, key);
      return;
    }
    PodView old = *previous;
    pods_.insert(key, now);
    emit podChanged(old, now);
  }
  emit objectChanged(ResourceKind::Pod, key);
}

void ClusterModel::emitNodeChange(const QString& key, const ObjectPointer& object) {
  auto previous = nodes_.constFind(key);
  if (!object) {
    if (previous == nodes_.constEnd()) return;
    NodeView old = *previous;
    nodes_.erase(previous);
    emit nodeRemoved(old);
  } else if (previous == nodes_.constEnd()) {
    NodeView now = nodeViewFromJson(*object);
    nodes_.insert(key, now);
    emit nodeAdded(now);
  } else {
    NodeView now = nodeViewFromJson(*object);
    if (!(now == *previous)) {
      NodeView old = *previous;
      nodes_.insert(key, now);
      emit nodeChanged(old, now);
    }
  }
  emit objectChanged(ResourceKind::Node, key);
}

void ClusterModel::emitWorkloadChange(ResourceKind kind, const QString& key, const ObjectPointer& object) {
  auto& workloads = workloads_[indexOf(kind)];
  auto previous = workloads.constFind(key);
  if (!object) {
    if (previous == workloads.constEnd()) return;
    WorkloadView old = *previous;
    workloads.erase(previous);
    emit workloadRemoved(old);
  } else if (previous == workloads.constEnd()) {
    WorkloadView now = workloadViewFromJson(QString::fromLatin1(resourceKindName(kind)), *object);
    workloads.insert(key, now);
    emit workloadAdded(now);
  } else {
    WorkloadView now = workloadViewFromJson(QString::fromLatin1(resourceKindName(kind)), *object);
    if (!(now == *previous)) {
      WorkloadView old = *previous;
      workloads.insert(key, now);
      emit workloadChanged(old, now);
    }
  }
  emit objectChanged(kind, key);
}

void ClusterModel::emitServiceChange(const QString& key, const ObjectPointer& object) {
  auto previous = services_.constFind(key);
  if (!object) {
    if (previous == services_.constEnd()) return;
    ServiceView old = *previous;
    services_.erase(previous);
    emit serviceRemoved(old);
  } else if (previous == services_.constEnd()) {
    ServiceView now = serviceViewFromJson(*object);
    services_.insert(key, now);
    emit serviceAdded(now);
  } else {
    ServiceView now = serviceViewFromJson(*object);
    if (!(now == *previous)) {
      ServiceView old = *previous;
      services_.insert(key, now);
      emit serviceChanged(old, now);
    }
  }
  emit objectChanged(ResourceKind::Service, key);
}

void ClusterModel::emitEndpointsChange(const QString& key, const ObjectPointer& object) {
  auto previous = endpoints_.constFind(key);
  if (!object) {
    if (previous == endpoints_.constEnd()) return;
    endpoints_.erase(previous);
    EndpointsView gone;
    gone.key = key;
    emit endpointsChanged(gone);
    return;
  }
  EndpointsView now = endpointsViewFromJson(*object);
  if (previous != endpoints_.constEnd() && now == *previous) return;
  endpoints_.insert(key, now);
  emit endpointsChanged(now);
}

void ClusterModel::emitEventChange(const QString& key, const ObjectPointer& object) {
  auto previous = events_.constFind(key);
  if (!object) {
    if (previous != events_.constEnd()) events_.erase(previous);
    return;
  }
  EventView now = eventViewFromJson(*object);
  if (previous != events_.constEnd() && now == *previous) return;
  events_.insert(key, now);
  emit eventRecorded(now);
}

const QHash<QString, WorkloadView>& ClusterModel::workloads(ResourceKind kind) const {
  return workloads_[indexOf(kind)];
}

ObjectPointer ClusterModel::object(ResourceKind kind, const QString& key) const {
  return objects_[indexOf(kind)].value(key);
}

void ClusterModel::setComponents(const QList<ComponentView>& components) {
  if (components == components_) return;
  components_ = components;
  emit componentsChanged();
}

void ClusterModel::setTraffic(const ControlPlaneTraffic& traffic) {
  if (traffic == traffic_) return;
  traffic_ = traffic;
  emit trafficChanged();
}

void ClusterModel::clear() {
  for (auto& objects : objects_) objects.clear();
  for (auto& workloads : workloads_) workloads.clear();
  pods_.clear();
  nodes_.clear();
  services_.clear();
  endpoints_.clear();
  events_.clear();
  synced_ = false;
  emit cleared();
}

QString owningDeployment(const ClusterModel& model, ResourceKind kind, const QString& key) {
  if (kind == ResourceKind::Deployment) return model.workloads(ResourceKind::Deployment).contains(key) ? key : QString();
  QString replicaSet = key;
  if (kind == ResourceKind::Pod) {
    const PodView pod = model.pods().value(key);
    if (pod.ownerKind != QLatin1String("ReplicaSet")) return {};
    replicaSet = pod.ns + QLatin1Char('/') + pod.ownerName;
  } else if (kind != ResourceKind::ReplicaSet) {
    return {};
  }
  const WorkloadView owner = model.workloads(ResourceKind::ReplicaSet).value(replicaSet);
  if (owner.ownerKind != QLatin1String("Deployment")) return {};
  return owner.ns + QLatin1Char('/') + owner.ownerName;
}

}  // namespace kubelab::visualizer

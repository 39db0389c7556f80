#include "informerclustersource.h"

#include <chrono>
#include <utility>

#include "client/objectkey.h"
#include "client/resource.h"

namespace kubelab::visualizer {

namespace {

struct WatchedResource {
  ResourceKind kind;
  const client::GroupVersionResource* resource;
};

const WatchedResource kWatched[] = {
    {ResourceKind::Node, &client::resources::nodes},
    {ResourceKind::Pod, &client::resources::pods},
    {ResourceKind::ReplicaSet, &client::resources::replicaSets},
    {ResourceKind::Deployment, &client::resources::deployments},
    {ResourceKind::StatefulSet, &client::resources::statefulSets},
    {ResourceKind::DaemonSet, &client::resources::daemonSets},
    {ResourceKind::Job, &client::resources::jobs},
    {ResourceKind::Service, &client::resources::services},
    {ResourceKind::Endpoints, &client::resources::endpoints},
    {ResourceKind::Event, &client::resources::events},
};

ObjectChange changeOf(ResourceKind kind, const client::ObjectPointer& object, bool deleted) {
  return ObjectChange{kind, deleted, client::objectKey(*object), object};
}

}  // namespace

InformerClusterSource::InformerClusterSource(std::unique_ptr<client::ApiInterface> api) : api_(std::move(api)) {}

InformerClusterSource::~InformerClusterSource() { stop(); }

void InformerClusterSource::start(ClusterSourceSink sink) {
  stopping_ = false;
  factory_ = std::make_unique<client::InformerFactory>(*api_);
  for (const WatchedResource& watched : kWatched) {
    ResourceKind kind = watched.kind;
    client::EventHandlers handlers;
    handlers.onAdd = [kind, change = sink.change](const client::ObjectPointer& object) {
      change(changeOf(kind, object, false));
    };
    handlers.onUpdate = [kind, change = sink.change](const client::ObjectPointer& old,
                                                     const client::ObjectPointer& current) {
      if (old == current) return;  // a resync tells the view nothing new
      change(changeOf(kind, current, false));
    };
    handlers.onDelete = [kind, change = sink.change](const client::ObjectPointer& object) {
      change(changeOf(kind, object, true));
    };
    factory_->informer(*watched.resource).addEventHandlers(std::move(handlers));
  }
  factory_->startAll();
  syncWaiter_ = std::thread([this, synced = std::move(sink.synced)] {
    while (!stopping_) {
      if (factory_->waitForSync(std::chrono::milliseconds(100))) {
        if (synced) synced();
        return;
      }
    }
  });
}

void InformerClusterSource::stop() {
  stopping_ = true;
  if (syncWaiter_.joinable()) syncWaiter_.join();
  if (factory_) factory_->stopAll();
  factory_.reset();
}

}  // namespace kubelab::visualizer

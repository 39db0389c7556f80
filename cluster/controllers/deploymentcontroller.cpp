// Deployment controller wiring: event handlers that only enqueue Deployment keys, and the factory.
#include "controllers/deploymentcontroller.h"

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "controllers/controllerref.h"

namespace kubelab::controllers {

namespace json = boost::json;

ReplicaSets DeploymentController::NewAndOld::all() const {
  ReplicaSets all = oldReplicaSets;
  if (newReplicaSet) all.push_back(*newReplicaSet);
  return all;
}

DeploymentController::DeploymentController(client::ApiInterface& api, client::Indexer& deployments,
                                           client::Indexer& replicaSets, client::Indexer& pods,
                                           std::unique_ptr<client::EventRecorder> recorder, int workers)
    : api_(api),
      deployments_(deployments),
      replicaSets_(replicaSets),
      pods_(pods),
      recorder_(std::move(recorder)),
      workers_(workers),
      now_([] { return Clock::now(); }),
      loop_("deployment", [this](const std::string& key) { return syncDeployment(key); }) {}

DeploymentController::~DeploymentController() { stop(); }

void DeploymentController::start() { loop_.start(workers_); }

void DeploymentController::stop() { loop_.stop(); }

void DeploymentController::enqueue(const json::object& deployment) { loop_.enqueue(client::objectKey(deployment)); }

void DeploymentController::onDeploymentChanged(const client::ObjectPointer& deployment) { enqueue(*deployment); }

client::ObjectPointer DeploymentController::deploymentOwning(const json::object& replicaSet) const {
  auto reference = controllerOf(replicaSet);
  if (!reference || reference->kind != "Deployment") return nullptr;
  auto deployment = deployments_.get(client::objectKey(api::namespaceOf(replicaSet), reference->name));
  if (!deployment || api::uid(*deployment) != reference->uid) return nullptr;
  return deployment;
}

namespace {

std::vector<client::ObjectPointer> deploymentsSelecting(const client::Indexer& deployments,
                                                        const json::object& replicaSet) {
  std::vector<client::ObjectPointer> selecting;
  auto replicaSetLabels = api::labels(replicaSet);
  for (const auto& deployment : deployments.byIndex(client::kNamespaceIndex, api::namespaceOf(replicaSet))) {
    auto selector = api::LabelSelector::fromJson(api::valueAt(*deployment, {"spec", "selector"}));
    // A Deployment that selects everything adopts nothing (syncDeployment refuses it).
    if (!selector || selector->matchesEverything() || selector->matchesNothing()) continue;
    if (selector->matches(replicaSetLabels)) selecting.push_back(deployment);
  }
  return selecting;
}

}  // namespace

void DeploymentController::onReplicaSetAdded(const client::ObjectPointer& replicaSet) {
  if (!api::stringAt(*replicaSet, {"metadata", "deletionTimestamp"}).empty()) {
    onReplicaSetDeleted(replicaSet);
    return;
  }
  if (controllerOf(*replicaSet)) {
    if (auto deployment = deploymentOwning(*replicaSet)) enqueue(*deployment);
    return;
  }
  for (const auto& deployment : deploymentsSelecting(deployments_, *replicaSet)) enqueue(*deployment);
}

void DeploymentController::onReplicaSetUpdated(const client::ObjectPointer& old, const client::ObjectPointer& current) {
  if (api::resourceVersion(*old) == api::resourceVersion(*current)) return;
  auto oldReference = controllerOf(*old);
  auto currentReference = controllerOf(*current);
  bool referenceChanged = oldReference.has_value() != currentReference.has_value() ||
                          (oldReference && currentReference && oldReference->uid != currentReference->uid);
  if (referenceChanged && oldReference) {
    if (auto deployment = deploymentOwning(*old)) enqueue(*deployment);
  }
  if (currentReference) {
    if (auto deployment = deploymentOwning(*current)) enqueue(*deployment);
    return;
  }
  if (referenceChanged || api::labels(*old) != api::labels(*current)) {
    for (const auto& deployment : deploymentsSelecting(deployments_, *current)) enqueue(*deployment);
  }
}

void DeploymentController::onReplicaSetDeleted(const client::ObjectPointer& replicaSet) {
  if (auto deployment = deploymentOwning(*replicaSet)) enqueue(*deployment);
}

void DeploymentController::onPodDeleted(const client::ObjectPointer& pod) {
  // Only Recreate waits for old pods to be gone; it learns that here.
  auto reference = controllerOf(*pod);
  if (!reference || reference->kind != "ReplicaSet") return;
  auto replicaSet = replicaSets_.get(client::objectKey(api::namespaceOf(*pod), reference->name));
  if (!replicaSet || api::uid(*replicaSet) != reference->uid) return;
  auto deployment = deploymentOwning(*replicaSet);
  if (deployment && api::stringAt(*deployment, {"spec", "strategy", "type"}) == "Recreate") enqueue(*deployment);
}

std::unique_ptr<Controller> newDeploymentController(ControllerContext& context) {
  auto& deployments = context.informers.informer(client::resources::deployments);
  auto& replicaSets = context.informers.informer(client::resources::replicaSets);
  auto& pods = context.informers.informer(client::resources::pods);
  auto controller = std::make_unique<DeploymentController>(context.api, deployments.indexer(), replicaSets.indexer(),
                                                           pods.indexer(), context.recorderFor("deployment-controller"),
                                                           context.workersPerController);
  DeploymentController* raw = controller.get();
  deployments.addEventHandlers({[raw](const auto& deployment) { raw->onDeploymentChanged(deployment); },
                                [raw](const auto& old, const auto& current) {
                                  if (api::resourceVersion(*old) != api::resourceVersion(*current)) {
                                    raw->onDeploymentChanged(current);
                                  }
                                },
                                [raw](const auto& deployment) { raw->onDeploymentChanged(deployment); }});
  replicaSets.addEventHandlers({[raw](const auto& replicaSet) { raw->onReplicaSetAdded(replicaSet); },
                                [raw](const auto& old, const auto& current) { raw->onReplicaSetUpdated(old, current); },
                                [raw](const auto& replicaSet) { raw->onReplicaSetDeleted(replicaSet); }});
  pods.addEventHandlers({[](const auto&) {}, [](const auto&, const auto&) {}, [raw](const auto& pod) { raw->onPodDeleted(pod); }});
  return controller;
}

}  // namespace kubelab::controllers

#include "objectviews.h"

#include <boost/json/array.hpp>

#include <string>

#include "api/objectmeta.h"

namespace kubelab::visualizer {

namespace {

using api::arrayAt;
using api::integerAt;
using api::objectAt;
using api::stringAt;

QString qs(const std::string& text) { return QString::fromStdString(text); }

QMap<QString, QString> qmap(const std::map<std::string, std::string>& values) {
  QMap<QString, QString> result;
  for (const auto& [key, value] : values) result.insert(qs(key), qs(value));
  return result;
}

QString jsonString(const boost::json::object& object, std::string_view field) {
  const boost::json::value* value = object.if_contains(field);
  return value && value->is_string() ? qs(std::string(value->as_string())) : QString();
}

// The controller owner, else the first owner.
const boost::json::object* controllerOwner(const boost::json::object& object) {
  const boost::json::array* owners = arrayAt(object, {"metadata", "ownerReferences"});
  if (!owners || owners->empty()) return nullptr;
  for (const boost::json::value& owner : *owners) {
    if (owner.is_object() && api::booleanAt(owner.as_object(), {"controller"})) return &owner.as_object();
  }
  return owners->front().is_object() ? &owners->front().as_object() : nullptr;
}

bool conditionTrue(const boost::json::object& object, std::string_view type, QString* status = nullptr) {
  const boost::json::array* conditions = arrayAt(object, {"status", "conditions"});
  if (!conditions) return false;
  for (const boost::json::value& condition : *conditions) {
    if (!condition.is_object() || stringAt(condition.as_object(), {"type"}) != type) continue;
    std::string value = stringAt(condition.as_object(), {"status"});
    if (status) *status = qs(value);
    return value == "True";
  }
  return false;
}

// The reason a container waits or ended with, which says more than the phase (CrashLoopBackOff).
QString containerReason(const boost::json::object& pod) {
  for (std::string_view list : {"initContainerStatuses", "containerStatuses"}) {
    const boost::json::array* statuses = arrayAt(pod, {"status", list});
    if (!statuses) continue;
    for (const boost::json::value& status : *statuses) {
      if (!status.is_object()) continue;
      std::string waiting = stringAt(status.as_object(), {"state", "waiting", "reason"});
      if (!waiting.empty() && waiting != "PodInitializing" && waiting != "ContainerCreating") return qs(waiting);
      std::string terminated = stringAt(status.as_object(), {"state", "terminated", "reason"});
      if (!terminated.empty() && terminated != "Completed") return qs(terminated);
    }
  }
  return qs(stringAt(pod, {"status", "reason"}));
}

}  // namespace

PodDisplayState PodView::displayState() const {
  if (!deletionTimestamp.isEmpty()) return PodDisplayState::Terminating;
  if (phase == QLatin1String("Running")) return PodDisplayState::Running;
  if (phase == QLatin1String("Succeeded")) return PodDisplayState::Succeeded;
  if (phase == QLatin1String("Failed")) return PodDisplayState::Failed;
  if (phase == QLatin1String("Pending") || phase.isEmpty()) return PodDisplayState::Pending;
  return PodDisplayState::Unknown;
}

QString podDisplayStateName(PodDisplayState state) {
  switch (state) {
    case PodDisplayState::Pending: return QStringLiteral("Pending");
    case PodDisplayState::Running: return QStringLiteral("Running");
    case PodDisplayState::Succeeded: return QStringLiteral("Succeeded");
    case PodDisplayState::Failed: return QStringLiteral("Failed");
    case PodDisplayState::Unknown: return QStringLiteral("Unknown");
    case PodDisplayState::Terminating: return QStringLiteral("Terminating");
  }
  return {};
}

QDateTime parseApiTime(const QString& text) {
  if (text.isEmpty()) return {};
  return QDateTime::fromString(text, Qt::ISODateWithMs);
}

PodView podViewFromJson(const boost::json::object& pod) {
  PodView view;
  view.name = qs(api::name(pod));
  view.ns = qs(api::namespaceOf(pod));
  view.key = view.ns + QLatin1Char('/') + view.name;
  view.uid = qs(api::uid(pod));
  view.phase = qs(stringAt(pod, {"status", "phase"}));
  if (view.phase.isEmpty()) view.phase = QStringLiteral("Pending");
  view.node = qs(stringAt(pod, {"spec", "nodeName"}));
  view.labels = qmap(api::labels(pod));
  view.deletionTimestamp = qs(stringAt(pod, {"metadata", "deletionTimestamp"}));
  view.created = parseApiTime(qs(stringAt(pod, {"metadata", "creationTimestamp"})));
  if (const boost::json::object* owner = controllerOwner(pod)) {
    view.ownerKind = jsonString(*owner, "kind");
    view.ownerName = jsonString(*owner, "name");
  }
  if (const boost::json::array* specContainers = arrayAt(pod, {"spec", "containers"})) {
    view.containers = static_cast<int>(specContainers->size());
  }
  if (const boost::json::array* statuses = arrayAt(pod, {"status", "containerStatuses"})) {
    for (const boost::json::value& status : *statuses) {
      if (!status.is_object()) continue;
      if (api::booleanAt(status.as_object(), {"ready"})) ++view.readyContainers;
      view.restarts += static_cast<int>(integerAt(status.as_object(), {"restartCount"}));
    }
  }
  view.ready = conditionTrue(pod, "Ready");
  view.reason = containerReason(pod);
  return view;
}

NodeView nodeViewFromJson(const boost::json::object& node) {
  NodeView view;
  view.name = qs(api::name(node));
  view.key = view.name;
  view.labels = qmap(api::labels(node));
  for (const char* label : {"kubelab.io/nodepool", "cloud.google.com/gke-nodepool", "eks.amazonaws.com/nodegroup",
                            "kubernetes.azure.com/agentpool"}) {
    if (view.labels.contains(QLatin1String(label))) {
      view.pool = view.labels.value(QLatin1String(label));
      break;
    }
  }
  QString ready;
  conditionTrue(node, "Ready", &ready);
  view.readiness = ready == QLatin1String("True")    ? NodeReadiness::Ready
                   : ready == QLatin1String("False") ? NodeReadiness::NotReady
                                                     : NodeReadiness::Unknown;
  view.cpu = qs(stringAt(node, {"status", "capacity", "cpu"}));
  view.memory = qs(stringAt(node, {"status", "capacity", "memory"}));
  view.podCapacity = qs(stringAt(node, {"status", "capacity", "pods"}));
  view.unschedulable = api::booleanAt(node, {"spec", "unschedulable"});
  if (const boost::json::array* taints = arrayAt(node, {"spec", "taints"})) {
    for (const boost::json::value& taint : *taints) {
      if (!taint.is_object()) continue;
      QString text = jsonString(taint.as_object(), "key");
      QString value = jsonString(taint.as_object(), "value");
      if (!value.isEmpty()) text += QLatin1Char('=') + value;
      text += QLatin1Char(':') + jsonString(taint.as_object(), "effect");
      view.taints.append(text);
    }
  }
  return view;
}

WorkloadView workloadViewFromJson(const QString& kind, const boost::json::object& workload) {
  WorkloadView view;
  view.kind = kind;
  view.name = qs(api::name(workload));
  view.ns = qs(api::namespaceOf(workload));
  view.key = view.ns + QLatin1Char('/') + view.name;
  view.uid = qs(api::uid(workload));
  if (kind == QLatin1String("DaemonSet")) {
    view.desired = static_cast<int>(integerAt(workload, {"status", "desiredNumberScheduled"}));
    view.ready = static_cast<int>(integerAt(workload, {"status", "numberReady"}));
  } else if (kind == QLatin1String("Job")) {
    view.desired = static_cast<int>(integerAt(workload, {"spec", "parallelism"}, 1));
    view.ready = static_cast<int>(integerAt(workload, {"status", "ready"}));
  } else {
    view.desired = static_cast<int>(integerAt(workload, {"spec", "replicas"}, 1));
    view.ready = static_cast<int>(integerAt(workload, {"status", "readyReplicas"}));
  }
  if (const boost::json::object* owner = controllerOwner(workload)) {
    view.ownerKind = jsonString(*owner, "kind");
    view.ownerName = jsonString(*owner, "name");
  }
  view.revision = qs(stringAt(workload, {"metadata", "annotations", "deployment.kubernetes.io/revision"}));
  return view;
}

ServiceView serviceViewFromJson(const boost::json::object& service) {
  ServiceView view;
  view.name = qs(api::name(service));
  view.ns = qs(api::namespaceOf(service));
  view.key = view.ns + QLatin1Char('/') + view.name;
  view.type = qs(stringAt(service, {"spec", "type"}));
  if (view.type.isEmpty()) view.type = QStringLiteral("ClusterIP");
  view.clusterIP = qs(stringAt(service, {"spec", "clusterIP"}));
  view.selector = qmap(api::stringMap(service, {"spec", "selector"}));
  if (const boost::json::array* ports = arrayAt(service, {"spec", "ports"})) {
    for (const boost::json::value& port : *ports) {
      if (!port.is_object()) continue;
      const boost::json::object& entry = port.as_object();
      QString text = QString::number(integerAt(entry, {"port"}));
      if (std::int64_t nodePort = integerAt(entry, {"nodePort"})) text += QLatin1Char(':') + QString::number(nodePort);
      QString protocol = jsonString(entry, "protocol");
      text += QLatin1Char('/') + (protocol.isEmpty() ? QStringLiteral("TCP") : protocol);
      view.ports.append(text);
    }
  }
  if (const boost::json::array* ingress = arrayAt(service, {"status", "loadBalancer", "ingress"})) {
    for (const boost::json::value& entry : *ingress) {
      if (!entry.is_object()) continue;
      QString address = jsonString(entry.as_object(), "ip");
      if (address.isEmpty()) address = jsonString(entry.as_object(), "hostname");
      if (!address.isEmpty()) view.loadBalancerIngress.append(address);
    }
  }
  return view;
}

EndpointsView endpointsViewFromJson(const boost::json::object& endpoints) {
  EndpointsView view;
  view.key = qs(api::namespaceOf(endpoints)) + QLatin1Char('/') + qs(api::name(endpoints));
  const boost::json::array* subsets = arrayAt(endpoints, {"subsets"});
  if (!subsets) return view;
  auto collect = [](const boost::json::object& subset, std::string_view field, QStringList& into, int& count) {
    const boost::json::array* addresses = arrayAt(subset, {field});
    if (!addresses) return;
    for (const boost::json::value& address : *addresses) {
      if (!address.is_object()) continue;
      ++count;
      const boost::json::object* target = objectAt(address.as_object(), {"targetRef"});
      if (!target || jsonString(*target, "kind") != QLatin1String("Pod")) continue;
      QString key = jsonString(*target, "namespace") + QLatin1Char('/') + jsonString(*target, "name");
      if (!into.contains(key)) into.append(key);
    }
  };
  for (const boost::json::value& subset : *subsets) {
    if (!subset.is_object()) continue;
    collect(subset.as_object(), "addresses", view.readyPods, view.readyAddresses);
    collect(subset.as_object(), "notReadyAddresses", view.notReadyPods, view.notReadyAddresses);
  }
  return view;
}

EventView eventViewFromJson(const boost::json::object& event) {
  EventView view;
  view.key = qs(api::namespaceOf(event)) + QLatin1Char('/') + qs(api::name(event));
  view.type = qs(stringAt(event, {"type"}));
  view.reason = qs(stringAt(event, {"reason"}));
  view.message = qs(stringAt(event, {"message"}));
  view.involvedKind = qs(stringAt(event, {"involvedObject", "kind"}));
  view.involvedName = qs(stringAt(event, {"involvedObject", "name"}));
  view.involvedNamespace = qs(stringAt(event, {"involvedObject", "namespace"}));
  view.source = qs(stringAt(event, {"reportingComponent"}));
  if (view.source.isEmpty()) view.source = qs(stringAt(event, {"source", "component"}));
  view.count = static_cast<int>(integerAt(event, {"count"}, 1));
  for (std::string_view field : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
    view.lastSeen = parseApiTime(qs(stringAt(event, {field})));
    if (view.lastSeen.isValid()) return view;
  }
  view.lastSeen = parseApiTime(qs(stringAt(event, {"metadata", "creationTimestamp"})));
  return view;
}

}  // namespace kubelab::visualizer

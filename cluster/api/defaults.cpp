#include "api/defaults.h"

#include <boost/json/array.hpp>

#include "api/defaultsinternal.h"
#include "common/base64.h"

namespace kubelab::api {
namespace json = boost::json;
using detail::setDefault;

namespace {

bool isKind(const ResourceType& type, std::string_view group, std::string_view kind) {
  return type.group == group && type.kind == kind;
}

Object* objectIn(Object& object, std::string_view field) {
  json::value* found = object.if_contains(field);
  return found == nullptr ? nullptr : found->if_object();
}

template <typename Function>
void forEachObject(Object& object, std::string_view field, Function function) {
  json::value* found = object.if_contains(field);
  if (found == nullptr || !found->is_array()) return;
  for (json::value& item : found->get_array()) {
    if (item.is_object()) function(item.get_object());
  }
}

// Go writes `status: {}` for these even before a controller fills it in.
void ensureStatus(Object& object) { ensureObject(object, "status"); }

void defaultTemplateIn(Object& spec) { detail::defaultPodTemplate(ensureObject(spec, "template")); }

void defaultDeployment(Object& deployment) {
  Object& spec = ensureObject(deployment, "spec");
  setDefault(spec, "replicas", 1);
  Object& strategy = ensureObject(spec, "strategy");
  setDefault(strategy, "type", "RollingUpdate");
  if (stringAt(strategy, {"type"}) == "RollingUpdate") {
    Object& rollingUpdate = ensureObject(strategy, "rollingUpdate");
    setDefault(rollingUpdate, "maxUnavailable", "25%");
    setDefault(rollingUpdate, "maxSurge", "25%");
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "progressDeadlineSeconds", 600);
  defaultTemplateIn(spec);
  ensureStatus(deployment);
}

void defaultReplicaSet(Object& replicaSet) {
  Object& spec = ensureObject(replicaSet, "spec");
  setDefault(spec, "replicas", 1);
  defaultTemplateIn(spec);
  ensureStatus(replicaSet);
}

// A ReplicationController without a selector selects its template's labels, and takes them as its own.
void defaultReplicationController(Object& controller) {
  Object& spec = ensureObject(controller, "spec");
  setDefault(spec, "replicas", 1);
  if (const Object* templateLabels = objectAt(spec, {"template", "metadata", "labels"})) {
    const Object* selector = objectAt(spec, {"selector"});
    if (selector == nullptr || selector->empty()) spec["selector"] = *templateLabels;
    Object& metadata = ensureObject(controller, "metadata");
    const Object* labels = objectAt(metadata, {"labels"});
    if (labels == nullptr || labels->empty()) metadata["labels"] = *templateLabels;
  }
  if (objectAt(spec, {"template"}) != nullptr) defaultTemplateIn(spec);
  ensureStatus(controller);
}

void defaultPersistentVolumeClaim(Object& claim) {
  Object& spec = ensureObject(claim, "spec");
  setDefault(spec, "volumeMode", "Filesystem");
  if (Object* resources = objectIn(spec, "resources")) {
    detail::canonicalizeResourceListAt(*resources, "requests");
    detail::canonicalizeResourceListAt(*resources, "limits");
  }
  setDefault(ensureObject(claim, "status"), "phase", "Pending");
}

// A StatefulSet's volumeClaimTemplates are claims, defaulted as claims are.
void defaultClaimTemplate(Object& claim) {
  setDefault(claim, "apiVersion", "v1");
  setDefault(claim, "kind", "PersistentVolumeClaim");
  defaultPersistentVolumeClaim(claim);
}

void defaultStatefulSet(Object& statefulSet) {
  Object& spec = ensureObject(statefulSet, "spec");
  setDefault(spec, "podManagementPolicy", "OrderedReady");
  Object& strategy = ensureObject(spec, "updateStrategy");
  if (!strategy.contains("type")) {
    strategy["type"] = "RollingUpdate";
    ensureObject(strategy, "rollingUpdate");
  }
  if (Object* rollingUpdate = objectIn(strategy, "rollingUpdate"); rollingUpdate && stringAt(strategy, {"type"}) == "RollingUpdate") {
    setDefault(*rollingUpdate, "partition", 0);
  }
  // The StatefulSetAutoDeletePVC feature is on by default in 1.32.
  Object& retention = ensureObject(spec, "persistentVolumeClaimRetentionPolicy");
  setDefault(retention, "whenDeleted", "Retain");
  setDefault(retention, "whenScaled", "Retain");
  setDefault(spec, "replicas", 1);
  setDefault(spec, "revisionHistoryLimit", 10);
  defaultTemplateIn(spec);
  forEachObject(spec, "volumeClaimTemplates", defaultClaimTemplate);
  ensureStatus(statefulSet);
}

void defaultDaemonSet(Object& daemonSet) {
  Object& spec = ensureObject(daemonSet, "spec");
  Object& strategy = ensureObject(spec, "updateStrategy");
  setDefault(strategy, "type", "RollingUpdate");
  if (stringAt(strategy, {"type"}) == "RollingUpdate") {
    Object& rollingUpdate = ensureObject(strategy, "rollingUpdate");
    setDefault(rollingUpdate, "maxUnavailable", 1);
    setDefault(rollingUpdate, "maxSurge", 0);
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  defaultTemplateIn(spec);
  ensureStatus(daemonSet);
}

void defaultJob(Object& job) {
  Object& spec = ensureObject(job, "spec");
  bool completionsSet = valueAt(spec, {"completions"}) && !valueAt(spec, {"completions"})->is_null();
  bool parallelismSet = valueAt(spec, {"parallelism"}) && !valueAt(spec, {"parallelism"})->is_null();
  if (!completionsSet && !parallelismSet) spec["completions"] = 1;
  setDefault(spec, "parallelism", 1);
  setDefault(spec, "backoffLimit", 6);
  if (const Object* templateLabels = objectAt(spec, {"template", "metadata", "labels"})) {
    Object& metadata = ensureObject(job, "metadata");
    const Object* labels = objectAt(metadata, {"labels"});
    if (labels == nullptr || labels->empty()) metadata["labels"] = *templateLabels;
  }
  setDefault(spec, "completionMode", "NonIndexed");
  setDefault(spec, "suspend", false);
  // JobPodReplacementPolicy is on by default in 1.32; a pod failure policy requires "Failed".
  setDefault(spec, "podReplacementPolicy", objectAt(spec, {"podFailurePolicy"}) ? "Failed" : "TerminatingOrFailed");
  defaultTemplateIn(spec);
  ensureStatus(job);
}

void defaultCronJob(Object& cronJob) {
  Object& spec = ensureObject(cronJob, "spec");
  setDefault(spec, "concurrencyPolicy", "Allow");
  setDefault(spec, "suspend", false);
  setDefault(spec, "successfulJobsHistoryLimit", 3);
  setDefault(spec, "failedJobsHistoryLimit", 1);
  Object& jobTemplate = ensureObject(spec, "jobTemplate");
  Object& jobMetadata = ensureObject(jobTemplate, "metadata");
  if (!jobMetadata.contains("creationTimestamp")) jobMetadata["creationTimestamp"] = nullptr;
  defaultTemplateIn(ensureObject(jobTemplate, "spec"));
  ensureStatus(cronJob);
}

void defaultServicePorts(Object& spec) {
  forEachObject(spec, "ports", [](Object& port) {
    setDefault(port, "protocol", "TCP");
    const json::value* target = port.if_contains("targetPort");
    bool unset = target == nullptr || target->is_null() || (target->is_int64() && target->get_int64() == 0) ||
                 (target->is_string() && target->get_string().empty());
    if (unset && port.contains("port")) port["targetPort"] = port["port"];
  });
}

void defaultService(Object& service) {
  Object& spec = ensureObject(service, "spec");
  setDefault(spec, "sessionAffinity", "None");
  std::string affinity = stringAt(spec, {"sessionAffinity"});
  if (affinity == "None") spec.erase("sessionAffinityConfig");
  if (affinity == "ClientIP" && integerAt(spec, {"sessionAffinityConfig", "clientIP", "timeoutSeconds"}, 0) == 0) {
    spec["sessionAffinityConfig"] = Object{{"clientIP", Object{{"timeoutSeconds", 10800}}}};
  }
  setDefault(spec, "type", "ClusterIP");
  std::string type = stringAt(spec, {"type"});
  defaultServicePorts(spec);
  if (type == "NodePort" || type == "LoadBalancer") setDefault(spec, "externalTrafficPolicy", "Cluster");
  if (type != "ExternalName") {
    setDefault(spec, "internalTrafficPolicy", "Cluster");
    // What the API server's IP-family logic settles on for a single-stack IPv4 cluster.
    setDefault(spec, "ipFamilyPolicy", "SingleStack");
    setDefault(spec, "ipFamilies", json::array{"IPv4"});
  }
  if (type == "LoadBalancer") setDefault(spec, "allocateLoadBalancerNodePorts", true);
  ensureObject(ensureObject(service, "status"), "loadBalancer");
}

// stringData is write-only: Kubernetes merges it into data (base64, winning over data) as it
// decodes the request, so no stored Secret has it.
void mergeSecretStringData(Object& secret) {
  auto* plain = secret.if_contains("stringData");
  if (!plain) return;
  if (plain->is_object()) {
    Object& data = ensureObject(secret, "data");
    for (const auto& [key, value] : plain->as_object()) {
      if (value.is_string()) data[key] = base64Encode(std::string(value.get_string()));
    }
  }
  secret.erase("stringData");
}

void defaultNamespace(Object& ns) {
  std::string nsName = name(ns);
  if (!nsName.empty()) ensureObject(ensureObject(ns, "metadata"), "labels")["kubernetes.io/metadata.name"] = nsName;
  // spec.finalizers is the namespace strategy's on create (the API server's prepareForCreate),
  // not a default: defaults run on every update and would undo the namespace controller's finalize.
  ensureObject(ns, "spec");
  setDefault(ensureObject(ns, "status"), "phase", "Active");
}

void defaultPersistentVolume(Object& volume) {
  Object& spec = ensureObject(volume, "spec");
  setDefault(spec, "persistentVolumeReclaimPolicy", "Retain");
  setDefault(spec, "volumeMode", "Filesystem");
  detail::canonicalizeResourceListAt(spec, "capacity");
  setDefault(ensureObject(volume, "status"), "phase", "Pending");
}

// Container limit ranges fill in defaults from max, and default requests from defaults then min.
void defaultLimitRange(Object& limitRange) {
  Object* spec = objectIn(limitRange, "spec");
  if (spec == nullptr) return;
  forEachObject(*spec, "limits", [](Object& item) {
    for (std::string_view field : {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"}) {
      detail::canonicalizeResourceListAt(item, field);
    }
    if (stringAt(item, {"type"}) != "Container") return;
    // Built as copies and stored at the end: inserting into `item` may move its members, so no
    // reference into it may be held across an insertion.
    auto copyOf = [&item](std::string_view field) {
      const Object* existing = objectAt(item, {field});
      return existing != nullptr ? *existing : Object();
    };
    auto fill = [](Object& target, const Object& source) {
      for (const auto& [key, value] : source) {
        if (!target.contains(key)) target[key] = value;
      }
    };
    Object defaults = copyOf("default");
    Object defaultRequests = copyOf("defaultRequest");
    fill(defaults, copyOf("max"));
    fill(defaultRequests, defaults);
    fill(defaultRequests, copyOf("min"));
    // Empty lists are left out, as Go's omitempty leaves them out.
    if (!defaults.empty()) item["default"] = std::move(defaults);
    if (!defaultRequests.empty()) item["defaultRequest"] = std::move(defaultRequests);
  });
}

void defaultNode(Object& node) {
  Object& status = ensureObject(node, "status");
  detail::canonicalizeResourceListAt(status, "capacity");
  detail::canonicalizeResourceListAt(status, "allocatable");
  if (!status.contains("allocatable") && status.contains("capacity")) status["allocatable"] = status["capacity"];
}

void defaultEndpoints(Object& endpoints) {
  forEachObject(endpoints, "subsets", [](Object& subset) {
    forEachObject(subset, "ports", [](Object& port) { setDefault(port, "protocol", "TCP"); });
  });
}

void defaultEndpointSlice(Object& slice) {
  forEachObject(slice, "ports", [](Object& port) {
    setDefault(port, "name", "");
    setDefault(port, "protocol", "TCP");
  });
}

// Users and groups belong to the RBAC API group; service accounts to the core group.
void defaultRoleBinding(Object& binding) {
  forEachObject(binding, "subjects", [](Object& subject) {
    if (subject.contains("apiGroup")) return;
    std::string kind = stringAt(subject, {"kind"});
    if (kind == "ServiceAccount") subject["apiGroup"] = "";
    if (kind == "User" || kind == "Group") subject["apiGroup"] = "rbac.authorization.k8s.io";
  });
}

void defaultCoreType(const ResourceType& type, Object& object) {
  const std::string& kind = type.kind;
  if (kind == "Pod") {
    detail::defaultPodSpec(ensureObject(object, "spec"));
    detail::defaultPodOnly(object);
  } else if (kind == "Service") {
    defaultService(object);
  } else if (kind == "ReplicationController") {
    defaultReplicationController(object);
  } else if (kind == "Namespace") {
    defaultNamespace(object);
  } else if (kind == "Secret") {
    mergeSecretStringData(object);
    setDefault(object, "type", "Opaque");
  } else if (kind == "PersistentVolume") {
    defaultPersistentVolume(object);
  } else if (kind == "PersistentVolumeClaim") {
    defaultPersistentVolumeClaim(object);
  } else if (kind == "LimitRange") {
    defaultLimitRange(object);
  } else if (kind == "ResourceQuota") {
    if (Object* spec = objectIn(object, "spec")) detail::canonicalizeResourceListAt(*spec, "hard");
  } else if (kind == "Node") {
    defaultNode(object);
  } else if (kind == "Endpoints") {
    defaultEndpoints(object);
  }
}

}  // namespace

void applyDefaults(const ResourceType& type, Object& object) {
  if (type.group.empty()) {
    defaultCoreType(type, object);
  } else if (isKind(type, "apps", "Deployment")) {
    defaultDeployment(object);
  } else if (isKind(type, "apps", "ReplicaSet")) {
    defaultReplicaSet(object);
  } else if (isKind(type, "apps", "StatefulSet")) {
    defaultStatefulSet(object);
  } else if (isKind(type, "apps", "DaemonSet")) {
    defaultDaemonSet(object);
  } else if (isKind(type, "batch", "Job")) {
    defaultJob(object);
  } else if (isKind(type, "batch", "CronJob")) {
    defaultCronJob(object);
  } else if (isKind(type, "discovery.k8s.io", "EndpointSlice")) {
    defaultEndpointSlice(object);
  } else if (type.group == "rbac.authorization.k8s.io" && (type.kind == "RoleBinding" || type.kind == "ClusterRoleBinding")) {
    defaultRoleBinding(object);
  }
}

void generateJobSelector(Object& job, std::string_view uid) {
  Object& spec = ensureObject(job, "spec");
  if (booleanAt(spec, {"manualSelector"})) return;
  std::string jobName = name(job);
  Object& templateLabels = ensureObject(ensureObject(ensureObject(spec, "template"), "metadata"), "labels");
  // Kubernetes writes both the prefixed labels and the legacy ones.
  templateLabels["batch.kubernetes.io/controller-uid"] = uid;
  templateLabels["batch.kubernetes.io/job-name"] = jobName;
  templateLabels["controller-uid"] = uid;
  templateLabels["job-name"] = jobName;
  spec["selector"] = Object{{"matchLabels", Object{{"batch.kubernetes.io/controller-uid", uid}}}};
  Object& metadata = ensureObject(job, "metadata");
  const Object* labels = objectAt(metadata, {"labels"});
  if (labels == nullptr || labels->empty()) metadata["labels"] = templateLabels;
}

}  // namespace kubelab::api

#include "api/patchschema.h"

#include <utility>

// The tags below are those of k8s.io/api v0.32 (what kubectl v1.32 and its API server compile in).
// Fields that Kubernetes leaves untagged on purpose stay out: tolerations, taints, readinessGates,
// envFrom, endpoint subsets and RBAC subjects are all replaced whole by a strategic merge patch.

namespace kubelab::api {

const FieldPatchMeta* PatchSchema::field(std::string_view name) const {
  auto found = fields.find(name);
  return found == fields.end() ? nullptr : &found->second;
}

namespace {

FieldPatchMeta mergeByKey(std::string_view key, const PatchSchema* element = nullptr) {
  FieldPatchMeta meta;
  meta.mergeList = true;
  meta.mergeKey = key;
  meta.schema = element;
  return meta;
}

FieldPatchMeta mergeByKeyRetainingKeys(std::string_view key) {
  FieldPatchMeta meta = mergeByKey(key);
  meta.retainKeys = true;
  return meta;
}

FieldPatchMeta scalarSet() {
  FieldPatchMeta meta;
  meta.mergeList = true;
  return meta;
}

FieldPatchMeta nested(const PatchSchema& schema) {
  FieldPatchMeta meta;
  meta.schema = &schema;
  return meta;
}

FieldPatchMeta retainingKeys() {
  FieldPatchMeta meta;
  meta.retainKeys = true;
  return meta;
}

// One schema per Go type. Members are built in dependency order, so the pointers taken from
// earlier members are valid for the life of the program.
struct Registry {
  PatchSchema objectMeta{"ObjectMeta",
                         {{"finalizers", scalarSet()}, {"ownerReferences", mergeByKey("uid")}}};

  // Container and EphemeralContainer carry the same tags.
  PatchSchema container{"Container",
                        {{"ports", mergeByKey("containerPort")},
                         {"env", mergeByKey("name")},
                         {"volumeMounts", mergeByKey("mountPath")},
                         {"volumeDevices", mergeByKey("devicePath")}}};

  PatchSchema podSpec{"PodSpec",
                      {{"volumes", mergeByKeyRetainingKeys("name")},
                       {"initContainers", mergeByKey("name", &container)},
                       {"containers", mergeByKey("name", &container)},
                       {"ephemeralContainers", mergeByKey("name", &container)},
                       {"imagePullSecrets", mergeByKey("name")},
                       {"hostAliases", mergeByKey("ip")},
                       {"topologySpreadConstraints", mergeByKey("topologyKey")},
                       {"schedulingGates", mergeByKey("name")},
                       {"resourceClaims", mergeByKeyRetainingKeys("name")}}};

  PatchSchema podStatus{"PodStatus",
                        {{"conditions", mergeByKey("type")},
                         {"podIPs", mergeByKey("ip")},
                         {"hostIPs", mergeByKey("ip")},
                         {"resourceClaimStatuses", mergeByKeyRetainingKeys("name")}}};

  PatchSchema podTemplateSpec{"PodTemplateSpec", {{"metadata", nested(objectMeta)}, {"spec", nested(podSpec)}}};

  // Status types whose only tagged field is conditions, merged by type.
  PatchSchema conditionsStatus{"Status", {{"conditions", mergeByKey("type")}}};

  PatchSchema templateSpec{"Spec", {{"template", nested(podTemplateSpec)}}};
  PatchSchema deploymentSpec{"DeploymentSpec", {{"template", nested(podTemplateSpec)}, {"strategy", retainingKeys()}}};
  PatchSchema jobTemplateSpec{"JobTemplateSpec", {{"metadata", nested(objectMeta)}, {"spec", nested(templateSpec)}}};
  PatchSchema cronJobSpec{"CronJobSpec", {{"jobTemplate", nested(jobTemplateSpec)}}};

  PatchSchema serviceSpec{"ServiceSpec", {{"ports", mergeByKey("port")}}};
  PatchSchema nodeSpec{"NodeSpec", {{"podCIDRs", scalarSet()}}};
  PatchSchema nodeStatus{"NodeStatus", {{"conditions", mergeByKey("type")}, {"addresses", mergeByKey("type")}}};

  PatchSchema metadataOnly{"Object", {{"metadata", nested(objectMeta)}}};
  PatchSchema pod{"Pod", {{"metadata", nested(objectMeta)}, {"spec", nested(podSpec)}, {"status", nested(podStatus)}}};
  PatchSchema podTemplate{"PodTemplate", {{"metadata", nested(objectMeta)}, {"template", nested(podTemplateSpec)}}};
  PatchSchema workload{"Workload",
                       {{"metadata", nested(objectMeta)}, {"spec", nested(templateSpec)}, {"status", nested(conditionsStatus)}}};
  PatchSchema deployment{"Deployment",
                         {{"metadata", nested(objectMeta)}, {"spec", nested(deploymentSpec)}, {"status", nested(conditionsStatus)}}};
  PatchSchema cronJob{"CronJob", {{"metadata", nested(objectMeta)}, {"spec", nested(cronJobSpec)}}};
  PatchSchema service{"Service",
                      {{"metadata", nested(objectMeta)}, {"spec", nested(serviceSpec)}, {"status", nested(conditionsStatus)}}};
  PatchSchema node{"Node", {{"metadata", nested(objectMeta)}, {"spec", nested(nodeSpec)}, {"status", nested(nodeStatus)}}};
  PatchSchema withConditions{"Object", {{"metadata", nested(objectMeta)}, {"status", nested(conditionsStatus)}}};
  PatchSchema serviceAccount{"ServiceAccount", {{"metadata", nested(objectMeta)}, {"secrets", mergeByKey("name")}}};

  // (group, kind) -> schema; the version does not change any tag we serve.
  std::map<std::pair<std::string_view, std::string_view>, const PatchSchema*> byKind{
      {{"", "Pod"}, &pod},
      {{"", "PodTemplate"}, &podTemplate},
      {{"", "ReplicationController"}, &workload},
      {{"", "Service"}, &service},
      {{"", "Node"}, &node},
      {{"", "Namespace"}, &withConditions},
      {{"", "PersistentVolumeClaim"}, &withConditions},
      {{"", "ServiceAccount"}, &serviceAccount},
      {{"", "Endpoints"}, &metadataOnly},
      {{"", "ConfigMap"}, &metadataOnly},
      {{"", "Secret"}, &metadataOnly},
      {{"", "PersistentVolume"}, &metadataOnly},
      {{"", "ResourceQuota"}, &metadataOnly},
      {{"", "LimitRange"}, &metadataOnly},
      {{"", "Event"}, &metadataOnly},
      {{"apps", "Deployment"}, &deployment},
      {{"apps", "ReplicaSet"}, &workload},
      {{"apps", "StatefulSet"}, &workload},
      {{"apps", "DaemonSet"}, &workload},
      {{"apps", "ControllerRevision"}, &metadataOnly},
      {{"batch", "Job"}, &workload},
      {{"batch", "CronJob"}, &cronJob},
      {{"autoscaling", "Scale"}, &metadataOnly},
      {{"rbac.authorization.k8s.io", "Role"}, &metadataOnly},
      {{"rbac.authorization.k8s.io", "ClusterRole"}, &metadataOnly},
      {{"rbac.authorization.k8s.io", "RoleBinding"}, &metadataOnly},
      {{"rbac.authorization.k8s.io", "ClusterRoleBinding"}, &metadataOnly},
      {{"coordination.k8s.io", "Lease"}, &metadataOnly},
      {{"discovery.k8s.io", "EndpointSlice"}, &metadataOnly},
      {{"events.k8s.io", "Event"}, &metadataOnly},
  };
};

const Registry& registry() {
  static const Registry instance;
  return instance;
}

std::string_view groupOf(std::string_view apiVersion) {
  std::size_t slash = apiVersion.find('/');
  return slash == std::string_view::npos ? std::string_view() : apiVersion.substr(0, slash);
}

}  // namespace

const PatchSchema* patchSchemaFor(std::string_view apiVersion, std::string_view kind) {
  const Registry& known = registry();
  auto found = known.byKind.find({groupOf(apiVersion), kind});
  return found == known.byKind.end() ? nullptr : found->second;
}

const PatchSchema& objectMetaOnlyPatchSchema() { return registry().metadataOnly; }

}  // namespace kubelab::api

#include "apiserver/tableprinters.h"

#include <map>
#include <utility>

#include "apiserver/tabledescriptions.h"

// The column lists are Kubernetes 1.32's (pkg/printers/internalversion AddHandlers), in order,
// with their types, priorities and descriptions.

namespace kubelab::apiserver {

namespace {

namespace docs = tabledescriptions;

constexpr std::string_view kContainersDescription = "Names of each container in the template.";
constexpr std::string_view kImagesDescription = "Images referenced by each container in the template.";
constexpr std::string_view kReadyPodsDescription = "Number of the pod with ready state";

TableColumn nameColumn() { return {"Name", "string", "name", docs::kMetaName}; }
TableColumn ageColumn() { return {"Age", "string", "", docs::kMetaCreationTimestamp}; }
TableColumn column(std::string_view name, std::string_view type, std::string_view description, int priority = 0) {
  return {name, type, "", description, priority};
}
TableColumn containersColumn() { return column("Containers", "string", kContainersDescription, 1); }
TableColumn imagesColumn() { return column("Images", "string", kImagesDescription, 1); }

std::vector<TableColumn> podColumns() {
  return {nameColumn(),
          column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
          column("Status", "string", "The aggregate status of the containers in this pod."),
          column("Restarts", "string",
                 "The number of times the containers in this pod have been restarted and when the last container in "
                 "this pod has restarted."),
          ageColumn(),
          column("IP", "string", docs::kPodStatusPodIP, 1),
          column("Node", "string", docs::kPodSpecNodeName, 1),
          column("Nominated Node", "string", docs::kPodStatusNominatedNodeName, 1),
          column("Readiness Gates", "string", docs::kPodSpecReadinessGates, 1)};
}

std::vector<TableColumn> podTemplateColumns() {
  return {nameColumn(), column("Containers", "string", kContainersDescription),
          column("Images", "string", kImagesDescription),
          column("Pod Labels", "string", "The labels for the pod template.")};
}

std::vector<TableColumn> replicationControllerColumns() {
  return {nameColumn(),
          column("Desired", "integer", docs::kRcSpecReplicas),
          column("Current", "integer", docs::kRcStatusReplicas),
          column("Ready", "integer", docs::kRcStatusReadyReplicas),
          ageColumn(),
          containersColumn(),
          imagesColumn(),
          column("Selector", "string", docs::kRcSpecSelector, 1)};
}

std::vector<TableColumn> replicaSetColumns() {
  return {nameColumn(),
          column("Desired", "integer", docs::kRsSpecReplicas),
          column("Current", "integer", docs::kRsStatusReplicas),
          column("Ready", "integer", docs::kRsStatusReadyReplicas),
          ageColumn(),
          containersColumn(),
          imagesColumn(),
          column("Selector", "string", docs::kRsSpecSelector, 1)};
}

std::vector<TableColumn> deploymentColumns() {
  return {nameColumn(),
          column("Ready", "string", kReadyPodsDescription),
          column("Up-to-date", "string", docs::kDeployUpdated),
          column("Available", "string", docs::kDeployAvailable),
          ageColumn(),
          containersColumn(),
          imagesColumn(),
          column("Selector", "string", docs::kDeploySelector, 1)};
}

std::vector<TableColumn> statefulSetColumns() {
  return {nameColumn(), column("Ready", "string", kReadyPodsDescription), ageColumn(), containersColumn(), imagesColumn()};
}

std::vector<TableColumn> daemonSetColumns() {
  return {nameColumn(),
          column("Desired", "integer", docs::kDsDesired),
          column("Current", "integer", docs::kDsCurrent),
          column("Ready", "integer", docs::kDsReady),
          column("Up-to-date", "integer", docs::kDsUpdated),
          column("Available", "integer", docs::kDsAvailable),
          column("Node Selector", "string", docs::kPodSpecNodeSelector),
          ageColumn(),
          containersColumn(),
          imagesColumn(),
          column("Selector", "string", docs::kDsSpecSelector, 1)};
}

std::vector<TableColumn> jobColumns() {
  return {nameColumn(),
          column("Status", "string", "Status of the job."),
          column("Completions", "string", docs::kJobStatusSucceeded),
          column("Duration", "string", "Time required to complete the job."),
          ageColumn(),
          containersColumn(),
          imagesColumn(),
          column("Selector", "string", docs::kJobSpecSelector, 1)};
}

std::vector<TableColumn> cronJobColumns() {
  return {nameColumn(),
          column("Schedule", "string", docs::kCronSchedule),
          column("Timezone", "string", docs::kCronTimeZone),
          column("Suspend", "boolean", docs::kCronSuspend),
          column("Active", "integer", docs::kCronActive),
          column("Last Schedule", "string", docs::kCronLastSchedule),
          ageColumn(),
          containersColumn(),
          imagesColumn(),
          column("Selector", "string", docs::kJobSpecSelector, 1)};
}

std::vector<TableColumn> controllerRevisionColumns() {
  return {nameColumn(), column("Controller", "string", "Controller of the object"),
          column("Revision", "string", docs::kControllerRevisionRevision), ageColumn()};
}

std::vector<TableColumn> serviceColumns() {
  return {nameColumn(),
          column("Type", "string", docs::kSvcType),
          column("Cluster-IP", "string", docs::kSvcClusterIP),
          column("External-IP", "string", docs::kSvcExternalIPs),
          column("Port(s)", "string", docs::kSvcPorts),
          ageColumn(),
          column("Selector", "string", docs::kSvcSelector, 1)};
}

std::vector<TableColumn> endpointsColumns() {
  return {nameColumn(), column("Endpoints", "string", docs::kEndpointsSubsets), ageColumn()};
}

std::vector<TableColumn> endpointSliceColumns() {
  return {nameColumn(), column("AddressType", "string", docs::kSliceAddressType),
          column("Ports", "string", docs::kSlicePorts), column("Endpoints", "string", docs::kSliceEndpoints), ageColumn()};
}

std::vector<TableColumn> nodeColumns() {
  return {nameColumn(),
          column("Status", "string", "The status of the node"),
          column("Roles", "string", "The roles of the node"),
          ageColumn(),
          column("Version", "string", docs::kNodeKubeletVersion),
          column("Internal-IP", "string", docs::kNodeAddresses, 1),
          column("External-IP", "string", docs::kNodeAddresses, 1),
          column("OS-Image", "string", docs::kNodeOsImage, 1),
          column("Kernel-Version", "string", docs::kNodeKernelVersion, 1),
          column("Container-Runtime", "string", docs::kNodeContainerRuntime, 1)};
}

std::vector<TableColumn> eventColumns() {
  return {column("Last Seen", "string", docs::kEventLastTimestamp),
          column("Type", "string", docs::kEventType),
          column("Reason", "string", docs::kEventReason),
          column("Object", "string", docs::kEventInvolvedObject),
          column("Subobject", "string", docs::kEventFieldPath, 1),
          column("Source", "string", docs::kEventSource, 1),
          column("Message", "string", docs::kEventMessage),
          column("First Seen", "string", docs::kEventFirstTimestamp, 1),
          column("Count", "string", docs::kEventCount, 1),
          {"Name", "string", "name", docs::kMetaName, 1}};
}

std::vector<TableColumn> namespaceColumns() {
  return {nameColumn(), column("Status", "string", "The status of the namespace"), ageColumn()};
}

std::vector<TableColumn> secretColumns() {
  return {nameColumn(), column("Type", "string", docs::kSecretType), column("Data", "string", docs::kSecretData),
          ageColumn()};
}

std::vector<TableColumn> serviceAccountColumns() {
  return {nameColumn(), column("Secrets", "string", docs::kServiceAccountSecrets), ageColumn()};
}

std::vector<TableColumn> configMapColumns() {
  return {nameColumn(), column("Data", "string", docs::kConfigMapData), ageColumn()};
}

std::vector<TableColumn> persistentVolumeColumns() {
  return {nameColumn(),
          column("Capacity", "string", docs::kPvCapacity),
          column("Access Modes", "string", docs::kPvAccessModes),
          column("Reclaim Policy", "string", docs::kPvReclaimPolicy),
          column("Status", "string", docs::kPvPhase),
          column("Claim", "string", docs::kPvClaimRef),
          column("StorageClass", "string", "StorageClass of the pv"),
          column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
          column("Reason", "string", docs::kPvReason),
          ageColumn(),
          column("VolumeMode", "string", docs::kPvVolumeMode, 1)};
}

std::vector<TableColumn> persistentVolumeClaimColumns() {
  return {nameColumn(),
          column("Status", "string", docs::kPvcPhase),
          column("Volume", "string", docs::kPvcVolumeName),
          column("Capacity", "string", docs::kPvcCapacity),
          column("Access Modes", "string", docs::kPvcAccessModes),
          column("StorageClass", "string", "StorageClass of the pvc"),
          column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
          ageColumn(),
          column("VolumeMode", "string", docs::kPvcVolumeMode, 1)};
}

std::vector<TableColumn> resourceQuotaColumns() {
  return {nameColumn(),
          column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
          column("Limit", "string",
                 "Limits control the maximum amount of cpu/memory that a container may use independent of contention on "
                 "the node."),
          ageColumn()};
}

std::vector<TableColumn> roleBindingColumns() {
  return {nameColumn(),
          column("Role", "string", docs::kRoleBindingRoleRef),
          ageColumn(),
          column("Users", "string", "Users in the roleBinding", 1),
          column("Groups", "string", "Groups in the roleBinding", 1),
          column("ServiceAccounts", "string", "ServiceAccounts in the roleBinding", 1)};
}

std::vector<TableColumn> clusterRoleBindingColumns() {
  return {nameColumn(),
          column("Role", "string", docs::kClusterRoleBindingRoleRef),
          ageColumn(),
          column("Users", "string", "Users in the clusterRoleBinding", 1),
          column("Groups", "string", "Groups in the clusterRoleBinding", 1),
          column("ServiceAccounts", "string", "ServiceAccounts in the clusterRoleBinding", 1)};
}

std::vector<TableColumn> leaseColumns() {
  return {nameColumn(), column("Holder", "string", docs::kLeaseHolder), ageColumn()};
}

// Kubernetes' default table convertor, for resources without a printer.
std::vector<TableColumn> defaultColumns() {
  return {nameColumn(), {"Created At", "date", "", docs::kMetaCreationTimestamp}};
}

using PrinterKey = std::pair<std::string_view, std::string_view>;

std::map<PrinterKey, TablePrinter> makePrinters() {
  return {
      {{"", "pods"}, {podColumns(), podRow}},
      {{"", "podtemplates"}, {podTemplateColumns(), podTemplateRow}},
      {{"", "replicationcontrollers"}, {replicationControllerColumns(), replicationControllerRow}},
      {{"", "services"}, {serviceColumns(), serviceRow}},
      {{"", "endpoints"}, {endpointsColumns(), endpointsRow}},
      {{"", "nodes"}, {nodeColumns(), nodeRow}},
      {{"", "events"}, {eventColumns(), eventRow}},
      {{"", "namespaces"}, {namespaceColumns(), namespaceRow}},
      {{"", "secrets"}, {secretColumns(), secretRow}},
      {{"", "serviceaccounts"}, {serviceAccountColumns(), serviceAccountRow}},
      {{"", "configmaps"}, {configMapColumns(), configMapRow}},
      {{"", "persistentvolumes"}, {persistentVolumeColumns(), persistentVolumeRow}},
      {{"", "persistentvolumeclaims"}, {persistentVolumeClaimColumns(), persistentVolumeClaimRow}},
      {{"", "resourcequotas"}, {resourceQuotaColumns(), resourceQuotaRow}},
      {{"apps", "replicasets"}, {replicaSetColumns(), replicaSetRow}},
      {{"apps", "deployments"}, {deploymentColumns(), deploymentRow}},
      {{"apps", "statefulsets"}, {statefulSetColumns(), statefulSetRow}},
      {{"apps", "daemonsets"}, {daemonSetColumns(), daemonSetRow}},
      {{"apps", "controllerrevisions"}, {controllerRevisionColumns(), controllerRevisionRow}},
      {{"batch", "jobs"}, {jobColumns(), jobRow}},
      {{"batch", "cronjobs"}, {cronJobColumns(), cronJobRow}},
      {{"discovery.k8s.io", "endpointslices"}, {endpointSliceColumns(), endpointSliceRow}},
      {{"events.k8s.io", "events"}, {eventColumns(), eventRow}},
      {{"coordination.k8s.io", "leases"}, {leaseColumns(), leaseRow}},
      {{"rbac.authorization.k8s.io", "rolebindings"},
       {roleBindingColumns(), roleBindingRow}},
      {{"rbac.authorization.k8s.io", "clusterrolebindings"},
       {clusterRoleBindingColumns(), roleBindingRow}},
  };
}

}  // namespace

const TablePrinter& tablePrinterFor(std::string_view group, std::string_view plural) {
  static const std::map<PrinterKey, TablePrinter> printers = makePrinters();
  static const TablePrinter fallback{defaultColumns(), nullptr};
  auto found = printers.find({group, plural});
  return found == printers.end() ? fallback : found->second;
}

}  // namespace kubelab::apiserver

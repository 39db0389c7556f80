// Schemas of the less taught parts of pods, nodes, claims and Jobs: DNS and host settings,
// topology spreading, ephemeral containers, security profiles, resource claims, Job failure and
// success policies. They complete the field lists that pruning of unknown fields relies on.
// The format is described in openapischema.h. Descriptions are our own.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> podExtras() {
  return {R"schema(
package io.k8s.api.core.v1
type PodOS complete | The operating system a pod is meant for.
  name string required | linux or windows.
type PodReadinessGate complete | An extra condition a pod must have before it is ready.
  conditionType string required | The type of the pod condition that must be True.
type TopologySpreadConstraint complete | How evenly matching pods must be spread over the domains of a topology key.
  maxSkew int32 required | The largest allowed difference in matching pods between two domains.
  topologyKey string required | The node label whose values make the domains, such as topology.kubernetes.io/zone.
  whenUnsatisfiable string required enum=DoNotSchedule,ScheduleAnyway | What to do when the spread cannot be kept: DoNotSchedule, or ScheduleAnyway while preferring better spread.
  labelSelector LabelSelector | The pods counted in each domain.
  minDomains int32 | The fewest domains that must exist before maxSkew is relaxed; only with DoNotSchedule.
  nodeAffinityPolicy string enum=Honor,Ignore | Whether the pod's node affinity limits the nodes counted: Honor (the default) or Ignore.
  nodeTaintsPolicy string enum=Honor,Ignore | Whether tainted nodes the pod does not tolerate are counted: Ignore (the default) or Honor.
  matchLabelKeys []string | Label keys whose values, taken from this pod, narrow labelSelector, for example to count only the same revision.
type PodDNSConfig complete | DNS settings of a pod, merged with those from dnsPolicy.
  nameservers []string | Extra DNS server addresses.
  searches []string | Extra search domains.
  options []PodDNSConfigOption | Resolver options such as ndots.
type PodDNSConfigOption complete | One resolver option.
  name string | The option's name, such as ndots.
  value string | The option's value, if it takes one.
type HostAlias complete | One entry of a pod's /etc/hosts.
  ip string required | The address.
  hostnames []string | The names that resolve to it.
type PodSchedulingGate complete | A gate that keeps a pod from being scheduled.
  name string required | The gate's name, unique within the pod.
type PodResourceClaim complete | A claim for dynamically allocated resources, named so containers can refer to it.
  name string required | The name containers use in resources.claims.
  resourceClaimName string | An existing ResourceClaim in the pod's namespace.
  resourceClaimTemplateName string | A ResourceClaimTemplate from which a claim is made for this pod.
type PodResourceClaimStatus complete | The ResourceClaim made for one of the pod's claims.
  name string required | The name of the entry in spec.resourceClaims.
  resourceClaimName string | The name of the ResourceClaim made for it.
type ResourceClaim complete | A container's use of one of the pod's resource claims.
  name string required | The name of the entry in the pod's resourceClaims.
  request string | Only this request of the claim, when it has several.
type VolumeDevice complete | A raw block volume presented as a device in a container.
  name string required | The pod volume, which must come from a claim in Block mode.
  devicePath string required | The device's path inside the container.
type ContainerResizePolicy complete | Whether a resource of a container can change without a restart.
  resourceName string required | The resource, cpu or memory.
  restartPolicy string required enum=NotRequired,RestartContainer | NotRequired or RestartContainer.
type VolumeMountStatus complete | A volume mounted into a container, as the runtime reports it.
  name string required | The volume's name.
  mountPath string required | Where it is mounted.
  readOnly boolean | Whether it is mounted read-only.
  recursiveReadOnly string | Whether mounts beneath it are read-only too.
type ContainerUser complete | The identity a container's process runs as.
  linux LinuxContainerUser | The Linux user and groups.
type LinuxContainerUser complete | Linux user and groups of a container's process.
  uid int64 required | The user ID.
  gid int64 required | The primary group ID.
  supplementalGroups []int64 | Further group IDs.
type ResourceStatus complete | The health of the devices behind one resource of a container.
  name string required | The resource's name.
  resources []ResourceHealth merge=resourceID | One entry per device.
type ResourceHealth complete | The health of one allocated device.
  resourceID string required | The device's identifier.
  health string | Healthy, Unhealthy or Unknown.
type SELinuxOptions complete | An SELinux security context.
  user string | The SELinux user.
  role string | The SELinux role.
  type string | The SELinux type.
  level string | The SELinux level.
type WindowsSecurityContextOptions complete | Security settings that apply only on Windows nodes.
  gmsaCredentialSpecName string | The GMSACredentialSpec object to use.
  gmsaCredentialSpec string | The contents of that credential spec.
  runAsUserName string | The Windows user the process runs as.
  hostProcess boolean | Run as a host process container with access to the node.
type Sysctl complete | A kernel parameter.
  name string required | The parameter, such as net.ipv4.ip_local_port_range.
  value string required | Its value.
type SeccompProfile complete | A seccomp profile.
  type string required enum=Localhost,RuntimeDefault,Unconfined | RuntimeDefault, Unconfined, or Localhost for a file on the node.
  localhostProfile string | With Localhost: the profile file, relative to the kubelet's seccomp directory.
type AppArmorProfile complete | An AppArmor profile.
  type string required enum=Localhost,RuntimeDefault,Unconfined | RuntimeDefault, Unconfined, or Localhost for a profile loaded on the node.
  localhostProfile string | With Localhost: the name of the loaded profile.
type PortStatus complete | The state of one port of a load balancer.
  port int32 required | The port number.
  protocol string required | TCP, UDP or SCTP.
  error string | Why the port is not working, in CamelCase, if it is not.
type NodeConfigSource complete | Deprecated: where a node's dynamic kubelet configuration came from.
  configMap ConfigMapNodeConfigSource | A ConfigMap holding it.
type ConfigMapNodeConfigSource complete | Deprecated: a ConfigMap with kubelet configuration.
  namespace string required | The ConfigMap's namespace.
  name string required | The ConfigMap's name.
  uid string | The ConfigMap's uid.
  resourceVersion string | The ConfigMap's resourceVersion.
  kubeletConfigKey string required | The key holding the configuration.
type NodeConfigStatus complete | Deprecated: the state of a node's dynamic configuration.
  assigned NodeConfigSource | The configuration the node was asked to use.
  active NodeConfigSource | The configuration the node uses.
  lastKnownGood NodeConfigSource | The last configuration that worked.
  error string | Any problem with it.
type AttachedVolume complete | A volume attached to a node.
  name string required | The volume's name.
  devicePath string required | Where the device appears on the node.
type NodeRuntimeHandler complete | A container runtime handler of a node.
  name string | The handler's name; empty for the default one.
  features NodeRuntimeHandlerFeatures | What the handler supports.
type NodeRuntimeHandlerFeatures complete | Features of a runtime handler.
  recursiveReadOnlyMounts boolean | Whether it supports recursively read-only mounts.
  userNamespaces boolean | Whether it supports user namespaces for pods.
type NodeFeatures complete | Features a node's kubelet supports.
  supplementalGroupsPolicy boolean | Whether it honours a pod's supplementalGroupsPolicy.
type NodeSwapStatus complete | Swap memory of a node.
  capacity int64 | The swap size in bytes.
type TypedLocalObjectReference complete | Names an object of some kind in the same namespace.
  apiGroup string | The object's API group; empty for the core group.
  kind string required | The object's kind.
  name string required | The object's name.
type TypedObjectReference complete | Names an object of some kind, possibly in another namespace.
  apiGroup string | The object's API group; empty for the core group.
  kind string required | The object's kind.
  name string required | The object's name.
  namespace string | The object's namespace; another namespace needs a ReferenceGrant there.
type ModifyVolumeStatus complete | The progress of changing a volume's attributes class.
  targetVolumeAttributesClassName string | The class being applied.
  status string required | Pending, InProgress or Infeasible.
)schema",
          R"schema(
package io.k8s.api.core.v1
type EphemeralContainer complete | A temporary container added to a running pod, for debugging. It has no ports, probes or resources of its own and is never restarted.
  name string required | The container's name, unique within the pod.
  targetContainerName string | A container of the pod whose namespaces (such as its processes) this one joins.
  image string | The image to run.
  imagePullPolicy string enum=Always,IfNotPresent,Never | When the image is pulled.
  command []string | The program to run, replacing the image's ENTRYPOINT.
  args []string | Arguments for the program, replacing the image's CMD.
  workingDir string | The directory the program starts in.
  ports []ContainerPort merge=containerPort | Not allowed for ephemeral containers.
  env []EnvVar merge=name | Environment variables.
  envFrom []EnvFromSource | Sources whose every key becomes an environment variable.
  resources ResourceRequirements | Not allowed: the container uses what the pod already has.
  resizePolicy []ContainerResizePolicy | Not allowed for ephemeral containers.
  restartPolicy string | Not allowed for ephemeral containers.
  volumeMounts []VolumeMount merge=mountPath | Volumes of the pod to mount.
  volumeDevices []VolumeDevice merge=devicePath | Raw block volumes to present as devices.
  livenessProbe Probe | Not allowed for ephemeral containers.
  readinessProbe Probe | Not allowed for ephemeral containers.
  startupProbe Probe | Not allowed for ephemeral containers.
  lifecycle Lifecycle | Not allowed for ephemeral containers.
  terminationMessagePath string | The file from which the final message is read.
  terminationMessagePolicy string enum=FallbackToLogsOnError,File | Where the final message comes from.
  securityContext SecurityContext | Security settings of the container.
  stdin boolean | Keep a standard input stream open.
  stdinOnce boolean | Close standard input after the first client detaches.
  tty boolean | Allocate a terminal.
package io.k8s.api.batch.v1
type PodFailurePolicy complete | Rules applied, in order, to each failed pod of a Job; the first that matches decides.
  rules []PodFailurePolicyRule required | The rules.
type PodFailurePolicyRule complete | What to do with a failed pod that matches exit codes or pod conditions.
  action string required enum=Count,FailIndex,FailJob,Ignore | FailJob, FailIndex, Ignore (do not count against backoffLimit) or Count.
  onExitCodes PodFailurePolicyOnExitCodesRequirement | Matches by container exit codes.
  onPodConditions []PodFailurePolicyOnPodConditionsPattern | Matches by pod conditions, such as DisruptionTarget.
type PodFailurePolicyOnExitCodesRequirement complete | Matches a failed pod by the exit codes of its containers.
  containerName string | Only this container; all containers when empty.
  operator string required enum=In,NotIn | In or NotIn.
  values []int32 required | The exit codes.
type PodFailurePolicyOnPodConditionsPattern complete | Matches a failed pod by one of its conditions.
  type string required | The condition type.
  status string | The condition status; defaults to True.
type SuccessPolicy complete | When an Indexed Job is declared succeeded early.
  rules []SuccessPolicyRule required | Any matching rule makes the Job succeed.
type SuccessPolicyRule complete | Indexes, or a count of them, that must have succeeded.
  succeededIndexes string | Index ranges, such as 0,2-4, that must all have succeeded.
  succeededCount int32 | How many indexes must have succeeded.
type UncountedTerminatedPods complete | Finished pods of a Job not yet counted in its status.
  succeeded []string | The uids of succeeded pods.
  failed []string | The uids of failed pods.
package io.k8s.api.authorization.v1
type FieldSelectorAttributes complete | A field selector in an access review.
  rawSelector string | The selector as a query parameter would carry it.
  requirements []io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement | The selector, parsed.
type LabelSelectorAttributes complete | A label selector in an access review.
  rawSelector string | The selector as a query parameter would carry it.
  requirements []io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement | The selector, parsed.
package io.k8s.apimachinery.pkg.apis.meta.v1
type FieldSelectorRequirement complete | One condition on a field.
  key string required | The field's path.
  operator string required | In, NotIn, Exists or DoesNotExist.
  values []string | The values for In and NotIn.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources

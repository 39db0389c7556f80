// Schemas of core/v1 Pods: the pod, its spec and status, containers, probes, environment,
// resources, volumes and scheduling constraints. The format is described in openapischema.h.
// Descriptions are our own, written for students reading `kubectl explain`.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> corePods() {
  return {R"schema(
package io.k8s.api.core.v1
kind Pod v1 complete | A Pod is the smallest thing Kubernetes runs: one or more containers that are scheduled together onto one node, share its network address and can share volumes. Pods are usually created by controllers such as Deployments rather than by hand.
  spec PodSpec | What the pod should run: its containers, volumes and scheduling constraints.
  status PodStatus | What the pod is doing now, as reported by its node. Read-only for users.
type PodTemplateSpec complete | A pattern for the pods a controller creates: their metadata and spec.
  metadata ObjectMeta | Labels and annotations given to every pod made from this template. The labels must match the controller's selector.
  spec PodSpec | The spec of every pod made from this template.
type PodSpec complete | The desired state of a pod.
  containers []Container required merge=name | The containers of the pod; at least one. They start together and run side by side.
  initContainers []Container merge=name | Containers that run one after another, each to completion, before the regular containers start. Used for set-up steps.
  volumes []Volume merge=name | Storage the pod's containers can mount, named so that volumeMounts can refer to it.
  restartPolicy string enum=Always,Never,OnFailure | When the kubelet restarts a container that exits: Always (the default), OnFailure (only after a non-zero exit), or Never.
  terminationGracePeriodSeconds int64 | How many seconds the containers get to stop after SIGTERM before they are killed. Defaults to 30.
  activeDeadlineSeconds int64 | How long the pod may run, counted from its start, before it is failed and its containers are stopped.
  dnsPolicy string enum=ClusterFirst,ClusterFirstWithHostNet,Default,None | How the pod resolves names. ClusterFirst, the default, resolves Service names of the cluster first.
  nodeSelector map[string]string | Labels a node must have for the pod to be scheduled there, such as disktype: ssd.
  nodeName string | The node the pod is bound to. Normally set by the scheduler; setting it yourself skips scheduling.
  serviceAccountName string | The ServiceAccount the pod runs as, which decides what it may do through the API. Defaults to "default".
  serviceAccount string | Deprecated alias of serviceAccountName.
  automountServiceAccountToken boolean | Whether the service account's API token is mounted into the containers.
  hostNetwork boolean | Use the node's network namespace instead of a pod address of its own.
  hostPID boolean | Share the node's process ID namespace.
  hostIPC boolean | Share the node's inter-process communication namespace.
  shareProcessNamespace boolean | Let the pod's containers see and signal each other's processes.
  securityContext PodSecurityContext | Security settings that apply to every container of the pod, such as the user ID to run as.
  imagePullSecrets []LocalObjectReference merge=name | Secrets holding registry credentials, used to pull private images.
  hostname string | The pod's host name; defaults to the pod's name.
  subdomain string | Together with hostname and a headless Service of this name, gives the pod a DNS name of its own.
  affinity Affinity | Rules that attract the pod to, or keep it away from, certain nodes or other pods.
  tolerations []Toleration | Taints of nodes that this pod accepts; a node's taints repel pods that do not tolerate them.
  schedulerName string | Which scheduler places the pod; defaults to default-scheduler.
  priorityClassName string | The PriorityClass that sets the pod's scheduling priority.
  priority int32 | The pod's priority, filled in from priorityClassName; higher runs first and may preempt lower.
  enableServiceLinks boolean | Whether environment variables describing the namespace's Services are injected, as Docker links did. Defaults to true.
  os PodOS | The operating system the pod's containers need; when set, validation checks the pod's settings against it.
  hostUsers boolean | False gives the pod a user namespace of its own, so root inside is not root on the node. Defaults to true (the node's user namespace).
  runtimeClassName string | The RuntimeClass whose container runtime handler runs the pod, such as a sandboxed runtime.
  overhead map[string]Quantity | Resources the runtime itself uses for the pod, added on top of the containers' requests. Filled in from the RuntimeClass.
  preemptionPolicy string enum=Never,PreemptLowerPriority | Whether this pod may evict lower-priority pods to make room: PreemptLowerPriority (the default) or Never.
  readinessGates []PodReadinessGate | Extra conditions, set by other controllers, that must be True before the pod counts as ready.
  topologySpreadConstraints []TopologySpreadConstraint merge=topologyKey | How the pod's replicas are spread over zones, nodes or other topology domains.
  dnsConfig PodDNSConfig | DNS settings merged into the pod's resolv.conf: name servers, search domains and options.
  hostAliases []HostAlias merge=ip | Extra lines for the pod's /etc/hosts file.
  setHostnameAsFQDN boolean | Make the pod's host name its fully qualified domain name rather than the short name.
  ephemeralContainers []EphemeralContainer merge=name | Containers added to a running pod for debugging, as kubectl debug does. They cannot be set at creation.
  schedulingGates []PodSchedulingGate merge=name | While any gate remains, the scheduler leaves the pod alone; controllers remove gates when it may be placed.
  resourceClaims []PodResourceClaim merge=name | Dynamically allocated resources (such as devices) the pod needs, by claim.
  resources ResourceRequirements | Resources for the pod as a whole, shared by its containers (an alpha feature in 1.32).
type Container complete | One application container of a pod: an image, the command it runs, and what it needs.
  name string required | The container's name, unique within the pod (a DNS label). It cannot be changed.
  image string | The container image to run, such as nginx:1.25. Controllers that manage pods require it.
  imagePullPolicy string enum=Always,IfNotPresent,Never | When the image is pulled: Always, IfNotPresent, or Never. Defaults to Always for the latest tag and IfNotPresent otherwise.
  command []string | The program to run, replacing the image's ENTRYPOINT. Not run in a shell; $(VAR) refers to an environment variable.
  args []string | Arguments for the program, replacing the image's CMD. $(VAR) refers to an environment variable.
  workingDir string | The directory the program starts in; defaults to the image's.
  ports []ContainerPort merge=containerPort | Ports the container listens on. Listing them is informational: a port that is not listed is still reachable.
  env []EnvVar merge=name | Environment variables to set in the container.
  envFrom []EnvFromSource | Sources whose every key becomes an environment variable, such as a whole ConfigMap.
  resources ResourceRequirements | The CPU and memory the container asks for (requests) and may use at most (limits).
  volumeMounts []VolumeMount merge=mountPath | Where the pod's volumes appear inside the container's filesystem.
  livenessProbe Probe | A periodic check that the container still works; the container is restarted when it fails.
  readinessProbe Probe | A periodic check that the container can serve; the pod receives Service traffic only while it passes.
  startupProbe Probe | A check that the application has started; the other probes wait until it has passed.
  lifecycle Lifecycle | Actions run right after the container starts and just before it stops.
  securityContext SecurityContext | Security settings for this container, overriding the pod's.
  stdin boolean | Keep a standard input stream open for the container.
  tty boolean | Allocate a terminal for the container; usually set together with stdin.
  terminationMessagePath string | The file from which the container's final message is read when it ends. Defaults to /dev/termination-log.
  terminationMessagePolicy string enum=FallbackToLogsOnError,File | Where the final message comes from: the file only, or the end of the log when the file is empty and the container failed.
  restartPolicy string | For init containers only: Always turns the init container into a sidecar that keeps running beside the others.
  stdinOnce boolean | Close standard input after the first client that attached to it detaches.
  volumeDevices []VolumeDevice merge=devicePath | Raw block volumes of the pod that appear as devices inside the container.
  resizePolicy []ContainerResizePolicy | For each resource, whether changing it in place needs a container restart.
type ContainerPort complete | A network port of a container.
  containerPort int32 required | The port number the container listens on, between 1 and 65535.
  name string | A name for the port (an IANA service name such as http), by which Services can refer to it.
  protocol string enum=SCTP,TCP,UDP | The protocol: TCP (the default), UDP or SCTP.
  hostPort int32 | A port on the node forwarded to this one. Rarely needed; it limits where the pod can be scheduled.
  hostIP string | The node address to bind hostPort on.
type EnvVar complete | One environment variable of a container.
  name string required | The variable's name.
  value string | The variable's value. $(OTHER) expands another variable defined earlier.
  valueFrom EnvVarSource | Takes the value from elsewhere instead: a ConfigMap, a Secret, or a field of the pod.
type EnvVarSource complete | Where an environment variable's value comes from; set exactly one field.
  configMapKeyRef ConfigMapKeySelector | One key of a ConfigMap.
  secretKeyRef SecretKeySelector | One key of a Secret.
  fieldRef ObjectFieldSelector | A field of the pod, such as metadata.name or status.podIP.
  resourceFieldRef ResourceFieldSelector | A resource request or limit of a container, such as limits.memory.
type ConfigMapKeySelector complete | Selects one key of a ConfigMap in the pod's namespace.
  name string | The ConfigMap's name.
  key string required | The key whose value is used.
  optional boolean | When true, a missing ConfigMap or key is not an error.
type SecretKeySelector complete | Selects one key of a Secret in the pod's namespace.
  name string | The Secret's name.
  key string required | The key whose value is used.
  optional boolean | When true, a missing Secret or key is not an error.
type ObjectFieldSelector complete | Selects a field of the pod itself.
  apiVersion string | The version of the schema fieldPath is written in; defaults to v1.
  fieldPath string required | The path of the field, such as metadata.namespace or spec.nodeName.
type ResourceFieldSelector complete | Selects a resource request or limit of a container.
  containerName string | The container; required for volumes, optional for environment variables.
  resource string required | Which value: limits.cpu, limits.memory, requests.cpu or requests.memory.
  divisor Quantity | The unit the value is expressed in, such as 1m or 1Mi; defaults to 1.
type EnvFromSource complete | A source that turns every key into an environment variable.
  prefix string | A prefix added to every variable's name.
  configMapRef ConfigMapEnvSource | The ConfigMap to read.
  secretRef SecretEnvSource | The Secret to read.
type ConfigMapEnvSource complete | A ConfigMap whose keys become environment variables.
  name string | The ConfigMap's name.
  optional boolean | When true, a missing ConfigMap is not an error.
type SecretEnvSource complete | A Secret whose keys become environment variables.
  name string | The Secret's name.
  optional boolean | When true, a missing Secret is not an error.
type ResourceRequirements complete | Compute resources of a container. Keys are resource names such as cpu and memory.
  requests map[string]Quantity | What the container is guaranteed. The scheduler places the pod only on a node with this much free. Defaults to the limits when only those are given.
  limits map[string]Quantity | The most the container may use. Using more CPU slows it down; using more memory gets it killed.
  claims []ResourceClaim merge=name | Entries of the pod's resourceClaims that this container uses.
type Probe complete | A periodic check of a container. Set exactly one of exec, httpGet, tcpSocket and grpc.
  exec ExecAction | Run a command in the container; exit status 0 means healthy.
  httpGet HTTPGetAction | Send an HTTP GET; a status from 200 to 399 means healthy.
  tcpSocket TCPSocketAction | Open a TCP connection; success means healthy.
  grpc GRPCAction | Call the gRPC health-checking service.
  initialDelaySeconds int32 | Seconds to wait after the container starts before the first check.
  periodSeconds int32 | Seconds between checks. Defaults to 10.
  timeoutSeconds int32 | Seconds after which a check counts as failed. Defaults to 1.
  successThreshold int32 | Consecutive successes needed after a failure to count as healthy again. Defaults to 1.
  failureThreshold int32 | Consecutive failures needed to give up on the container. Defaults to 3.
  terminationGracePeriodSeconds int64 | The grace period used when this probe's failure kills the container, overriding the pod's.
type ExecAction complete | A command run inside the container.
  command []string | The command and its arguments. It is not run in a shell; run sh -c explicitly to use one.
type HTTPGetAction complete | An HTTP GET request made by the kubelet.
  path string | The path to request, such as /healthz.
  port IntOrString required | The port to connect to, by number or by the name of a container port.
  host string | The host to connect to; defaults to the pod's IP address.
  scheme string enum=HTTP,HTTPS | HTTP (the default) or HTTPS.
  httpHeaders []HTTPHeader | Extra headers to send.
type HTTPHeader complete | A header sent with an HTTP probe.
  name string required | The header's name.
  value string required | The header's value.
type TCPSocketAction complete | A TCP connection made by the kubelet.
  port IntOrString required | The port to connect to, by number or by name.
  host string | The host to connect to; defaults to the pod's IP address.
type GRPCAction complete | A call to the standard gRPC health service.
  port int32 required | The port of the gRPC service.
  service string | The service name passed to the health check.
type Lifecycle complete | Hooks run by the kubelet at the start and the end of a container's life.
  postStart LifecycleHandler | Runs right after the container is created. If it fails, the container is restarted.
  preStop LifecycleHandler | Runs before the container is stopped, for a graceful shutdown. The grace period keeps counting meanwhile.
type LifecycleHandler complete | What a lifecycle hook does; set exactly one field.
  exec ExecAction | Run a command in the container.
  httpGet HTTPGetAction | Send an HTTP GET request.
  tcpSocket TCPSocketAction | Deprecated: open a TCP connection.
  sleep SleepAction | Wait for a while.
type SleepAction complete | A pause in a lifecycle hook.
  seconds int64 required | How many seconds to wait.
type VolumeMount complete | Places a volume of the pod inside a container.
  name string required | The name of the pod volume to mount.
  mountPath string required | The path inside the container where the volume appears. It must not contain ':'.
  readOnly boolean | Mount the volume read-only. Defaults to false.
  subPath string | Mount only this path within the volume instead of its root.
  subPathExpr string | Like subPath, but $(VAR) expands environment variables of the container.
  mountPropagation string enum=Bidirectional,HostToContainer,None | Whether mounts made later under this path propagate between host and container.
  recursiveReadOnly string enum=Disabled,Enabled,IfPossible | Whether readOnly also applies to mounts beneath the volume.
type Volume complete | A named volume of a pod. Besides the name, set exactly one source.
  name string required | The volume's name, which volumeMounts use. Unique within the pod.
  emptyDir EmptyDirVolumeSource | An empty directory created when the pod starts and removed when it ends.
  configMap ConfigMapVolumeSource | The keys of a ConfigMap, as files.
  secret SecretVolumeSource | The keys of a Secret, as files.
  persistentVolumeClaim PersistentVolumeClaimVolumeSource | Storage claimed by a PersistentVolumeClaim, which outlives the pod.
  hostPath HostPathVolumeSource | A file or directory of the node. Ties the pod to that node's contents; mostly for system pods.
  downwardAPI DownwardAPIVolumeSource | Fields of the pod, such as its labels, as files.
  nfs NFSVolumeSource | A directory exported by an NFS server.
  projected ProjectedVolumeSource | Several sources (ConfigMaps, Secrets, pod information, tokens) combined in one directory.
  ephemeral EphemeralVolumeSource | A claim created with the pod and deleted with it, for scratch storage from a StorageClass.
  csi CSIVolumeSource | An inline volume from a CSI driver.
  image ImageVolumeSource | The files of an OCI image, mounted read-only.
  iscsi ISCSIVolumeSource | An iSCSI disk.
  fc FCVolumeSource | A Fibre Channel disk.
  gitRepo GitRepoVolumeSource | Deprecated: a cloned git repository.
  awsElasticBlockStore AWSElasticBlockStoreVolumeSource | Deprecated: a AWS EBS volume.
  azureDisk AzureDiskVolumeSource | Deprecated: a Azure disk volume.
  azureFile AzureFileVolumeSource | Deprecated: a Azure file share volume.
  cephfs CephFSVolumeSource | Deprecated: a CephFS volume.
  cinder CinderVolumeSource | Deprecated: a Cinder volume.
  flexVolume FlexVolumeSource | Deprecated: a FlexVolume volume.
  flocker FlockerVolumeSource | Deprecated: a Flocker volume.
  gcePersistentDisk GCEPersistentDiskVolumeSource | Deprecated: a GCE persistent disk volume.
  glusterfs GlusterfsVolumeSource | Deprecated: a GlusterFS volume.
  photonPersistentDisk PhotonPersistentDiskVolumeSource | Deprecated: a Photon disk volume.
  portworxVolume PortworxVolumeSource | Deprecated: a Portworx volume.
  quobyte QuobyteVolumeSource | Deprecated: a Quobyte volume.
  rbd RBDVolumeSource | Deprecated: a Ceph RBD volume.
  scaleIO ScaleIOVolumeSource | Deprecated: a ScaleIO volume.
  storageos StorageOSVolumeSource | Deprecated: a StorageOS volume.
  vsphereVolume VsphereVirtualDiskVolumeSource | Deprecated: a vSphere disk volume.
type EmptyDirVolumeSource complete | A scratch directory that lives as long as the pod.
  medium string | Where it is stored: "" for the node's disk, or Memory for a RAM-backed tmpfs.
  sizeLimit Quantity | The most data the directory may hold.
type ConfigMapVolumeSource complete | Presents the keys of a ConfigMap as files, one file per key.
  name string | The ConfigMap's name.
  items []KeyToPath | Only these keys, at these paths. By default every key becomes a file named after it.
  defaultMode int32 | The permission bits of the files, such as 0644 (420 in decimal).
  optional boolean | When true, a missing ConfigMap or key is not an error.
type SecretVolumeSource complete | Presents the keys of a Secret as files, one file per key.
  secretName string | The Secret's name.
  items []KeyToPath | Only these keys, at these paths. By default every key becomes a file named after it.
  defaultMode int32 | The permission bits of the files, such as 0644 (420 in decimal).
  optional boolean | When true, a missing Secret or key is not an error.
type KeyToPath complete | Maps one key to a file path inside a volume.
  key string required | The key to present.
  path string required | The relative path of the file; must not contain '..'.
  mode int32 | The permission bits of this file, overriding defaultMode.
type PersistentVolumeClaimVolumeSource complete | Mounts the volume bound to a PersistentVolumeClaim in the pod's namespace.
  claimName string required | The claim's name.
  readOnly boolean | Mount the volume read-only.
type HostPathVolumeSource complete | A path on the node's filesystem.
  path string required | The path on the node.
  type string enum=,BlockDevice,CharDevice,Directory,DirectoryOrCreate,File,FileOrCreate,Socket | What must be found at the path; "" checks nothing.
type DownwardAPIVolumeSource complete | Files holding information about the pod itself.
  items []DownwardAPIVolumeFile | The files to create.
  defaultMode int32 | The permission bits of the files.
type DownwardAPIVolumeFile complete | One file of a downward API volume.
  path string required | The relative path of the file.
  fieldRef ObjectFieldSelector | A field of the pod: metadata.name, metadata.namespace, metadata.labels or metadata.annotations.
  resourceFieldRef ResourceFieldSelector | A resource request or limit of a container.
  mode int32 | The permission bits of this file.
type NFSVolumeSource complete | An NFS export.
  server string required | The NFS server's host name or address.
  path string required | The exported path.
  readOnly boolean | Mount the export read-only.
)schema",
          R"schema(
package io.k8s.api.core.v1
type SecurityContext complete | Security settings of one container. Where a setting also exists in the pod's securityContext, this one wins.
  runAsUser int64 | The user ID the container's process runs as.
  runAsGroup int64 | The primary group ID of the container's process.
  runAsNonRoot boolean | When true, the kubelet refuses to start the container if it would run as root.
  privileged boolean | Run with nearly all of the host's privileges. Avoid unless you know why.
  allowPrivilegeEscalation boolean | Whether a process may gain more privileges than its parent (for example through setuid).
  readOnlyRootFilesystem boolean | Mount the container's root filesystem read-only.
  capabilities Capabilities | Linux capabilities to add or drop.
  seLinuxOptions SELinuxOptions | The SELinux context of the container.
  windowsOptions WindowsSecurityContextOptions | Settings for a container on a Windows node.
  procMount string enum=Default,Unmasked | How /proc is mounted: Default masks sensitive paths, Unmasked does not.
  seccompProfile SeccompProfile | The seccomp system-call filter of the container.
  appArmorProfile AppArmorProfile | The AppArmor profile of the container.
type Capabilities complete | Linux capabilities of a container, named as in CAP_NET_ADMIN without the CAP_ prefix.
  add []string | Capabilities to add.
  drop []string | Capabilities to drop; ALL drops every one.
type PodSecurityContext complete | Security settings that apply to every container of a pod.
  runAsUser int64 | The user ID the containers' processes run as.
  runAsGroup int64 | The primary group ID of the containers' processes.
  runAsNonRoot boolean | When true, containers that would run as root are refused.
  fsGroup int64 | A group that owns the pod's volumes and is added to every container's process.
  supplementalGroups []int64 | Further groups added to every container's process.
  seLinuxOptions SELinuxOptions | The SELinux context given to every container.
  windowsOptions WindowsSecurityContextOptions | Settings for containers on Windows nodes.
  sysctls []Sysctl | Namespaced kernel parameters set for the pod.
  fsGroupChangePolicy string enum=Always,OnRootMismatch | When volume ownership is changed to fsGroup: Always, or OnRootMismatch to skip volumes whose root already matches.
  seccompProfile SeccompProfile | The seccomp system-call filter for every container.
  appArmorProfile AppArmorProfile | The AppArmor profile for every container.
  supplementalGroupsPolicy string enum=Merge,Strict | Whether groups from the image's /etc/group are added to the process (Merge) or only the listed ones (Strict).
  seLinuxChangePolicy string | How SELinux labels are applied to volumes: Recursive relabelling or MountOption.
type Toleration complete | Lets a pod be scheduled onto (or stay on) nodes with a matching taint.
  key string | The taint key the toleration applies to; empty with operator Exists matches every taint.
  operator string enum=Equal,Exists | Equal (the default) compares value; Exists accepts any value.
  value string | The taint value to match, with operator Equal.
  effect string enum=NoExecute,NoSchedule,PreferNoSchedule | The taint effect to match; empty matches every effect.
  tolerationSeconds int64 | For NoExecute taints: how long the pod may stay after the taint appears. Unset means forever.
type Affinity complete | Scheduling rules relative to nodes and to other pods.
  nodeAffinity NodeAffinity | Which nodes the pod may or prefers to run on, by node labels.
  podAffinity PodAffinity | Run near pods with certain labels (in the same zone, on the same node, ...).
  podAntiAffinity PodAntiAffinity | Stay away from pods with certain labels, for example to spread replicas.
type NodeAffinity complete | Node selection rules, more expressive than nodeSelector.
  requiredDuringSchedulingIgnoredDuringExecution NodeSelector | Rules a node must satisfy for the pod to be scheduled there.
  preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm | Rules the scheduler favours, each with a weight.
type NodeSelector complete | A choice of nodes: a node matches when it matches any of the terms.
  nodeSelectorTerms []NodeSelectorTerm required | The terms, combined with OR.
type NodeSelectorTerm complete | Conditions on a node, combined with AND.
  matchExpressions []NodeSelectorRequirement | Conditions on the node's labels.
  matchFields []NodeSelectorRequirement | Conditions on the node's fields, such as metadata.name.
type NodeSelectorRequirement complete | One condition on a node label or field.
  key string required | The label key or field the condition tests.
  operator string required enum=DoesNotExist,Exists,Gt,In,Lt,NotIn | How the value is compared.
  values []string | The values to compare with: several for In and NotIn, one for Gt and Lt, none for Exists.
type PreferredSchedulingTerm complete | A weighted preference for certain nodes.
  weight int32 required | How much this preference counts, from 1 to 100.
  preference NodeSelectorTerm required | The nodes preferred.
type PodAffinity complete | Rules that place the pod near other pods.
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm | Rules that must hold when the pod is scheduled.
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm | Rules the scheduler favours.
type PodAntiAffinity complete | Rules that keep the pod away from other pods.
  requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm | Rules that must hold when the pod is scheduled.
  preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm | Rules the scheduler favours.
type PodAffinityTerm complete | Pods selected by labels, and the topology domain (node, zone) within which they count.
  labelSelector LabelSelector | The pods this term is about.
  namespaces []string | Namespaces to look for those pods in; defaults to the pod's own.
  namespaceSelector LabelSelector | Namespaces to look in, chosen by their labels.
  topologyKey string required | The node label that defines a domain, such as kubernetes.io/hostname for a node.
  matchLabelKeys []string | Label keys whose values, taken from this pod, are added to labelSelector as In conditions.
  mismatchLabelKeys []string | Label keys whose values, taken from this pod, are added to labelSelector as NotIn conditions.
type WeightedPodAffinityTerm complete | A weighted pod affinity preference.
  weight int32 required | How much this preference counts, from 1 to 100.
  podAffinityTerm PodAffinityTerm required | The preference.
type LocalObjectReference complete | Names an object in the same namespace.
  name string | The object's name.
type PodStatus complete | The observed state of a pod. It may lag behind reality.
  phase string enum=Failed,Pending,Running,Succeeded,Unknown | Where the pod is in its life: Pending (accepted, not all containers running), Running, Succeeded, Failed, or Unknown.
  conditions []PodCondition merge=type | Conditions of the pod such as PodScheduled, Initialized, ContainersReady and Ready.
  message string | A human-readable explanation of the pod's state.
  reason string | A short CamelCase reason for the pod's state, such as Evicted.
  hostIP string | The address of the node the pod runs on.
  hostIPs []HostIP | The addresses of the node the pod runs on.
  podIP string | The pod's own address.
  podIPs []PodIP merge=ip | The pod's addresses, one per IP family.
  nominatedNodeName string | The node the scheduler expects to place the pod on after preempting others.
  startTime Time | When the kubelet accepted the pod, before any image was pulled.
  containerStatuses []ContainerStatus | One status for each container in the spec.
  initContainerStatuses []ContainerStatus | One status for each init container.
  qosClass string enum=BestEffort,Burstable,Guaranteed | The quality-of-service class derived from the containers' requests and limits.
  ephemeralContainerStatuses []ContainerStatus | One status for each ephemeral container.
  resize string | The state of a requested in-place resize: Proposed, InProgress, Deferred or Infeasible.
  resourceClaimStatuses []PodResourceClaimStatus merge=name | The ResourceClaims created for the pod's resourceClaims entries.
type PodCondition complete | One condition of a pod.
  type string required | Which condition: PodScheduled, Initialized, ContainersReady or Ready.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason for the last change.
  message string | A human-readable explanation.
  lastProbeTime Time | When the condition was last checked.
  lastTransitionTime Time | When the status last changed.
type PodIP complete | One address of a pod.
  ip string required | The address.
type HostIP complete | One address of the pod's node.
  ip string required | The address.
type ContainerStatus complete | The state of one container of a pod.
  name string required | The container's name, as in the spec.
  image string required | The image the container runs.
  imageID string required | The exact image, by digest.
  containerID string | The runtime's ID of the container.
  ready boolean required | Whether the container passes its readiness probe.
  started boolean | Whether the container has started and passed its startup probe.
  restartCount int32 required | How many times the container has been restarted.
  state ContainerState | The container's current state.
  lastState ContainerState | The state of the previous run, such as why it was terminated.
  allocatedResources map[string]Quantity | The resources the node has set aside for the container.
  resources ResourceRequirements | The requests and limits the container runs with now, which may differ from the spec during a resize.
  volumeMounts []VolumeMountStatus merge=mountPath | The volumes mounted into the container, as the runtime reports them.
  user ContainerUser | The identity the container's first process runs as.
  allocatedResourcesStatus []ResourceStatus merge=name | The health of devices allocated to the container.
type ContainerState complete | The state of a container; exactly one field is set.
  waiting ContainerStateWaiting | Not running yet, for example pulling its image or backing off after a crash.
  running ContainerStateRunning | Running.
  terminated ContainerStateTerminated | Finished or killed.
type ContainerStateWaiting complete | A container that is not running yet.
  reason string | Why, such as ContainerCreating, ErrImagePull, ImagePullBackOff or CrashLoopBackOff.
  message string | More detail.
type ContainerStateRunning complete | A running container.
  startedAt Time | When it started (most recently).
type ContainerStateTerminated complete | A container that has ended.
  exitCode int32 required | The exit status of its process.
  signal int32 | The signal that ended it, if any.
  reason string | Why it ended, such as Completed, Error or OOMKilled.
  message string | More detail.
  startedAt Time | When it started.
  finishedAt Time | When it ended.
  containerID string | The runtime's ID of the container.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources

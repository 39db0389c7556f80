// Schemas of the other core/v1 kinds: configuration (ConfigMap, Secret, ServiceAccount),
// Services and Endpoints, Namespaces, Nodes, storage, quotas, Events, ReplicationControllers.
// The format is described in openapischema.h. Descriptions are our own.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> coreOthers() {
  return {R"schema(
package io.k8s.api.core.v1
kind ConfigMap v1 complete | Configuration data as key/value pairs, kept apart from images so the same image can run with different settings. Pods read it as environment variables or as files.
  data map[string]string | The configuration, as UTF-8 text values. Keys may contain letters, digits, '-', '_' and '.'.
  binaryData map[string]string | Values that are not UTF-8 text, base64-encoded. Keys must not repeat those of data.
  immutable boolean | When true, data and binaryData can no longer change; the ConfigMap can only be deleted and recreated.
kind Secret v1 complete | Holds a small amount of sensitive data, such as a password, token or key, so that it need not be written into pod specs or images.
  data map[string]string | The secret values, base64-encoded.
  stringData map[string]string | Convenience for writing: plain-text values that the server encodes into data. Never returned when reading.
  type string | What the secret holds, which decides the keys it needs: Opaque (the default), kubernetes.io/tls, kubernetes.io/dockerconfigjson, kubernetes.io/service-account-token, ...
  immutable boolean | When true, the data can no longer change.
kind ServiceAccount v1 complete | An identity for processes running in pods, so that they can be authorised to use the API.
  secrets []ObjectReference merge=name | Secrets holding tokens of this account. Legacy; tokens are now requested on demand.
  imagePullSecrets []LocalObjectReference | Registry credentials added to every pod that runs as this account.
  automountServiceAccountToken boolean | Whether pods running as this account get its API token mounted by default.
kind Binding v1 complete | Binds a pod to a node; the scheduler creates these. Deprecated in favour of the pods/binding subresource.
  target ObjectReference required | The node to bind to.
type ObjectReference complete | Points at another object, possibly in another namespace, and optionally at a field within it.
  kind string | The kind of the object.
  namespace string | The namespace of the object.
  name string | The name of the object.
  uid string | The uid of the object.
  apiVersion string | The API version of the object.
  resourceVersion string | The resourceVersion of the object that this reference was made against.
  fieldPath string | A field within the object, such as spec.containers{web} for one container of a pod.
kind Namespace v1 complete | A namespace divides a cluster into separately named groups of objects, for teams or projects. Names need to be unique only within a namespace, and quotas and access rules apply per namespace.
  spec NamespaceSpec | The namespace's finalizers.
  status NamespaceStatus | Whether the namespace is active or being deleted.
type NamespaceSpec complete | The desired state of a namespace.
  finalizers []string | Clean-up steps that must finish before a deleted namespace disappears; "kubernetes" removes its contents.
type NamespaceStatus complete | The observed state of a namespace.
  phase string enum=Active,Terminating | Active, or Terminating once deletion has begun (no new objects may then be created in it).
  conditions []NamespaceCondition merge=type | Details about the deletion of the namespace's contents.
type NamespaceCondition complete | One condition of a namespace.
  type string required | Which condition.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
  lastTransitionTime Time | When the status last changed.
kind Node v1 complete | A worker machine that runs pods. Each node's kubelet registers it and reports its capacity and health.
  spec NodeSpec | How the node is configured: its pod address range, taints, and whether it accepts new pods.
  status NodeStatus | The node's capacity, addresses, health conditions and software versions. Read-only for users.
type NodeSpec complete | The desired state of a node.
  podCIDR string | The range of pod addresses assigned to this node.
  podCIDRs []string | The pod address ranges of this node, one per IP family.
  providerID string | The node's ID at the cloud provider.
  unschedulable boolean | When true, no new pods are scheduled here (kubectl cordon sets it).
  taints []Taint | Taints that repel pods which do not tolerate them.
  configSource NodeConfigSource | Deprecated: where the kubelet would read dynamic configuration from.
  externalID string | Deprecated and unused; kept for old clients.
type Taint complete | A mark on a node that keeps pods away unless they tolerate it.
  key string required | The taint's key.
  value string | The taint's value.
  effect string required enum=NoExecute,NoSchedule,PreferNoSchedule | What happens to pods that do not tolerate it: NoSchedule keeps new ones away, PreferNoSchedule tries to, NoExecute also evicts running ones.
  timeAdded Time | When a NoExecute taint was added.
type NodeStatus complete | The observed state of a node.
  capacity map[string]Quantity | The node's total resources, such as cpu, memory and pods.
  allocatable map[string]Quantity | The resources available to pods, after what the system reserves. The scheduler uses these.
  conditions []NodeCondition merge=type | Health conditions such as Ready, MemoryPressure, DiskPressure and PIDPressure.
  addresses []NodeAddress merge=type | The node's addresses, such as InternalIP and Hostname.
  daemonEndpoints NodeDaemonEndpoints | The ports of the node's daemons.
  nodeInfo NodeSystemInfo | The node's operating system and software versions.
  images []ContainerImage | Images present on the node.
  phase string | Deprecated and unused.
  volumesInUse []string | Volumes attached and mounted on the node.
  volumesAttached []AttachedVolume | Volumes attached to the node.
  config NodeConfigStatus | The state of the node's dynamic configuration, which no longer exists.
  runtimeHandlers []NodeRuntimeHandler | The runtime handlers the node offers, with their features.
  features NodeFeatures | Features the node's kubelet supports.
type NodeCondition complete | One health condition of a node.
  type string required | Which condition: Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.
  status string required | True, False or Unknown (Unknown when the node stopped reporting).
  lastHeartbeatTime Time | When the kubelet last confirmed the condition.
  lastTransitionTime Time | When the status last changed.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
type NodeAddress complete | One address of a node.
  type string required | The kind of address: Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.
  address string required | The address.
type NodeDaemonEndpoints complete | Ports of daemons on a node.
  kubeletEndpoint DaemonEndpoint | The kubelet's port.
type DaemonEndpoint complete | A daemon's port.
  Port int32 required | The port number.
type NodeSystemInfo complete | Identity and software of a node.
  machineID string required | The machine ID reported by the node.
  systemUUID string required | The system UUID reported by the node.
  bootID string required | Changes on every reboot.
  kernelVersion string required | The kernel version.
  osImage string required | The operating system image.
  containerRuntimeVersion string required | The container runtime and its version.
  kubeletVersion string required | The kubelet's version.
  kubeProxyVersion string required | Deprecated: the kube-proxy version.
  operatingSystem string required | The operating system, such as linux.
  architecture string required | The CPU architecture, such as amd64.
  swap NodeSwapStatus | The swap memory of the node.
type ContainerImage complete | An image stored on a node.
  names []string | The names the image is known by.
  sizeBytes int64 | The image's size.
)schema",
          R"schema(
package io.k8s.api.core.v1
kind Service v1 complete | A Service gives a set of pods, chosen by a label selector, one stable virtual address and DNS name, and spreads connections over the pods that are ready.
  spec ServiceSpec | How the Service is exposed and which pods receive its traffic.
  status ServiceStatus | The load balancer's address, for Services of type LoadBalancer. Read-only.
type ServiceSpec complete | The desired state of a Service.
  type string enum=ClusterIP,ExternalName,LoadBalancer,NodePort | How the Service is reachable: ClusterIP (inside the cluster only, the default), NodePort (also on a port of every node), LoadBalancer (also through an external load balancer), or ExternalName (a DNS alias).
  selector map[string]string | Pods with these labels receive the traffic. Without a selector, endpoints must be managed by hand.
  ports []ServicePort merge=port | The ports the Service exposes and where each one leads.
  clusterIP string | The Service's virtual address inside the cluster. Assigned by the server unless given; None makes a headless Service. It cannot change.
  clusterIPs []string | The Service's virtual addresses, one per IP family; the first equals clusterIP.
  externalIPs []string | Further addresses on which the nodes accept traffic for this Service.
  externalName string | For type ExternalName: the DNS name the Service is an alias of.
  externalTrafficPolicy string enum=Cluster,Local | For NodePort and LoadBalancer traffic from outside: Cluster spreads it over all pods, Local only to pods on the receiving node (keeping the client address).
  internalTrafficPolicy string enum=Cluster,Local | For traffic from inside the cluster: Cluster (all pods) or Local (pods on the same node).
  sessionAffinity string enum=ClientIP,None | ClientIP sends a client's connections to the same pod; None (the default) does not.
  sessionAffinityConfig SessionAffinityConfig | Settings of session affinity.
  loadBalancerIP string | Deprecated: the address to ask the load balancer for.
  loadBalancerSourceRanges []string | Client address ranges the load balancer admits.
  loadBalancerClass string | Which load balancer implementation serves this Service.
  allocateLoadBalancerNodePorts boolean | Whether a LoadBalancer Service also gets node ports. Defaults to true.
  healthCheckNodePort int32 | With externalTrafficPolicy Local: the node port the load balancer checks.
  publishNotReadyAddresses boolean | Include pods that are not ready in DNS and endpoints.
  ipFamilies []string | The IP families (IPv4, IPv6) of the Service's addresses.
  ipFamilyPolicy string | SingleStack, PreferDualStack or RequireDualStack.
  trafficDistribution string | A preference for how traffic is spread over endpoints, such as PreferClose to stay in the same zone.
type ServicePort complete | One port of a Service.
  name string | The port's name; required when the Service has more than one port.
  protocol string enum=SCTP,TCP,UDP | TCP (the default), UDP or SCTP.
  port int32 required | The port the Service listens on, at its cluster address.
  targetPort IntOrString | The port on the pods that traffic is sent to, by number or by container port name. Defaults to port.
  nodePort int32 | For NodePort and LoadBalancer: the port opened on every node, from 30000-32767. Assigned by the server unless given.
  appProtocol string | The application protocol, such as http or kubernetes.io/h2c, as a hint to implementations.
type SessionAffinityConfig complete | Settings of session affinity.
  clientIP ClientIPConfig | Settings of ClientIP affinity.
type ClientIPConfig complete | How long ClientIP affinity lasts.
  timeoutSeconds int32 | Seconds a client sticks to its pod; defaults to 10800 (three hours).
type ServiceStatus complete | The observed state of a Service.
  loadBalancer LoadBalancerStatus | The external load balancer, once it exists.
  conditions []Condition merge=type | Conditions of the Service.
type LoadBalancerStatus complete | The addresses of a load balancer.
  ingress []LoadBalancerIngress | One entry per address.
type LoadBalancerIngress complete | One address of a load balancer.
  ip string | An IP address.
  hostname string | A DNS name.
  ipMode string | How the address reaches the Service: VIP or Proxy.
  ports []PortStatus | The state of each port of the load balancer.
kind Endpoints v1 complete | The network addresses behind a Service: the ready (and not ready) pods its selector chooses, with their ports. The endpoints controller keeps it up to date.
  subsets []EndpointSubset | Groups of addresses that share the same ports.
type EndpointSubset complete | Addresses that all expose the same ports.
  addresses []EndpointAddress | Addresses that are ready to receive traffic.
  notReadyAddresses []EndpointAddress | Addresses that are not ready yet.
  ports []EndpointPort | The ports available on every address.
type EndpointAddress complete | One address behind a Service.
  ip string required | The address.
  hostname string | The host name of the endpoint.
  nodeName string | The node hosting the endpoint.
  targetRef ObjectReference | The object, usually a pod, behind the address.
type EndpointPort complete | One port of an endpoint subset.
  name string | The name of the port, as in the Service.
  port int32 required | The port number.
  protocol string enum=SCTP,TCP,UDP | TCP, UDP or SCTP.
  appProtocol string | The application protocol.
kind Event v1 complete | A report of something that happened to an object, such as a pod being scheduled or a container failing. Events are kept only for a while.
  involvedObject ObjectReference required | The object the event is about.
  reason string | A short CamelCase reason, such as Scheduled, Pulled or BackOff.
  message string | A human-readable description of what happened.
  type string | Normal or Warning.
  source EventSource | The component that reported the event.
  count int32 | How many times this event has happened.
  firstTimestamp Time | When the event first happened.
  lastTimestamp Time | When the event most recently happened.
  eventTime MicroTime | When the event happened, with microsecond precision.
  series EventSeries | For repeated events: how often and when last.
  action string | What was done, or failed, about the object.
  related ObjectReference | A second object involved, if any.
  reportingComponent string | The controller that reported the event, such as kubelet.
  reportingInstance string | Which instance of that controller, such as the node's name.
type EventSource complete | The component that reported an event.
  component string | The component, such as kubelet or default-scheduler.
  host string | The node it ran on.
type EventSeries complete | Information about a repeated event.
  count int32 | How many times it has happened so far.
  lastObservedTime MicroTime | When it was last seen.
kind LimitRange v1 complete | Limits and defaults for the resources that each pod, container or claim in a namespace may ask for.
  spec LimitRangeSpec | The limits.
type LimitRangeSpec complete | The limits of a LimitRange.
  limits []LimitRangeItem required | One entry per kind of object limited.
type LimitRangeItem complete | Resource limits for one kind of object.
  type string required | What is limited: Container, Pod or PersistentVolumeClaim.
  default map[string]Quantity | Limits given to containers that set none.
  defaultRequest map[string]Quantity | Requests given to containers that set none.
  max map[string]Quantity | The most that may be asked for.
  min map[string]Quantity | The least that may be asked for.
  maxLimitRequestRatio map[string]Quantity | The largest allowed ratio of limit to request.
kind ResourceQuota v1 complete | Caps the total resources, and the number of objects, that a namespace may use.
  spec ResourceQuotaSpec | The caps.
  status ResourceQuotaStatus | How much of each cap is in use.
type ResourceQuotaSpec complete | The caps of a ResourceQuota.
  hard map[string]Quantity | The cap for each resource, such as requests.cpu, limits.memory, pods or count/deployments.apps.
  scopes []string | Count only objects in these scopes, such as BestEffort or NotTerminating.
  scopeSelector ScopeSelector | Count only objects matching these scope conditions.
type ScopeSelector complete | Scope conditions of a quota, combined with AND.
  matchExpressions []ScopedResourceSelectorRequirement | The conditions.
type ScopedResourceSelectorRequirement complete | One scope condition of a quota.
  scopeName string required | The scope, such as PriorityClass.
  operator string required | In, NotIn, Exists or DoesNotExist.
  values []string | The values for In and NotIn.
type ResourceQuotaStatus complete | The use of a ResourceQuota.
  hard map[string]Quantity | The caps in force.
  used map[string]Quantity | What the namespace uses now.
)schema",
          R"schema(
package io.k8s.api.core.v1
kind PersistentVolume v1 complete | A piece of storage in the cluster, provisioned by an administrator or dynamically through a StorageClass. Its life is independent of any pod.
  spec PersistentVolumeSpec | The volume's size, access modes and where the storage is.
  status PersistentVolumeStatus | Whether the volume is available or bound to a claim.
type PersistentVolumeSpec complete | The description of a persistent volume.
  capacity map[string]Quantity | The volume's size, under the key storage.
  accessModes []string | How the volume may be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.
  persistentVolumeReclaimPolicy string enum=Delete,Recycle,Retain | What happens when its claim is released: Retain (keep the data), Delete, or the deprecated Recycle.
  storageClassName string | The StorageClass the volume belongs to; claims must ask for the same class.
  volumeMode string | Filesystem (the default) or Block.
  claimRef ObjectReference | The claim bound to this volume, or the one it is reserved for.
  mountOptions []string | Mount options, such as ro or soft.
  nodeAffinity VolumeNodeAffinity | The nodes from which the volume can be used.
  hostPath HostPathVolumeSource | A directory on a node; for single-node testing.
  local LocalVolumeSource | A disk or directory local to one node.
  nfs NFSVolumeSource | An NFS export.
  volumeAttributesClassName string | The VolumeAttributesClass of the volume.
  csi CSIPersistentVolumeSource | A volume managed by a CSI driver.
  iscsi ISCSIPersistentVolumeSource | An iSCSI disk.
  fc FCVolumeSource | A Fibre Channel disk.
  awsElasticBlockStore AWSElasticBlockStoreVolumeSource | Deprecated: a AWS EBS volume.
  azureDisk AzureDiskVolumeSource | Deprecated: a Azure disk volume.
  azureFile AzureFilePersistentVolumeSource | Deprecated: a Azure file share volume.
  cephfs CephFSPersistentVolumeSource | Deprecated: a CephFS volume.
  cinder CinderPersistentVolumeSource | Deprecated: a Cinder volume.
  flexVolume FlexPersistentVolumeSource | Deprecated: a FlexVolume volume.
  flocker FlockerVolumeSource | Deprecated: a Flocker volume.
  gcePersistentDisk GCEPersistentDiskVolumeSource | Deprecated: a GCE persistent disk volume.
  glusterfs GlusterfsPersistentVolumeSource | Deprecated: a GlusterFS volume.
  photonPersistentDisk PhotonPersistentDiskVolumeSource | Deprecated: a Photon disk volume.
  portworxVolume PortworxVolumeSource | Deprecated: a Portworx volume.
  quobyte QuobyteVolumeSource | Deprecated: a Quobyte volume.
  rbd RBDPersistentVolumeSource | Deprecated: a Ceph RBD volume.
  scaleIO ScaleIOPersistentVolumeSource | Deprecated: a ScaleIO volume.
  storageos StorageOSPersistentVolumeSource | Deprecated: a StorageOS volume.
  vsphereVolume VsphereVirtualDiskVolumeSource | Deprecated: a vSphere disk volume.
type VolumeNodeAffinity complete | Where a persistent volume can be reached.
  required NodeSelector | The nodes that can use the volume.
type LocalVolumeSource complete | Storage local to a node.
  path string required | The path on the node.
  fsType string | The filesystem type, for block devices.
type PersistentVolumeStatus complete | The observed state of a persistent volume.
  phase string enum=Available,Bound,Failed,Pending,Released | Available (free), Bound (to a claim), Released (claim deleted, not yet reclaimed), Failed, or Pending.
  message string | A human-readable explanation.
  reason string | A short CamelCase reason.
  lastPhaseTransitionTime Time | When the phase last changed.
kind PersistentVolumeClaim v1 complete | A request for storage by a user: a size and access mode, satisfied by binding to a PersistentVolume. Pods mount the claim, not the volume.
  spec PersistentVolumeClaimSpec | What storage is asked for.
  status PersistentVolumeClaimStatus | Whether the claim is bound and how big the volume is.
type PersistentVolumeClaimSpec complete | What a claim asks for.
  accessModes []string | The access modes the volume must offer, such as ReadWriteOnce.
  resources VolumeResourceRequirements | The least storage the volume must have, under requests.storage.
  storageClassName string | The StorageClass to provision from or match; "" asks for a volume without a class.
  selector LabelSelector | Only bind to volumes with these labels.
  volumeMode string | Filesystem (the default) or Block.
  volumeName string | Bind to exactly this volume.
  dataSource TypedLocalObjectReference | An existing object, such as a VolumeSnapshot or another claim, to fill the new volume from.
  dataSourceRef TypedObjectReference | Like dataSource, but may name any object, also one in another namespace.
  volumeAttributesClassName string | The VolumeAttributesClass that sets mutable attributes of the volume, such as its IOPS.
type VolumeResourceRequirements complete | Storage resources of a claim.
  requests map[string]Quantity | The least storage wanted, such as storage: 1Gi.
  limits map[string]Quantity | The most storage allowed.
type PersistentVolumeClaimStatus complete | The observed state of a claim.
  phase string enum=Bound,Lost,Pending | Pending (not bound yet), Bound, or Lost (its volume is gone).
  accessModes []string | The access modes of the bound volume.
  capacity map[string]Quantity | The size of the bound volume.
  conditions []PersistentVolumeClaimCondition merge=type | Conditions of the claim, such as a resize in progress.
  allocatedResources map[string]Quantity | The storage set aside for the claim, which can exceed the request during an expansion.
  allocatedResourceStatuses map[string]string | The state of a resize for each resource, such as ControllerResizeInProgress.
  currentVolumeAttributesClassName string | The VolumeAttributesClass the volume has now.
  modifyVolumeStatus ModifyVolumeStatus | The state of a change of the volume's VolumeAttributesClass.
type PersistentVolumeClaimCondition complete | One condition of a claim.
  type string required | Which condition.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
  lastProbeTime Time | When the condition was last checked.
  lastTransitionTime Time | When the status last changed.
kind ReplicationController v1 complete | The original way to keep a number of identical pods running. ReplicaSets, managed by Deployments, have replaced it.
  spec ReplicationControllerSpec | How many pods, which pods, and the template for new ones.
  status ReplicationControllerStatus | How many pods exist and are ready. Read-only.
type ReplicationControllerSpec complete | The desired state of a replication controller.
  replicas int32 | How many pods should run. Defaults to 1.
  minReadySeconds int32 | How long a new pod must be ready, without crashing, to count as available.
  selector map[string]string | Pods with these labels are counted as replicas. Defaults to the template's labels.
  template PodTemplateSpec | The pod created whenever too few replicas exist.
type ReplicationControllerStatus complete | The observed state of a replication controller.
  replicas int32 required | How many pods exist.
  fullyLabeledReplicas int32 | How many pods carry all of the template's labels.
  readyReplicas int32 | How many pods are ready.
  availableReplicas int32 | How many pods have been ready for minReadySeconds.
  observedGeneration int64 | The generation of the spec last acted on.
  conditions []ReplicationControllerCondition merge=type | Conditions such as ReplicaFailure.
type ReplicationControllerCondition complete | One condition of a replication controller.
  type string required | Which condition.
  status string required | True, False or Unknown.
  reason string | A one-word CamelCase reason.
  message string | A human-readable explanation.
  lastTransitionTime Time | When the status last changed.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources

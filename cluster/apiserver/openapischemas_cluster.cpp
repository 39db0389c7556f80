// Schemas of the cluster-infrastructure groups: coordination (Leases), discovery
// (EndpointSlices), events.k8s.io Events, RBAC, access reviews, and the Scale and Eviction
// subresource bodies. The format is described in openapischema.h. Descriptions are our own.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> cluster() {
  return {R"schema(
package io.k8s.api.coordination.v1
kind Lease coordination.k8s.io/v1 complete | A lock with an expiry. Nodes renew a Lease as their heartbeat, and controllers take one to elect a single leader.
  spec LeaseSpec | Who holds the lease and until when.
type LeaseSpec complete | The state of a lease.
  holderIdentity string | Who holds the lease now.
  leaseDurationSeconds int32 | How long, after the last renewal, others must wait before taking the lease over.
  acquireTime MicroTime | When the current holder took the lease.
  renewTime MicroTime | When the holder last renewed the lease.
  leaseTransitions int32 | How many times the lease has changed hands.
  strategy string | How a new holder is chosen in coordinated leader election.
  preferredHolder string | The holder the election would like to hand over to.
package io.k8s.api.discovery.v1
kind EndpointSlice discovery.k8s.io/v1 complete | A part of the set of endpoints behind a Service. Large Services are split over several slices so that a change rewrites only one of them.
  addressType string required enum=FQDN,IPv4,IPv6 | The kind of addresses the slice holds. It cannot change.
  endpoints []Endpoint required | The endpoints, at most 1000 per slice.
  ports []EndpointPort | The ports every endpoint of the slice exposes.
type Endpoint complete | One endpoint of a slice, usually one pod.
  addresses []string required | The endpoint's addresses, of the slice's addressType.
  conditions EndpointConditions | Whether the endpoint is ready, serving and terminating.
  hostname string | The endpoint's host name, for DNS.
  nodeName string | The node hosting the endpoint.
  zone string | The zone the endpoint is in.
  targetRef ObjectReference | The object, usually a pod, behind the endpoint.
  hints EndpointHints | Hints for topology-aware routing.
  deprecatedTopology map[string]string | Deprecated topology labels kept from the old Endpoints API; use zone and nodeName.
type EndpointConditions complete | The state of an endpoint.
  ready boolean | Whether the endpoint should receive traffic: serving and not terminating.
  serving boolean | Whether the endpoint passes its readiness checks, even while terminating.
  terminating boolean | Whether the endpoint is shutting down.
type EndpointHints complete | Routing hints for an endpoint.
  forZones []ForZone | Zones that should send traffic to this endpoint.
type ForZone complete | A zone named in a routing hint.
  name string required | The zone's name.
type EndpointPort complete | One port of an endpoint slice.
  name string | The port's name, as in the Service.
  port int32 | The port number.
  protocol string enum=SCTP,TCP,UDP | TCP, UDP or SCTP.
  appProtocol string | The application protocol.
package io.k8s.api.events.v1
kind Event events.k8s.io/v1 complete | A report of something that happened in the cluster, in the newer events API. kubectl events and describe show these.
  eventTime MicroTime required | When the event first happened.
  reason string | A short CamelCase reason, such as Scheduled or BackOff.
  note string | A human-readable description of what happened.
  type string | Normal or Warning.
  action string | What was done, or failed, about the regarding object.
  regarding ObjectReference | The object the event is about.
  related ObjectReference | A second object involved, if any.
  reportingController string | The controller that reported the event, such as kubernetes.io/kubelet.
  reportingInstance string | Which instance of that controller.
  series EventSeries | For repeated events: how often and when last.
  deprecatedCount int32 | The count field of the older core/v1 Event.
  deprecatedFirstTimestamp Time | The firstTimestamp field of the older core/v1 Event.
  deprecatedLastTimestamp Time | The lastTimestamp field of the older core/v1 Event.
  deprecatedSource EventSource | The source field of the older core/v1 Event.
type EventSeries complete | Information about a repeated event.
  count int32 required | How many times it has happened so far.
  lastObservedTime MicroTime required | When it was last seen.
package io.k8s.api.rbac.v1
kind Role rbac.authorization.k8s.io/v1 complete | A set of permissions within one namespace. A RoleBinding grants them to users, groups or service accounts.
  rules []PolicyRule | The permissions.
kind ClusterRole rbac.authorization.k8s.io/v1 complete | A set of permissions across the cluster, or a reusable set that RoleBindings grant within one namespace. cluster-admin, admin, edit and view are built in.
  rules []PolicyRule | The permissions.
  aggregationRule AggregationRule | Build the rules from other ClusterRoles chosen by label; the controller then manages rules.
type AggregationRule complete | ClusterRoles whose rules are combined into this one.
  clusterRoleSelectors []LabelSelector | ClusterRoles with matching labels contribute their rules.
type PolicyRule complete | One permission: some verbs on some resources. Permissions only add; nothing denies.
  apiGroups []string | The API groups of the resources; "" is the core group and * is every group.
  resources []string | The resources, such as pods or deployments/scale; * is every resource.
  resourceNames []string | Only objects with these names; empty means all.
  verbs []string required | The verbs allowed, such as get, list, watch, create, update, patch and delete; * is every verb.
  nonResourceURLs []string | URL paths outside the resources, such as /healthz, for ClusterRoles only.
kind RoleBinding rbac.authorization.k8s.io/v1 complete | Grants the permissions of a Role, or of a ClusterRole, to subjects within one namespace.
  roleRef RoleRef required | The Role or ClusterRole granted. It cannot change; make a new binding instead.
  subjects []Subject | Who receives the permissions.
kind ClusterRoleBinding rbac.authorization.k8s.io/v1 complete | Grants the permissions of a ClusterRole to subjects across the whole cluster.
  roleRef RoleRef required | The ClusterRole granted. It cannot change; make a new binding instead.
  subjects []Subject | Who receives the permissions.
type RoleRef complete | The role a binding grants.
  apiGroup string required | Always rbac.authorization.k8s.io.
  kind string required | Role or ClusterRole.
  name string required | The role's name.
type Subject complete | Someone who receives permissions: a user, a group or a service account.
  kind string required | User, Group or ServiceAccount.
  name string required | The name of the user, group or service account.
  namespace string | The namespace of a service account.
  apiGroup string | rbac.authorization.k8s.io for users and groups, "" for service accounts.
package io.k8s.api.authorization.v1
kind SelfSubjectAccessReview authorization.k8s.io/v1 complete | Asks whether the caller may perform an action; kubectl auth can-i sends one. Nothing is stored.
  spec SelfSubjectAccessReviewSpec required | The action asked about.
  status SubjectAccessReviewStatus | The answer, filled in by the server.
type SelfSubjectAccessReviewSpec complete | The action asked about; set exactly one field.
  resourceAttributes ResourceAttributes | An action on a resource.
  nonResourceAttributes NonResourceAttributes | An action on a URL path outside the resources.
type ResourceAttributes complete | An action on a resource.
  verb string | The verb, such as get, list or create; * for any.
  group string | The API group; "" for core.
  version string | The API version.
  resource string | The resource, such as pods.
  subresource string | The subresource, such as log.
  namespace string | The namespace; "" means all namespaces for namespaced resources.
  name string | The object's name; "" means any.
  fieldSelector FieldSelectorAttributes | Limits the question to objects matching a field selector.
  labelSelector LabelSelectorAttributes | Limits the question to objects matching a label selector.
type NonResourceAttributes complete | An action on a URL path.
  path string | The URL path.
  verb string | The HTTP verb, in lower case.
type SubjectAccessReviewStatus complete | The answer of an access review.
  allowed boolean required | Whether the action is allowed.
  denied boolean | Whether the action is explicitly denied.
  reason string | Why it is allowed or denied.
  evaluationError string | Set when the authorizer could not evaluate the request.
package io.k8s.api.autoscaling.v1
kind Scale autoscaling/v1 complete | The scale subresource of a workload: its desired and current number of replicas. kubectl scale and autoscalers use it.
  spec ScaleSpec | The desired number of replicas.
  status ScaleStatus | The current number of replicas. Read-only.
type ScaleSpec complete | The desired scale.
  replicas int32 | How many replicas should run.
type ScaleStatus complete | The current scale.
  replicas int32 required | How many replicas run now.
  selector string | The label selector of the replicas, in text form.
package io.k8s.api.policy.v1
kind Eviction policy/v1 | Asks to remove a pod while respecting its PodDisruptionBudget, as kubectl drain does. Sent to the pod's eviction subresource.
  deleteOptions DeleteOptions | Options for deleting the pod.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources

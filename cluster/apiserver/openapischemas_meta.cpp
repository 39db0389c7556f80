// Schemas shared by every API group: object and list metadata, selectors, Status, DeleteOptions
// and the value types (Time, Quantity, IntOrString). The format is described in openapischema.h.
// Descriptions are our own, written for students reading `kubectl explain`.

#include "apiserver/openapischema.h"

namespace kubelab::apiserver::openapi::sources {

std::vector<std::string_view> meta() {
  return {R"schema(
package io.k8s.apimachinery.pkg.apis.meta.v1
type ObjectMeta complete | Metadata that every stored object carries: its name and namespace, the labels and annotations people attach, and the identity and history fields the server maintains.
  name string | The object's name, unique among objects of the same kind in its namespace. Most kinds require a DNS-compatible name. It cannot be changed after creation.
  generateName string | A prefix from which the server makes a unique name, by appending random characters, when name is left empty. Useful to create many similar objects.
  namespace string | The namespace the object lives in; an empty value means "default" for namespaced kinds. Cluster-scoped kinds such as Node have no namespace.
  uid string | A unique identifier the server assigns at creation. It never repeats, so it tells apart two objects that had the same name at different times. Read-only.
  resourceVersion string | An opaque version string that changes on every write. Clients send it back on updates for optimistic concurrency and use it to start watches. Read-only.
  generation int64 | A counter of changes to the desired state (spec) that the server increments. Controllers report the generation they have acted on in status.observedGeneration. Read-only.
  creationTimestamp Time | When the server stored the object for the first time, in UTC. Read-only.
  deletionTimestamp Time | Set by the server when deletion has been requested but the object still waits for finalizers or a grace period. Once set, it cannot be undone. Read-only.
  deletionGracePeriodSeconds int64 | The number of seconds the object was given to shut down when its deletion was requested. Read-only.
  labels map[string]string | Key/value pairs for organising and selecting objects. Services, ReplicaSets and kubectl -l find objects by their labels.
  annotations map[string]string | Key/value pairs for arbitrary, non-identifying information that tools store on the object. They cannot be used in selectors.
  ownerReferences []OwnerReference merge=uid | The objects this one belongs to. When every owner is gone, the garbage collector deletes this object; a ReplicaSet owns its Pods this way.
  finalizers []string | Names of clean-up steps that must finish before the object is removed. While any remain, a deleted object only gets a deletionTimestamp.
  managedFields []ManagedFieldsEntry | Which manager (kubectl, a controller) last set which fields, and how. Maintained by the server; people rarely need to read it.
  selfLink string | Deprecated and always empty; kept for old clients.
type ListMeta complete | Metadata of a list answer: the version it was read at and how to fetch the next page.
  resourceVersion string | The version of the data this list reflects; start a watch from it to see every later change. Read-only.
  continue string | Present when a paged list has more items: send it as the continue parameter to get the next page.
  remainingItemCount int64 | An estimate of how many items the following pages hold, when the server knows.
  selfLink string | Deprecated and always empty; kept for old clients.
type OwnerReference complete | Points at an object that owns this one, within the same namespace (or a cluster-scoped owner).
  apiVersion string required | The API version of the owner.
  kind string required | The kind of the owner, such as ReplicaSet.
  name string required | The name of the owner.
  uid string required | The uid of the owner, so a new object with the same name is not mistaken for it.
  controller boolean | True for at most one owner: the controller that manages this object.
  blockOwnerDeletion boolean | When true, a foreground deletion of the owner waits until this object is gone.
type ManagedFieldsEntry complete | One manager's claim on a set of fields of the object.
  manager string | Who made the change, for example kubectl-client-side-apply or kube-controller-manager.
  operation string | How the fields were set: Apply or Update.
  apiVersion string | The API version the fields are expressed in.
  time Time | When this manager last changed its fields.
  fieldsType string | The format of fieldsV1; always FieldsV1.
  fieldsV1 FieldsV1 | The set of fields, in a compact tree form.
  subresource string | The subresource the change went through, such as status; empty for the object itself.
object FieldsV1 | A tree of field names describing a set of fields of an object.
scalar Time string date-time | A point in time, written in RFC 3339 form such as 2024-05-01T12:00:00Z.
scalar MicroTime string date-time | A point in time with microsecond precision, in RFC 3339 form.
type LabelSelector complete | Chooses objects by their labels. All conditions must hold; an empty selector matches everything, and a missing one matches nothing.
  matchLabels map[string]string | Labels an object must have with exactly these values.
  matchExpressions []LabelSelectorRequirement | Further conditions on labels, such as "tier In (web, api)".
type LabelSelectorRequirement complete | One condition on a label.
  key string required | The label key the condition tests.
  operator string required | How the label is compared: In, NotIn, Exists or DoesNotExist.
  values []string | The values for In and NotIn; must be empty for Exists and DoesNotExist.
type Condition complete | One aspect of an object's current state, reported by a controller as True, False or Unknown.
  type string required | What the condition is about, in CamelCase, such as Available.
  status string required | True, False or Unknown.
  observedGeneration int64 | The metadata.generation the controller looked at when it set the condition.
  lastTransitionTime Time required | When the status last changed.
  reason string required | A one-word CamelCase explanation for the last change.
  message string required | A human-readable explanation of the condition.
type Status complete | The answer to a request that does not return an object, and the form every error takes.
  apiVersion string | The versioned schema of this answer: v1.
  kind string | Always Status.
  metadata ListMeta | Standard list metadata; usually empty.
  status string | Success or Failure.
  message string | A human-readable description of what happened.
  reason string | A machine-readable CamelCase reason, such as NotFound, AlreadyExists, Conflict or Invalid.
  details StatusDetails | More about the object involved and, for invalid requests, each field at fault.
  code int32 | The HTTP status code of the answer.
type StatusDetails complete | Which object a Status is about, and why a request was refused.
  name string | The name of the object involved.
  group string | The API group of the object involved.
  kind string | The kind of the object involved.
  uid string | The uid of the object involved, when known.
  causes []StatusCause | One entry for each problem found, such as each invalid field.
  retryAfterSeconds int32 | When set, how long a client should wait before trying again.
type StatusCause complete | One problem behind a failed request.
  reason string | A machine-readable description of the problem, such as FieldValueRequired.
  message string | A human-readable description of the problem.
  field string | The path of the field at fault, such as spec.containers[0].image.
type DeleteOptions | Options for a delete request, sent as its body.
  apiVersion string | The versioned schema of these options.
  kind string | Always DeleteOptions.
  dryRun []string | When it holds All, the deletion is checked but not carried out.
  gracePeriodSeconds int64 | How many seconds the object gets to shut down; 0 removes it at once.
  orphanDependents boolean | Deprecated in favour of propagationPolicy: true leaves dependents in place.
  preconditions Preconditions | Conditions the object must meet for the deletion to go ahead.
  propagationPolicy string | What happens to dependents: Orphan, Background or Foreground.
type Preconditions complete | Guards a deletion against deleting a different or newer object than intended.
  resourceVersion string | Delete only if the object is still at this resourceVersion.
  uid string | Delete only if the object still has this uid.
object Patch | The body of a patch request, in the format its Content-Type names.
package io.k8s.apimachinery.pkg.api.resource
oneof Quantity string,number | An amount written as a number with an optional unit suffix: 500m is half a CPU, 128Mi is 128 mebibytes, 1G is 10^9 bytes.
package io.k8s.apimachinery.pkg.util.intstr
oneof IntOrString integer,string int-or-string | A value that may be a whole number or a string, such as a port given by number (8080) or by name (http), or a percentage such as 25%.
package io.k8s.apimachinery.pkg.runtime
object RawExtension | An embedded object of any kind, kept as JSON.
)schema"};
}

}  // namespace kubelab::apiserver::openapi::sources

#pragma once
// Kubernetes' defaulting for the types we serve, as the real API server applies it when it decodes
// a request: what `kubectl get -o yaml` shows that the manifest never said (restartPolicy: Always,
// strategy 25%/25%, targetPort = port, ...). Also the few fields that Go's serializer always
// writes (`resources: {}`, `status: {}`, a template's `creationTimestamp: null`), so objects read
// exactly as they do from a real cluster.

#include <cstdint>
#include <string_view>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"

namespace kubelab::api {

// Fills every unset defaulted field of `object`, which is of `type`. Idempotent; never overrides
// what the user set. Quantities in resource lists are rewritten in canonical form ("0.5" -> "500m").
void applyDefaults(const ResourceType& type, Object& object);

// What the admission plugins a default API server runs add to a new pod: the ServiceAccount
// plugin's serviceAccountName "default", the Priority plugin's priority 0, and the
// DefaultTolerationSeconds plugin's not-ready/unreachable tolerations (300 s).
// The DefaultTolerationSeconds admission plugin's settings (kube-apiserver's
// --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds).
struct PodAdmissionOptions {
  std::int64_t notReadyTolerationSeconds = 300;
  std::int64_t unreachableTolerationSeconds = 300;
};
void applyPodCreateAdmission(Object& pod, const PodAdmissionOptions& options = {});

// A pod's status.qosClass: "Guaranteed", "Burstable" or "BestEffort", from its containers' resources.
std::string podQOSClass(const Object& pod);

// What the Job strategy does on create: unless spec.manualSelector is true, label the template
// with the job's uid and name and select on the uid. Also copies the template labels to the job when
// it has none, as Kubernetes' defaulting does whenever the job is read back.
void generateJobSelector(Object& job, std::string_view uid);

}  // namespace kubelab::api

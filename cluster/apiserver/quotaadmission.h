#pragma once
// The LimitRanger and ResourceQuota admission plugins of a default Kubernetes API server, with
// its 403 messages. Kubernetes keeps a quota's usage in status.used, kept current by a
// controller; we count the namespace's live objects at admission instead, so no controller has
// to run for the limits to hold.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/resourcetypes.h"
#include "apiserver/apierrors.h"
#include "apiserver/objectstorage.h"

namespace kubelab::apiserver {

class QuotaAdmission {
 public:
  explicit QuotaAdmission(ObjectStorage& storage);

  // LimitRanger for a new Pod (and the storage min/max for a new PersistentVolumeClaim): fills
  // each container's missing requests and limits from the namespace's LimitRanges (type
  // Container: default -> limits, defaultRequest -> requests), records what it set in the
  // kubernetes.io/limit-ranger annotation, then refuses what is outside a LimitRange's min, max or
  // maxLimitRequestRatio (403, e.g. `pods "x" is forbidden: maximum cpu usage per Container is
  // 500m, but limit is 1`). Other types pass untouched.
  std::optional<ApiError> applyLimitRanges(const api::ResourceType& type, Object& object);

  // ResourceQuota for a new namespaced object: refuses it (403) when any quota of the namespace
  // that covers it would go over its hard limits, or when a quota on cpu or memory covers a pod
  // whose containers do not state them. Holds the namespace's admission lock while it counts; a
  // caller that wants the check and the write to be one step holds lockNamespace() across both.
  std::optional<ApiError> checkQuota(const api::ResourceType& type, const Object& object);

  // Whether any ResourceQuota could cover `object`: false lets a create skip the namespace's
  // lock, so creates in a namespace without quotas run in parallel. A quota created at that very
  // moment may miss one object, as Kubernetes' informer-fed quota admission may.
  bool mayNeedQuotaCheck(const api::ResourceType& type, const Object& object);

  // The namespace's admission lock (recursive, so checkQuota may take it again on the same
  // thread). Held from checkQuota until the object is stored, two creates cannot both take the
  // last unit of a quota.
  std::unique_lock<std::recursive_mutex> lockNamespace(const std::string& ns);

 private:
  ApiResult<ObjectList> listNamespace(std::string_view plural, const std::string& ns);

  ObjectStorage& storage_;
  std::mutex locksMutex_;
  std::map<std::string, std::unique_ptr<std::recursive_mutex>> namespaceLocks_;
};

// Kubernetes' admission.NewForbidden for a new object: `<resource> "<name>" is forbidden: <why>`,
// with the details Kubernetes sends (name, group, resource as kind).
ApiError admissionForbidden(const api::ResourceType& type, const Object& object, const std::string& why);

}  // namespace kubelab::apiserver

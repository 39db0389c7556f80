#pragma once
// Kubernetes objects in etcd: one key per object under /registry, the object's JSON as the
// value, and its resourceVersion taken from the key's mod revision (never stored), as the real
// API server does. Optimistic concurrency is etcd's compare-and-swap on that revision.

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/resourcetypes.h"
#include "apiserver/apierrors.h"
#include "apiserver/etcdclient.h"
#include "apiserver/requestmetrics.h"

namespace kubelab::apiserver {

using Object = boost::json::object;

template <typename T>
struct ApiResult {
  // Either a value or an API error; kept small and explicit for the handlers.
  std::optional<T> value;
  ApiError error;
  bool ok() const { return value.has_value(); }
  static ApiResult success(T result) { return ApiResult{std::move(result), {}}; }
  static ApiResult failure(ApiError failure) { return ApiResult{std::nullopt, std::move(failure)}; }
};

struct ListOptions {
  std::function<bool(const Object&)> matches;  // label and field selectors; empty: everything
  std::int64_t limit = 0;
  std::string continueToken;
  std::string resourceVersion;       // "" (most recent), "0" (any), or a revision
  std::string resourceVersionMatch;  // "", "Exact" or "NotOlderThan"
};

struct ObjectList {
  std::vector<Object> items;
  std::int64_t revision = 0;
  std::string continueToken;
  std::int64_t remainingItemCount = -1;  // -1: unknown (not reported)
};

class ObjectStorage {
 public:
  // Each request to etcd is counted in `metrics` when given.
  explicit ObjectStorage(EtcdClient& etcd, StorageMetrics* metrics = nullptr) : etcd_(etcd), metrics_(metrics) {}

  static std::string keyPrefix(const api::ResourceType& type, const std::string& ns);
  static std::string key(const api::ResourceType& type, const std::string& ns, const std::string& name);
  // "pods" or "deployments.apps": how Kubernetes names a resource in messages.
  static std::string qualifiedResource(const api::ResourceType& type);

  ApiResult<Object> get(const api::ResourceType& type, const std::string& ns, const std::string& name);
  ApiResult<ObjectList> list(const api::ResourceType& type, const std::string& ns, const ListOptions& options);
  ApiResult<Object> create(const api::ResourceType& type, Object object);
  // Replaces the object if its stored revision is still `expectedRevision`.
  ApiResult<Object> update(const api::ResourceType& type, Object object, std::int64_t expectedRevision);
  // Deletes the object if its stored revision is still `expectedRevision` (0: whatever it is);
  // returns the object as deleted, with the delete's resourceVersion.
  ApiResult<Object> remove(const api::ResourceType& type, const Object& current, std::int64_t expectedRevision);

  // Read-modify-write that retries when the object changed underneath, as Kubernetes'
  // GuaranteedUpdate does. `mutate` gets a copy of the current object and returns the new one
  // (or an error, which ends the attempt; preconditions are checked there). An update that
  // changes nothing is not written.
  using Mutation = std::function<ApiResult<Object>(Object current)>;
  ApiResult<Object> guaranteedUpdate(const api::ResourceType& type, const std::string& ns, const std::string& name,
                                     const Mutation& mutate);

  EtcdClient& etcd() { return etcd_; }

 private:
  ApiError storeError(const api::ResourceType& type, const std::string& name, const Status& status) const;
  void count(const char* operation, const api::ResourceType& type) {
    if (metrics_) metrics_->record(operation, qualifiedResource(type));
  }
  EtcdClient& etcd_;
  StorageMetrics* metrics_;
};

// The deepest nesting the API accepts, as its JSON parser does.
inline constexpr std::size_t maximumObjectDepth = 32;

// Decodes a stored value into an object of `type` and stamps its resourceVersion.
std::optional<Object> decodeStoredObject(const api::ResourceType& type, const std::string& value, std::int64_t revision);
// The bytes stored for an object of `type` (without its resourceVersion).
std::string encodeStoredObject(const api::ResourceType& type, Object object);

}  // namespace kubelab::apiserver

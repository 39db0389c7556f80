#pragma once
// What every component needs from a Kubernetes API server, whichever server it is: ours or a
// real one (RestClient), or a recording fake in unit tests (tests/support/fakeapiclient.h).
// Objects are untyped JSON; typed views over them live in cluster/api (objectmeta.h and
// friends). Errors come back as Status with the code of the API's reason (NotFound,
// AlreadyExists, Conflict, Invalid, Forbidden, Gone, ...) and the server's message.

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/resource.h"
#include "common/status.h"

namespace kubelab::client {

using Object = boost::json::object;

struct ListOptions {
  std::string labelSelector;
  std::string fieldSelector;
  std::string resourceVersion;  // list: "" is the newest; watch: start after this one
  std::int64_t limit = 0;       // 0 is no limit
  std::string continueToken;
  bool allowWatchBookmarks = false;
  // Watch only: how long the server keeps the watch open (timeoutSeconds); 0 is its default.
  std::chrono::seconds timeout{0};
};

struct ObjectList {
  std::vector<Object> items;
  std::string resourceVersion;
  std::string continueToken;
};

enum class WatchEventType { Added, Modified, Deleted, Bookmark, Error };

struct WatchEvent {
  WatchEventType type = WatchEventType::Added;
  Object object;  // for Error, a Status object
};

class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // The next event, nullopt when nothing arrived within `timeout`, or Unavailable once the
  // stream has ended (the server closed it or the connection broke).
  virtual Result<std::optional<WatchEvent>> next(std::chrono::milliseconds timeout) = 0;
  virtual void close() = 0;
};

enum class PatchType { Merge, StrategicMerge, Json };

struct DeleteOptions {
  std::string propagationPolicy;  // "", "Background", "Foreground" or "Orphan"
  std::optional<std::int64_t> gracePeriodSeconds;
  std::string preconditionUid;    // delete only this incarnation
};

class ApiInterface {
 public:
  virtual ~ApiInterface() = default;

  // `ns` is ignored for cluster-scoped resources. `subresource` is "" or "status", "scale", ...
  virtual Result<Object> get(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                             std::string_view subresource = {}) = 0;
  // One page; listAll() in apiutil.h follows continue tokens.
  virtual Result<ObjectList> list(const GroupVersionResource& resource, std::string_view ns,
                                  const ListOptions& options = {}) = 0;
  virtual Result<Object> create(const GroupVersionResource& resource, std::string_view ns, const Object& object) = 0;
  // PUT to the object's name (and subresource), with its resourceVersion as the precondition.
  virtual Result<Object> update(const GroupVersionResource& resource, const Object& object,
                                std::string_view subresource = {}) = 0;
  virtual Result<Object> patch(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                               PatchType type, std::string_view patch, std::string_view subresource = {}) = 0;
  virtual Status remove(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                        const DeleteOptions& options = {}) = 0;
  // POST to a subresource: pods/binding, pods/eviction, namespaces/finalize is a PUT (update).
  virtual Result<Object> createSubresource(const GroupVersionResource& resource, std::string_view ns,
                                           std::string_view name, std::string_view subresource,
                                           const Object& body) = 0;
  virtual Result<std::unique_ptr<WatchStream>> watch(const GroupVersionResource& resource, std::string_view ns,
                                                     const ListOptions& options = {}) = 0;
};

// Every item across pages.
Result<ObjectList> listAll(ApiInterface& api, const GroupVersionResource& resource, std::string_view ns,
                           ListOptions options = {});

}  // namespace kubelab::client

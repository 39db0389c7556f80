#pragma once
// An in-memory ApiInterface for controller and scheduler unit tests (client-go's fake
// clientset): it keeps objects like a tiny API server (names from generateName, uids,
// resourceVersions, Conflict on a stale resourceVersion, AlreadyExists, NotFound), records
// every request as an Action, and lets a test make the next matching request fail.
// Watches are not served: unit tests fill informer caches (Indexer) directly.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/apiinterface.h"

namespace kubelab::testing {

struct Action {
  std::string verb;  // get list create update patch delete
  client::GroupVersionResource resource;
  std::string ns;
  std::string name;
  std::string subresource;
  client::Object object;  // the body sent (create, update, subresource POST)
  std::string patch;
  client::DeleteOptions deleteOptions;

  // "create pods", "update replicasets/status", "delete pods", "create pods/binding"
  std::string summary() const;
};

class FakeApiClient final : public client::ApiInterface {
 public:
  // Objects the fake starts with (as if created earlier).
  void seed(const client::GroupVersionResource& resource, client::Object object);
  // Makes requests matching verb and resource ("create", "pods") fail with `status` while
  // `times` > 0 (-1: forever).
  void failNext(const std::string& verb, const std::string& plural, Status status, int times = 1);

  std::vector<Action> actions() const;
  // Actions other than get/list/watch, which is what sync tests usually check.
  std::vector<Action> writeActions() const;
  std::vector<std::string> writeSummaries() const;
  void clearActions();
  // The stored object, or nullopt.
  std::optional<client::Object> stored(const client::GroupVersionResource& resource, const std::string& ns,
                                       const std::string& name) const;
  std::vector<client::Object> storedList(const client::GroupVersionResource& resource) const;

  Result<client::Object> get(const client::GroupVersionResource& resource, std::string_view ns,
                             std::string_view name, std::string_view subresource = {}) override;
  Result<client::ObjectList> list(const client::GroupVersionResource& resource, std::string_view ns,
                                  const client::ListOptions& options = {}) override;
  Result<client::Object> create(const client::GroupVersionResource& resource, std::string_view ns,
                                const client::Object& object) override;
  Result<client::Object> update(const client::GroupVersionResource& resource, const client::Object& object,
                                std::string_view subresource = {}) override;
  Result<client::Object> patch(const client::GroupVersionResource& resource, std::string_view ns,
                               std::string_view name, client::PatchType type, std::string_view patch,
                               std::string_view subresource = {}) override;
  Status remove(const client::GroupVersionResource& resource, std::string_view ns, std::string_view name,
                const client::DeleteOptions& options = {}) override;
  Result<client::Object> createSubresource(const client::GroupVersionResource& resource, std::string_view ns,
                                           std::string_view name, std::string_view subresource,
                                           const client::Object& body) override;
  Result<std::unique_ptr<client::WatchStream>> watch(const client::GroupVersionResource& resource,
                                                     std::string_view ns,
                                                     const client::ListOptions& options = {}) override;

 private:
  struct Failure {
    std::string verb;
    std::string plural;
    Status status;
    int times;
  };
  Status injectedFailure(const std::string& verb, const std::string& plural);
  static std::string storageKey(const client::GroupVersionResource& resource, std::string_view ns,
                                std::string_view name);
  void record(Action action);

  mutable std::mutex mutex_;
  std::map<std::string, client::Object> objects_;
  std::vector<Action> actions_;
  std::vector<Failure> failures_;
  std::int64_t nextResourceVersion_ = 1000;
  int nextGeneratedSuffix_ = 0;
};

}  // namespace kubelab::testing

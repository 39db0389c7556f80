#pragma once
// ApiInterface over HTTPS to a real API server (ours or Kubernetes'). Thread-safe: requests
// from many threads share a small pool of kept-alive connections. Exec credential plugins run
// on first use and again when their credential expires or the server answers 401.

#include <memory>

#include "client/apiinterface.h"
#include "client/restconfig.h"

namespace kubelab::client {

class RestClient final : public ApiInterface {
 public:
  explicit RestClient(RestConfig config);
  ~RestClient() override;
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  const RestConfig& config() const;

  Result<Object> get(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                     std::string_view subresource = {}) override;
  Result<ObjectList> list(const GroupVersionResource& resource, std::string_view ns,
                          const ListOptions& options = {}) override;
  Result<Object> create(const GroupVersionResource& resource, std::string_view ns, const Object& object) override;
  Result<Object> update(const GroupVersionResource& resource, const Object& object,
                        std::string_view subresource = {}) override;
  Result<Object> patch(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                       PatchType type, std::string_view patch, std::string_view subresource = {}) override;
  Status remove(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                const DeleteOptions& options = {}) override;
  Result<Object> createSubresource(const GroupVersionResource& resource, std::string_view ns, std::string_view name,
                                   std::string_view subresource, const Object& body) override;
  Result<std::unique_ptr<WatchStream>> watch(const GroupVersionResource& resource, std::string_view ns,
                                             const ListOptions& options = {}) override;

  // A raw GET of any path (/metrics, /version, /apis), for the desktop app's charts.
  Result<std::string> getRaw(std::string_view path);
  // A raw GET whose body is read as it arrives (pods/{name}/log?follow=true), on a connection
  // of its own: the open stream once the server answered 2xx, the server's error otherwise.
  Result<std::unique_ptr<http::Stream>> getStream(std::string_view path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubelab::client

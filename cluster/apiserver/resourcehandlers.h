#pragma once
// The REST verbs on resources: get, list, create, update, patch, delete and deletecollection,
// and the status, scale and binding subresources. Watch lives in watchhandler.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/defaults.h"
#include "api/resourcetypes.h"
#include "apiserver/objectstorage.h"
#include "apiserver/quotaadmission.h"
#include "apiserver/requestinfo.h"
#include "apiserver/serviceallocator.h"
#include "http/httpserver.h"

namespace kubelab::apiserver {

struct ApiRequest {
  const http::Request& http;
  std::shared_ptr<http::Exchange> exchange;
  RequestInfo info;
  const api::ResourceType* type = nullptr;
  // Extra admission for the object about to be written (RBAC escalation prevention).
  std::function<std::optional<ApiError>(const Object&)> checkWrite;
  std::string query() const { return std::string(http.query()); }
};

class ResourceHandlers {
 public:
  ResourceHandlers(ObjectStorage& storage, ServiceAllocator& services, api::PodAdmissionOptions podAdmission = {})
      : storage_(storage), services_(services), quota_(storage), podAdmission_(podAdmission) {}

  void serve(const ApiRequest& request);

 private:
  void get(const ApiRequest& request);
  void list(const ApiRequest& request);
  void create(const ApiRequest& request);
  void update(const ApiRequest& request);
  void patch(const ApiRequest& request);
  void remove(const ApiRequest& request);
  void removeCollection(const ApiRequest& request);
  void serveScale(const ApiRequest& request);
  void bind(const ApiRequest& request, const std::string& podName, const Object& binding);
  void evict(const ApiRequest& request);

  // Decodes the request body into an object of the request's type; an error is answered.
  std::optional<Object> decodeBody(const ApiRequest& request);
  // Defaults, validates and runs admission on an object about to be written.
  std::optional<ApiError> admit(const ApiRequest& request, Object& object, const Object* current);
  ApiResult<Object> writeUpdate(const ApiRequest& request, Object updated, const Object& current);
  // Reads the object, asks `attempt` for its new form and writes it, again while others'
  // writes get in between.
  using Attempt = std::function<ApiResult<Object>(const Object& current)>;
  ApiResult<Object> updateWithRetries(const ApiRequest& request, const Attempt& attempt);
  ApiError staleVersion(const ApiRequest& request) const;
  ApiResult<Object> deleteObject(const ApiRequest& request, const Object& current, const Object& options);
  void respondWritten(const ApiRequest& request, unsigned status, const Object& object,
                      const std::vector<std::string>& unknownFields = {});
  // Drops fields the type does not have, as decoding into Kubernetes' types does; with
  // fieldValidation=Strict they are an error (returned), otherwise reported in `unknownFields`.
  std::optional<ApiError> dropUnknownFields(const ApiRequest& request, Object& object,
                                            std::vector<std::string>& unknownFields);

  ObjectStorage& storage_;
  ServiceAllocator& services_;
  QuotaAdmission quota_;
  api::PodAdmissionOptions podAdmission_;
};

}  // namespace kubelab::apiserver

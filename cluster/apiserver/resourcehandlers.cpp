#include "apiserver/resourcehandlers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>

#include "api/defaults.h"
#include "api/objectmeta.h"
#include "api/patch.h"
#include "api/strategicmergepatch.h"
#include "api/validation.h"
#include "apiserver/fieldpruning.h"
#include "apiserver/objectlifecycle.h"
#include "apiserver/requestbody.h"
#include "apiserver/responses.h"
#include "apiserver/selectors.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

bool isDryRun(const ApiRequest& request) { return queryParameter(request.http.query(), "dryRun") == "All"; }

std::optional<std::int64_t> optionalInteger(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The object's resourceVersion as a revision: 0 when it has none, -1 when it is not a number.
std::int64_t revisionOf(const Object& object) {
  std::string text = api::resourceVersion(object);
  if (text.empty()) return 0;
  auto revision = optionalInteger(text);
  return revision && *revision > 0 ? *revision : -1;
}


// How deeply a value nests objects and arrays (a scalar is 0).
std::size_t nestingDepth(const json::value& value) {
  std::size_t deepest = 0;
  if (const json::object* object = value.if_object()) {
    for (const auto& [key, child] : *object) deepest = std::max(deepest, nestingDepth(child));
    return deepest + 1;
  }
  if (const json::array* array = value.if_array()) {
    for (const json::value& child : *array) deepest = std::max(deepest, nestingDepth(child));
    return deepest + 1;
  }
  return 0;
}

// What the parser accepts is what may be stored: a patch must not build an object that could
// not be read back.
std::optional<ApiError> checkDepth(const Object& object) {
  if (nestingDepth(object) <= maximumObjectDepth) return std::nullopt;
  return badRequest("the object is nested more deeply than " + std::to_string(maximumObjectDepth) +
                    " levels, which no Kubernetes object needs");
}

ApiError namespaceTerminating(const ApiRequest& request, const std::string& name) {
  std::string resource = ObjectStorage::qualifiedResource(*request.type);
  return forbidden(resource + " \"" + name + "\" is forbidden: unable to create new content in namespace " +
                   request.info.namespaceName + " because it is being terminated");
}

}  // namespace

void ResourceHandlers::serve(const ApiRequest& request) {
  std::string dryRun = queryParameter(request.http.query(), "dryRun");
  if (!dryRun.empty() && dryRun != "All") {
    return respondError(*request.exchange,
                        badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\""));
  }
  const std::string& verb = request.info.verb;
  const std::string& subresource = request.info.subresource;
  if (request.type->kind == "Binding" && verb == "create") {
    auto body = decodeBody(request);
    if (!body) return;
    return bind(request, api::name(*body), *body);
  }
  if (subresource == "scale") return serveScale(request);
  if (subresource == "binding" && verb == "create") {
    auto body = decodeBody(request);
    if (!body) return;
    return bind(request, request.info.name, *body);
  }
  if (subresource == "eviction" && verb == "create") return evict(request);
  if (subresource == "finalize" && verb == "update") return update(request);
  if (!subresource.empty() && subresource != "status") {
    return respondError(*request.exchange, notFound(subresource, "", subresource, request.info.name));
  }
  if (verb == "get") return get(request);
  if (verb == "list") return list(request);
  if (verb == "create" && subresource.empty()) return create(request);
  if (verb == "update") return update(request);
  if (verb == "patch") return patch(request);
  if (verb == "delete" && subresource.empty()) return remove(request);
  if (verb == "deletecollection") return removeCollection(request);
  respondError(*request.exchange, methodNotAllowed());
}

std::optional<Object> ResourceHandlers::decodeBody(const ApiRequest& request) {
  auto decoded = decodeRequestBody(request.http);
  if (!decoded.ok()) {
    respondError(*request.exchange, decoded.error);
    return std::nullopt;
  }
  return std::move(*decoded.value);
}

std::optional<ApiError> ResourceHandlers::dropUnknownFields(const ApiRequest& request, Object& object,
                                                            std::vector<std::string>& unknownFields) {
  unknownFields = pruneUnknownFields(request.type->apiVersion(), request.type->kind, object);
  if (unknownFields.empty() || queryParameter(request.http.query(), "fieldValidation") != "Strict") return std::nullopt;
  std::string version = request.type->version;
  return badRequest(request.type->kind + " in version \"" + version + "\" cannot be handled as a " +
                    request.type->kind + ": " + strictDecodingMessage(unknownFields));
}

void ResourceHandlers::respondWritten(const ApiRequest& request, unsigned status, const Object& object,
                                      const std::vector<std::string>& unknownFields) {
  // fieldValidation=Warn (the default) reports each dropped field as a warning, as Kubernetes does.
  http::Headers warnings;
  if (queryParameter(request.http.query(), "fieldValidation") != "Ignore") {
    for (const std::string& field : unknownFields) {
      json::string quoted = json::string(unknownFieldMessage(field));
      warnings.emplace_back("Warning", "299 - " + json::serialize(quoted));
    }
  }
  if (!warnings.empty() && !wantsTable(request.http)) {
    return request.exchange->respond(status, "application/json", json::serialize(object), std::move(warnings));
  }
  if (wantsTable(request.http)) {
    auto table = makeTable(*request.type, {object}, revisionOf(object), "",
                           queryParameter(request.http.query(), "includeObject"));
    if (!table.ok()) return respondError(*request.exchange, table.error);
    return respondObject(*request.exchange, status, *table.value);
  }
  respondObject(*request.exchange, status, object);
}

void ResourceHandlers::get(const ApiRequest& request) {
  auto found = storage_.get(*request.type, request.info.namespaceName, request.info.name);
  if (!found.ok()) return respondError(*request.exchange, found.error);
  respondWritten(request, 200, *found.value);
}

void ResourceHandlers::list(const ApiRequest& request) {
  std::string query = request.query();
  auto predicate = selectorPredicate(*request.type, queryParameter(query, "labelSelector"),
                                     queryParameter(query, "fieldSelector"));
  if (!predicate.ok()) return respondError(*request.exchange, predicate.error);
  ListOptions options;
  options.matches = *predicate.value;
  options.continueToken = queryParameter(query, "continue");
  options.resourceVersion = queryParameter(query, "resourceVersion");
  options.resourceVersionMatch = queryParameter(query, "resourceVersionMatch");
  if (auto limit = optionalInteger(queryParameter(query, "limit")); limit && *limit > 0) options.limit = *limit;
  auto listed = storage_.list(*request.type, request.info.namespaceName, options);
  if (!listed.ok()) return respondError(*request.exchange, listed.error);
  ObjectList& result = *listed.value;
  if (wantsTable(request.http)) {
    auto table = makeTable(*request.type, result.items, result.revision, result.continueToken,
                           queryParameter(query, "includeObject"));
    if (!table.ok()) return respondError(*request.exchange, table.error);
    return respondObject(*request.exchange, 200, *table.value);
  }
  respondObject(*request.exchange, 200,
                makeList(*request.type, std::move(result.items), result.revision, result.continueToken,
                         result.remainingItemCount));
}

std::optional<ApiError> ResourceHandlers::admit(const ApiRequest& request, Object& object, const Object* current) {
  const api::ResourceType& type = *request.type;
  if (auto error = checkDepth(object)) return error;
  if (request.checkWrite) {
    if (auto error = request.checkWrite(object)) return error;
  }
  api::applyDefaults(type, object);
  std::vector<api::FieldError> errors = api::validateObject(type, object, current);
  if (!errors.empty()) {
    std::vector<StatusCause> causes;
    for (const api::FieldError& error : errors) causes.push_back({error.reason(), error.body(), error.field});
    return invalid(type.kind, type.group, api::name(object), api::invalidMessage(type, api::name(object), errors),
                   std::move(causes));
  }
  if (type.kind == "Service") {
    bool reserve = !isDryRun(request);
    return current == nullptr ? services_.allocate(object, reserve) : services_.reallocate(object, *current, reserve);
  }
  return std::nullopt;
}

void ResourceHandlers::create(const ApiRequest& request) {
  const api::ResourceType& type = *request.type;
  auto body = decodeBody(request);
  if (!body) return;
  Object& object = *body;
  std::string apiVersion = api::stringAt(object, {"apiVersion"});
  std::string kind = api::stringAt(object, {"kind"});
  if (!apiVersion.empty() && apiVersion != type.apiVersion()) {
    return respondError(*request.exchange, badRequest("the API version in the data (" + apiVersion +
                                                      ") does not match the expected API version (" +
                                                      type.apiVersion() + ")"));
  }
  if (!kind.empty() && kind != type.kind) {
    return respondError(*request.exchange,
                        badRequest("the kind in the data (" + kind + ") does not match the expected kind (" + type.kind + ")"));
  }
  if (type.namespaced) {
    std::string bodyNamespace = api::namespaceOf(object);
    if (!bodyNamespace.empty() && bodyNamespace != request.info.namespaceName) {
      return respondError(*request.exchange, badRequest("the namespace of the provided object does not match the "
                                                        "namespace sent on the request"));
    }
    api::ensureObject(object, "metadata")["namespace"] = request.info.namespaceName;
    // NamespaceLifecycle: nothing new in a namespace that is missing or being deleted.
    const api::ResourceType* namespaces = api::findResourceType("", "v1", "namespaces");
    auto owner = storage_.get(*namespaces, "", request.info.namespaceName);
    if (!owner.ok()) return respondError(*request.exchange, owner.error);
    if (api::stringAt(*owner.value, {"status", "phase"}) == "Terminating") {
      return respondError(*request.exchange, namespaceTerminating(request, api::name(object)));
    }
  }
  std::vector<std::string> unknownFields;
  if (auto error = dropUnknownFields(request, object, unknownFields)) return respondError(*request.exchange, *error);
  prepareForCreate(type, object);
  // What a default API server's create strategies and admission plugins add to new pods and jobs.
  if (type.kind == "Pod") {
    api::applyDefaults(type, object);
    api::applyPodCreateAdmission(object, podAdmission_);
    api::ensureObject(object, "status")["qosClass"] = api::podQOSClass(object);
  }
  if (type.kind == "Job") api::generateJobSelector(object, api::uid(object));
  // LimitRanger, then validation, then ResourceQuota, in the order the real admission chain runs.
  if (auto error = quota_.applyLimitRanges(type, object)) return respondError(*request.exchange, *error);
  if (auto error = admit(request, object, nullptr)) return respondError(*request.exchange, *error);
  // Held until the object is stored, so two creates cannot both take a quota's last unit.
  std::unique_lock<std::recursive_mutex> quotaLock;
  if (quota_.mayNeedQuotaCheck(type, object)) {
    quotaLock = quota_.lockNamespace(api::namespaceOf(object));
    if (auto error = quota_.checkQuota(type, object)) return respondError(*request.exchange, *error);
  }
  if (isDryRun(request)) return respondWritten(request, 201, object, unknownFields);
  auto created = storage_.create(type, std::move(object));
  if (!created.ok()) return respondError(*request.exchange, created.error);
  respondWritten(request, 201, *created.value, unknownFields);
}

ApiResult<Object> ResourceHandlers::writeUpdate(const ApiRequest& request, Object updated, const Object& current) {
  const api::ResourceType& type = *request.type;
  prepareForUpdate(type, updated, current, request.info.subresource);
  if (auto error = admit(request, updated, &current)) return ApiResult<Object>::failure(*error);
  if (isDryRun(request)) return ApiResult<Object>::success(std::move(updated));
  // Like Kubernetes, an update that changes nothing writes nothing and keeps the resourceVersion.
  if (encodeStoredObject(*request.type, updated) == encodeStoredObject(*request.type, current)) return ApiResult<Object>::success(current);
  // An object waiting for its finalizers goes once the last one is removed.
  if (readyToRemove(updated)) return storage_.remove(type, updated, revisionOf(current));
  return storage_.update(type, std::move(updated), revisionOf(current));
}

ApiResult<Object> ResourceHandlers::updateWithRetries(const ApiRequest& request, const Attempt& attempt) {
  for (int round = 0; round < 16; ++round) {
    auto current = storage_.get(*request.type, request.info.namespaceName, request.info.name);
    if (!current.ok()) return current;
    auto candidate = attempt(*current.value);
    if (!candidate.ok()) return candidate;
    auto written = writeUpdate(request, std::move(*candidate.value), *current.value);
    // Another writer got in between our read and our write: read again and redo the change.
    if (written.ok() || written.error.reason != "Conflict") return written;
  }
  return ApiResult<Object>::failure(conflict(ObjectStorage::qualifiedResource(*request.type), request.type->group,
                                             request.type->plural, request.info.name, "the object kept changing"));
}

ApiError ResourceHandlers::staleVersion(const ApiRequest& request) const {
  return conflict(ObjectStorage::qualifiedResource(*request.type), request.type->group, request.type->plural,
                  request.info.name,
                  "the object has been modified; please apply your changes to the latest version and try again");
}

void ResourceHandlers::update(const ApiRequest& request) {
  auto body = decodeBody(request);
  if (!body) return;
  std::string bodyName = api::name(*body);
  if (bodyName != request.info.name) {
    return respondError(*request.exchange, badRequest("the name of the object (" + bodyName +
                                                      ") does not match the name on the URL (" + request.info.name + ")"));
  }
  if (request.type->namespaced) api::ensureObject(*body, "metadata")["namespace"] = request.info.namespaceName;
  std::vector<std::string> unknownFields;
  if (auto error = dropUnknownFields(request, *body, unknownFields)) return respondError(*request.exchange, *error);
  std::int64_t expected = revisionOf(*body);
  if (expected < 0) {
    return respondError(*request.exchange, badRequest("metadata.resourceVersion: Invalid value: \"" +
                                                      api::resourceVersion(*body) + "\": must be a number"));
  }
  auto written = updateWithRetries(request, [&](const Object& current) -> ApiResult<Object> {
    // An update that names a resourceVersion must be based on exactly that version.
    if (expected != 0 && expected != revisionOf(current)) return ApiResult<Object>::failure(staleVersion(request));
    return ApiResult<Object>::success(*body);
  });
  if (!written.ok()) return respondError(*request.exchange, written.error);
  respondWritten(request, 200, *written.value, unknownFields);
}

void ResourceHandlers::patch(const ApiRequest& request) {
  std::string contentType = request.http.header("Content-Type");
  contentType = contentType.substr(0, contentType.find(';'));
  if (contentType == "application/apply-patch+yaml") {
    return respondError(*request.exchange,
                        unsupportedMediaType(contentType + "; server-side apply is not supported by KubeLab yet, "
                                                           "use kubectl apply without --server-side"));
  }
  if (contentType != "application/json-patch+json" && contentType != "application/merge-patch+json" &&
      contentType != "application/strategic-merge-patch+json") {
    return respondError(*request.exchange, unsupportedMediaType(contentType));
  }
  boost::system::error_code error;
  json::value patchDocument = json::parse(request.http.body, error);
  if (error) return respondError(*request.exchange, badRequest("the patch could not be decoded: " + error.message()));
  std::vector<std::string> unknownFields;
  auto written = updateWithRetries(request, [&](const Object& current) -> ApiResult<Object> {
    json::value document = current;
    Result<json::value> patched = Status(StatusCode::Internal, "no patch applied");
    if (contentType == "application/json-patch+json") {
      patched = api::applyJsonPatch(document, patchDocument);
    } else if (contentType == "application/merge-patch+json") {
      patched = api::applyMergePatch(document, patchDocument);
    } else {
      patched = api::applyStrategicMergePatch(document, patchDocument, request.type->apiVersion(), request.type->kind);
    }
    if (!patched) {
      if (patched.status().code() == StatusCode::Invalid) {
        return ApiResult<Object>::failure(
            invalid(request.type->kind, request.type->group, request.info.name, patched.status().message(), {}));
      }
      return ApiResult<Object>::failure(badRequest(patched.status().message()));
    }
    if (!patched->is_object()) return ApiResult<Object>::failure(badRequest("the patched object is not an object"));
    Object updated = std::move(patched->get_object());
    unknownFields = pruneUnknownFields(request.type->apiVersion(), request.type->kind, updated);
    if (!unknownFields.empty() && queryParameter(request.http.query(), "fieldValidation") == "Strict") {
      // Kubernetes reports a strict patch as an invalid `patch` field rather than a decoding error.
      std::string message = strictDecodingMessage(unknownFields);
      return ApiResult<Object>::failure(invalid(
          "", "", "", "\"\" is invalid: patch: Invalid value: " + json::serialize(json::string(request.http.body)) + ": " +
                          message,
          {{"FieldValueInvalid", "Invalid value: " + json::serialize(json::string(request.http.body)) + ": " + message,
            "patch"}}));
    }
    // A resourceVersion written into the patch is a precondition, as in Kubernetes.
    std::int64_t expected = revisionOf(updated);
    if (expected < 0) {
      return ApiResult<Object>::failure(badRequest("metadata.resourceVersion: Invalid value: \"" +
                                                   api::resourceVersion(updated) + "\": must be a number"));
    }
    if (expected != 0 && expected != revisionOf(current)) return ApiResult<Object>::failure(staleVersion(request));
    return ApiResult<Object>::success(std::move(updated));
  });
  if (!written.ok()) return respondError(*request.exchange, written.error);
  respondWritten(request, 200, *written.value, unknownFields);
}

ApiResult<Object> ResourceHandlers::deleteObject(const ApiRequest& request, const Object& current,
                                                 const Object& options) {
  std::string query = request.query();
  std::optional<std::int64_t> grace = optionalInteger(queryParameter(query, "gracePeriodSeconds"));
  if (const json::value* value = options.if_contains("gracePeriodSeconds"); value != nullptr && value->is_int64()) {
    grace = value->get_int64();
  }
  std::string policy = queryParameter(query, "propagationPolicy");
  if (const json::value* value = options.if_contains("propagationPolicy"); value != nullptr && value->is_string()) {
    policy = std::string(value->get_string());
  }
  if (const json::value* orphan = options.if_contains("orphanDependents"); orphan != nullptr && orphan->is_bool()) {
    if (orphan->get_bool()) policy = "Orphan";
  }
  // Preconditions: the delete applies only to this exact object (uid) or version.
  std::string wantedUid = api::stringAt(options, {"preconditions", "uid"});
  std::string wantedVersion = api::stringAt(options, {"preconditions", "resourceVersion"});
  const api::ResourceType& type = *request.type;
  if ((!wantedUid.empty() && wantedUid != api::uid(current)) ||
      (!wantedVersion.empty() && wantedVersion != api::resourceVersion(current))) {
    std::string which = !wantedUid.empty() && wantedUid != api::uid(current)
                            ? "Precondition failed: UID in precondition: " + wantedUid + ", UID in object meta: " +
                                  api::uid(current)
                            : "Precondition failed: ResourceVersion in precondition: " + wantedVersion +
                                  ", ResourceVersion in object meta: " + api::resourceVersion(current);
    return ApiResult<Object>::failure(
        conflict(ObjectStorage::qualifiedResource(type), type.group, type.plural, api::name(current), which));
  }
  DeleteDecision decision = decideDelete(type, current, grace, policy);
  if (isDryRun(request)) return ApiResult<Object>::success(decision.updated);
  if (decision.deleteNow) return storage_.remove(type, current, revisionOf(current));
  return storage_.update(type, std::move(decision.updated), revisionOf(current));
}

void ResourceHandlers::remove(const ApiRequest& request) {
  Object options;
  if (!request.http.body.empty()) {
    auto body = decodeBody(request);
    if (!body) return;
    options = std::move(*body);
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto current = storage_.get(*request.type, request.info.namespaceName, request.info.name);
    if (!current.ok()) return respondError(*request.exchange, current.error);
    auto deleted = deleteObject(request, *current.value, options);
    if (deleted.ok()) return respondWritten(request, 200, *deleted.value);
    // Retry only when the object changed between our read and the delete.
    if (deleted.error.reason != "Conflict" || deleted.error.message.find("Precondition") != std::string::npos) {
      return respondError(*request.exchange, deleted.error);
    }
  }
  respondError(*request.exchange, conflict(ObjectStorage::qualifiedResource(*request.type), request.type->group,
                                           request.type->plural, request.info.name, "the object kept changing"));
}

void ResourceHandlers::removeCollection(const ApiRequest& request) {
  std::string query = request.query();
  auto predicate = selectorPredicate(*request.type, queryParameter(query, "labelSelector"),
                                     queryParameter(query, "fieldSelector"));
  if (!predicate.ok()) return respondError(*request.exchange, predicate.error);
  ListOptions options;
  options.matches = *predicate.value;
  auto listed = storage_.list(*request.type, request.info.namespaceName, options);
  if (!listed.ok()) return respondError(*request.exchange, listed.error);
  Object deleteOptions;
  std::vector<Object> deleted;
  for (const Object& item : listed.value->items) {
    auto result = deleteObject(request, item, deleteOptions);
    if (!result.ok() && result.error.reason != "NotFound") return respondError(*request.exchange, result.error);
    if (result.ok()) deleted.push_back(std::move(*result.value));
  }
  respondObject(*request.exchange, 200, makeList(*request.type, std::move(deleted), listed.value->revision, "", -1));
}

}  // namespace kubelab::apiserver

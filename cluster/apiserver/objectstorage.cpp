#include "apiserver/objectstorage.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/objectmeta.h"
#include "apiserver/eventconversion.h"
#include "common/base64.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

constexpr int maximumUpdateAttempts = 16;

// A continue token: the revision the list started at and the next key, as Kubernetes encodes it.
std::string encodeContinue(std::int64_t revision, const std::string& nextKey) {
  json::object token{{"v", "meta.k8s.io/v1"}, {"rv", revision}, {"start", nextKey}};
  return base64Encode(json::serialize(token));
}

bool decodeContinue(const std::string& text, std::int64_t& revision, std::string& nextKey) {
  auto decoded = base64Decode(text);
  if (!decoded) return false;
  boost::system::error_code error;
  json::value token = json::parse(*decoded, error);
  if (error || !token.is_object()) return false;
  const json::object& object = token.get_object();
  const json::value* rv = object.if_contains("rv");
  const json::value* start = object.if_contains("start");
  if (rv == nullptr || !rv->is_int64() || start == nullptr || !start->is_string()) return false;
  revision = rv->get_int64();
  nextKey = std::string(start->get_string());
  return revision > 0;
}

std::int64_t parseRevision(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18) return -1;
  return std::stoll(text);
}

}  // namespace

std::string ObjectStorage::keyPrefix(const api::ResourceType& type, const std::string& ns) {
  std::string prefix = "/registry/";
  // events.k8s.io/v1 Events share the core Events' keys: one storage, two views.
  if (!type.group.empty() && !isEventsV1(type)) prefix += type.group + "/";
  prefix += type.plural + "/";
  if (type.namespaced && !ns.empty()) prefix += ns + "/";
  return prefix;
}

std::string ObjectStorage::key(const api::ResourceType& type, const std::string& ns, const std::string& name) {
  return keyPrefix(type, ns) + name;
}

std::string ObjectStorage::qualifiedResource(const api::ResourceType& type) {
  return type.group.empty() ? type.plural : type.plural + "." + type.group;
}

std::optional<Object> decodeStoredObject(const api::ResourceType& type, const std::string& value, std::int64_t revision) {
  boost::system::error_code error;
  // More room than requests get, so whatever was ever stored can be read back.
  json::parse_options options;
  options.max_depth = maximumObjectDepth * 4;
  json::value parsed = json::parse(value, error, {}, options);
  if (error || !parsed.is_object()) return std::nullopt;
  Object object = isEventsV1(type) ? eventsV1FromCoreEvent(parsed.get_object()) : std::move(parsed.get_object());
  api::ensureObject(object, "metadata")["resourceVersion"] = std::to_string(revision);
  return object;
}

std::string encodeStoredObject(const api::ResourceType& type, Object object) {
  if (isEventsV1(type)) object = coreEventFromEventsV1(object);
  if (json::value* metadata = object.if_contains("metadata"); metadata != nullptr && metadata->is_object()) {
    metadata->get_object().erase("resourceVersion");
  }
  return json::serialize(object);
}

ApiError ObjectStorage::storeError(const api::ResourceType& type, const std::string& name, const Status& status) const {
  switch (status.code()) {
    case StatusCode::NotFound: return notFound(qualifiedResource(type), type.group, type.plural, name);
    case StatusCode::AlreadyExists: return alreadyExists(qualifiedResource(type), type.group, type.plural, name);
    case StatusCode::Conflict:
      return conflict(qualifiedResource(type), type.group, type.plural, name,
                      "the object has been modified; please apply your changes to the latest version and try again");
    case StatusCode::TooLarge: return badRequest("etcdserver: request is too large");
    default: return fromStatus(status);
  }
}

ApiResult<Object> ObjectStorage::get(const api::ResourceType& type, const std::string& ns, const std::string& name) {
  count("get", type);
  auto stored = etcd_.get(key(type, ns, name));
  if (!stored) return ApiResult<Object>::failure(storeError(type, name, stored.status()));
  if (!stored->has_value()) return ApiResult<Object>::failure(storeError(type, name, Status(StatusCode::NotFound, "")));
  auto object = decodeStoredObject(type, (*stored)->value, (*stored)->modRevision);
  if (!object) return ApiResult<Object>::failure(internalError("the stored object " + name + " is not valid JSON"));
  return ApiResult<Object>::success(std::move(*object));
}

ApiResult<ObjectList> ObjectStorage::list(const api::ResourceType& type, const std::string& ns,
                                          const ListOptions& options) {
  std::string prefix = keyPrefix(type, ns);
  std::string start = prefix;
  std::int64_t revision = 0;
  if (!options.continueToken.empty()) {
    if (!decodeContinue(options.continueToken, revision, start) || start.rfind(prefix, 0) != 0) {
      return ApiResult<ObjectList>::failure(badRequest("continue key is not valid: invalid continue token"));
    }
  } else if (std::int64_t requested = parseRevision(options.resourceVersion); requested > 0) {
    if (options.resourceVersionMatch == "Exact" || (options.limit > 0 && options.resourceVersionMatch.empty())) {
      revision = requested;
    }
  } else if (!options.resourceVersion.empty() && options.resourceVersion != "0") {
    return ApiResult<ObjectList>::failure(
        badRequest("resourceVersion: Invalid value: \"" + options.resourceVersion + "\": must be a non-negative integer"));
  }

  ObjectList result;
  std::string end = prefixEnd(prefix);
  // Fetch in pages so a selective filter with a limit still fills the page.
  std::int64_t pageSize = options.limit > 0 ? std::max<std::int64_t>(options.limit, 100) : 0;
  while (true) {
    count("list", type);
    auto page = etcd_.list(start, end, pageSize, revision);
    if (!page) {
      if (page.status().code() == StatusCode::Gone) {
        std::string why = options.continueToken.empty()
                              ? "The resourceVersion for the provided list is too old."
                              : "The provided continue parameter is too old to display a consistent list result. "
                                "You can start a new list without the continue parameter.";
        return ApiResult<ObjectList>::failure(gone(why));
      }
      return ApiResult<ObjectList>::failure(fromStatus(page.status()));
    }
    revision = page->revision;
    for (std::size_t i = 0; i < page->kvs.size(); ++i) {
      const EtcdKeyValue& kv = page->kvs[i];
      auto object = decodeStoredObject(type, kv.value, kv.modRevision);
      if (!object || (options.matches && !options.matches(*object))) continue;
      result.items.push_back(std::move(*object));
      bool pageFull = options.limit > 0 && static_cast<std::int64_t>(result.items.size()) >= options.limit;
      bool keysLeft = i + 1 < page->kvs.size() || page->more;
      if (pageFull) {
        if (keysLeft) {
          result.continueToken = encodeContinue(revision, kv.key + std::string(1, '\0'));
          if (!options.matches) {
            std::int64_t seen = static_cast<std::int64_t>(i) + 1;
            result.remainingItemCount = page->count - seen;
          }
        }
        result.revision = revision;
        return ApiResult<ObjectList>::success(std::move(result));
      }
    }
    if (!page->more || page->kvs.empty()) break;
    start = page->kvs.back().key + std::string(1, '\0');
  }
  result.revision = revision;
  return ApiResult<ObjectList>::success(std::move(result));
}

ApiResult<Object> ObjectStorage::create(const api::ResourceType& type, Object object) {
  std::string name = api::name(object);
  count("create", type);
  auto revision = etcd_.create(key(type, api::namespaceOf(object), name), encodeStoredObject(type, object));
  if (!revision) return ApiResult<Object>::failure(storeError(type, name, revision.status()));
  api::ensureObject(object, "metadata")["resourceVersion"] = std::to_string(*revision);
  return ApiResult<Object>::success(std::move(object));
}

ApiResult<Object> ObjectStorage::update(const api::ResourceType& type, Object object, std::int64_t expectedRevision) {
  std::string name = api::name(object);
  count("update", type);
  auto revision = etcd_.update(key(type, api::namespaceOf(object), name), encodeStoredObject(type, object), expectedRevision);
  if (!revision) return ApiResult<Object>::failure(storeError(type, name, revision.status()));
  api::ensureObject(object, "metadata")["resourceVersion"] = std::to_string(*revision);
  return ApiResult<Object>::success(std::move(object));
}

ApiResult<Object> ObjectStorage::remove(const api::ResourceType& type, const Object& current,
                                        std::int64_t expectedRevision) {
  std::string name = api::name(current);
  count("delete", type);
  auto revision = etcd_.remove(key(type, api::namespaceOf(current), name), expectedRevision);
  if (!revision) return ApiResult<Object>::failure(storeError(type, name, revision.status()));
  Object deleted = current;
  api::ensureObject(deleted, "metadata")["resourceVersion"] = std::to_string(*revision);
  return ApiResult<Object>::success(std::move(deleted));
}

ApiResult<Object> ObjectStorage::guaranteedUpdate(const api::ResourceType& type, const std::string& ns,
                                                  const std::string& name, const Mutation& mutate) {
  for (int attempt = 0; attempt < maximumUpdateAttempts; ++attempt) {
    auto current = get(type, ns, name);
    if (!current.ok()) return current;
    std::int64_t revision = parseRevision(api::resourceVersion(*current.value));
    std::string before = encodeStoredObject(type, *current.value);
    auto updated = mutate(std::move(*current.value));
    if (!updated.ok()) return updated;
    // Like Kubernetes, an update that changes nothing writes nothing and keeps the resourceVersion.
    if (encodeStoredObject(type, *updated.value) == before) {
      api::ensureObject(*updated.value, "metadata")["resourceVersion"] = std::to_string(revision);
      return updated;
    }
    auto written = update(type, std::move(*updated.value), revision);
    if (written.ok() || written.error.reason != "Conflict") return written;
  }
  return ApiResult<Object>::failure(conflict(qualifiedResource(type), type.group, type.plural, name,
                                             "the object kept changing; please try again"));
}

}  // namespace kubelab::apiserver

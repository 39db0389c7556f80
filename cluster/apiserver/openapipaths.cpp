#include "apiserver/openapipaths.h"

#include <cctype>
#include <map>
#include <string_view>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

namespace kubelab::apiserver::openapi {
namespace {

constexpr const char* kStatusSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
constexpr const char* kDeleteOptionsSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
constexpr const char* kPatchSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

struct ParameterSpec {
  const char* type;
  const char* description;
};

// The query parameters our operations accept, described for people reading the document.
const std::map<std::string_view, ParameterSpec>& queryParameterSpecs() {
  static const std::map<std::string_view, ParameterSpec> specs{
      {"allowWatchBookmarks",
       {"boolean", "Asks a watch to send BOOKMARK events now and then, which carry only a resourceVersion, so a "
                   "client can resume from a recent point. Ignored when not watching."}},
      {"continue",
       {"string", "The token from the previous page of a paged list; the server carries on from where that page "
                  "ended. An expired token answers 410 Gone."}},
      {"dryRun",
       {"string", "When set to All, the request is checked, defaulted and admitted as usual but nothing is "
                  "stored. Any other value is refused."}},
      {"fieldManager",
       {"string", "Names the actor making this change, for the record of which manager owns which fields. "
                  "kubectl sends names such as kubectl-create or kubectl-client-side-apply."}},
      {"fieldSelector", {"string", "Keeps only objects whose fields match, for example status.phase=Running."}},
      {"fieldValidation",
       {"string", "What the server does with fields it does not know or that appear twice in the object: Ignore "
                  "drops them silently, Warn drops them and returns a warning for each, and Strict refuses the "
                  "request. kubectl sends Strict by default."}},
      {"force",
       {"boolean", "For apply patches only: take ownership of fields that other managers own instead of failing "
                   "with a conflict."}},
      {"gracePeriodSeconds",
       {"integer", "How many seconds the object gets to shut down before it is removed; 0 deletes at once. "
                   "Unset means the object's own default."}},
      {"labelSelector", {"string", "Keeps only objects whose labels match, for example app=web,tier!=cache."}},
      {"limit",
       {"integer", "The most objects to return in one answer. When more remain, the list's metadata carries a "
                   "continue token for the next page."}},
      {"orphanDependents",
       {"boolean", "Deprecated in favour of propagationPolicy: true leaves the objects this one owns in place."}},
      {"propagationPolicy",
       {"string", "What happens to the objects this one owns: Orphan leaves them, Background deletes them after "
                  "this one, Foreground deletes them before this one disappears."}},
      {"resourceVersion",
       {"string", "Which version of the data the answer may reflect; see resourceVersionMatch. For a watch, "
                  "events after this version are sent."}},
      {"resourceVersionMatch",
       {"string", "How resourceVersion is applied to a list: Exact reads at that version, NotOlderThan at that "
                  "version or newer."}},
      {"sendInitialEvents",
       {"boolean", "For a watch: first send the current objects as ADDED events, then a bookmark, then changes."}},
      {"timeoutSeconds", {"integer", "Ends a list or watch call after this many seconds."}},
      {"watch",
       {"boolean", "Turns the list into a stream of ADDED, MODIFIED and DELETED events. Deprecated in favour of "
                   "the watch paths."}},
      {"container", {"string", "Which container of the pod to read; needed only when the pod has several."}},
      {"follow", {"boolean", "Keep the stream open and send new log lines as they are written."}},
      {"limitBytes", {"integer", "Stop after about this many bytes of log."}},
      {"previous", {"boolean", "Read the log of the container's previous run, after a restart."}},
      {"sinceSeconds", {"integer", "Only lines written during the last this many seconds."}},
      {"tailLines", {"integer", "Only this many lines from the end of the log."}},
      {"timestamps", {"boolean", "Begin every line with the time it was written (RFC 3339)."}},
  };
  return specs;
}

const std::vector<std::string>& listParameters() {
  static const std::vector<std::string> names{
      "allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
      "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"};
  return names;
}
const std::vector<std::string>& writeParameters() {
  static const std::vector<std::string> names{"dryRun", "fieldManager", "fieldValidation"};
  return names;
}
const std::vector<std::string>& patchParameters() {
  static const std::vector<std::string> names{"dryRun", "fieldManager", "fieldValidation", "force"};
  return names;
}
const std::vector<std::string>& deleteParameters() {
  static const std::vector<std::string> names{"dryRun", "gracePeriodSeconds", "orphanDependents",
                                              "propagationPolicy"};
  return names;
}
std::vector<std::string> deleteCollectionParameters() {
  std::vector<std::string> names = deleteParameters();
  for (const std::string& name : listParameters()) {
    if (name != "allowWatchBookmarks" && name != "watch") names.push_back(name);
  }
  return names;
}

// "rbac.authorization.k8s.io" -> "RbacAuthorization", "" -> "Core", for operation ids.
std::string groupWord(const std::string& group) {
  if (group.empty()) return "Core";
  std::string name = group;
  if (const auto suffix = name.find(".k8s.io"); suffix != std::string::npos) name.erase(suffix);
  std::string word;
  bool upper = true;
  for (char c : name) {
    if (c == '.') {
      upper = true;
      continue;
    }
    word += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return word;
}

std::string capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// "core_v1", "apps_v1", "rbacAuthorization_v1", as Kubernetes tags operations.
std::string tagOf(const api::ResourceType& type) {
  std::string word = groupWord(type.group);
  word[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[0])));
  return word + "_" + type.version;
}

class PathBuilder {
 public:
  PathBuilder(const api::ResourceType& type, const SchemaCatalog& catalog) : type_(type) {
    const GroupVersionKind gvk{type.group, type.version, type.kind};
    const SchemaDefinition* schema = catalog.findKind(gvk);
    kindSchema_ = schema != nullptr ? schema->name : "";
    kindGvk_ = gvk;
    prefix_ = "/" + groupVersionPath(type);
    idStem_ = groupWord(type.group) + capitalized(type.version);
  }

  std::vector<PathSpec> build() {
    std::vector<PathSpec> paths;
    const std::string scope = type_.namespaced ? "Namespaced" : "";
    const std::string collectionPath =
        prefix_ + (type_.namespaced ? "/namespaces/{namespace}/" : "/") + type_.plural;
    PathSpec collection{collectionPath, type_.namespaced, false, {}};
    if (type_.hasVerb("list")) {
      collection.operations.push_back(operation("get", "list", "list" + idStem_ + scope + type_.kind,
                                                "List or watch objects of kind " + type_.kind + ".",
                                                listParameters(), "", kindSchema_ + "List"));
    }
    if (type_.hasVerb("create")) {
      OperationSpec create = operation("post", "post", "create" + idStem_ + scope + type_.kind,
                                       "Create a " + type_.kind + ".", writeParameters(), kindSchema_, kindSchema_);
      create.created = true;
      collection.operations.push_back(std::move(create));
    }
    if (type_.hasVerb("deletecollection")) {
      collection.operations.push_back(operation("delete", "deletecollection",
                                                "delete" + idStem_ + "Collection" + scope + type_.kind,
                                                "Delete every " + type_.kind + " that the selectors match.",
                                                deleteCollectionParameters(), kDeleteOptionsSchema, kStatusSchema));
    }
    if (!collection.operations.empty()) paths.push_back(std::move(collection));
    addItemPaths(collectionPath + "/{name}", scope, paths);
    if (type_.namespaced && type_.hasVerb("list")) {
      PathSpec everywhere{prefix_ + "/" + type_.plural, false, false, {}};
      everywhere.operations.push_back(operation("get", "list", "list" + idStem_ + type_.kind + "ForAllNamespaces",
                                                "List or watch objects of kind " + type_.kind +
                                                    " in every namespace.",
                                                listParameters(), "", kindSchema_ + "List"));
      paths.push_back(std::move(everywhere));
    }
    return paths;
  }

 private:
  OperationSpec operation(std::string method, std::string action, std::string operationId, std::string description,
                          const std::vector<std::string>& parameters, std::string request, std::string response) const {
    OperationSpec spec;
    spec.method = std::move(method);
    spec.action = std::move(action);
    spec.operationId = std::move(operationId);
    spec.description = std::move(description);
    spec.queryParameters = parameters;
    spec.requestSchema = std::move(request);
    spec.responseSchema = std::move(response);
    spec.groupVersionKind = kindGvk_;
    spec.tag = tagOf(type_);
    return spec;
  }

  // Reading, replacing and patching one object (or one of its subresources) share a shape.
  void addReadWrite(PathSpec& path, const std::string& idSuffix, const std::string& what,
                    const std::string& schema, const GroupVersionKind& gvk) const {
    OperationSpec read = operation("get", "get", "read" + idSuffix, "Read the " + what + ".", {}, "", schema);
    OperationSpec replace =
        operation("put", "put", "replace" + idSuffix, "Replace the " + what + ".", writeParameters(), schema, schema);
    replace.created = true;
    OperationSpec patch = operation("patch", "patch", "patch" + idSuffix, "Partially update the " + what + ".",
                                    patchParameters(), kPatchSchema, schema);
    patch.created = true;
    // Strategic merge patches are accepted by the server but deliberately not advertised: kubectl
    // would then compute them from these schemas, which describe only the commonly used fields,
    // instead of from the complete types compiled into it.
    patch.consumes = {"application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"};
    for (auto [spec, verb] : {std::pair{&read, "get"}, std::pair{&replace, "update"}, std::pair{&patch, "patch"}}) {
      spec->groupVersionKind = gvk;
      if (type_.hasVerb(verb)) path.operations.push_back(std::move(*spec));
    }
  }

  void addItemPaths(const std::string& itemPath, const std::string& scope, std::vector<PathSpec>& paths) const {
    const std::string id = idStem_ + scope + type_.kind;
    PathSpec item{itemPath, type_.namespaced, true, {}};
    addReadWrite(item, id, "specified " + type_.kind, kindSchema_, kindGvk_);
    if (type_.hasVerb("delete")) {
      OperationSpec remove = operation("delete", "delete", "delete" + id, "Delete a " + type_.kind + ".",
                                       deleteParameters(), kDeleteOptionsSchema, kStatusSchema);
      remove.created = true;
      item.operations.push_back(std::move(remove));
    }
    if (!item.operations.empty()) paths.push_back(std::move(item));

    for (const std::string& subresource : type_.subresources) {
      PathSpec sub{itemPath + "/" + subresource, type_.namespaced, true, {}};
      const std::string subId = id + capitalized(subresource);
      if (subresource == "status") {
        addReadWrite(sub, subId, "status of the specified " + type_.kind, kindSchema_, kindGvk_);
      } else if (subresource == "scale") {
        addReadWrite(sub, subId, "scale of the specified " + type_.kind, "io.k8s.api.autoscaling.v1.Scale",
                     {"autoscaling", "v1", "Scale"});
      } else if (subresource == "binding" || subresource == "eviction") {
        const bool binding = subresource == "binding";
        OperationSpec create = operation(
            "post", "post", "create" + subId,
            binding ? "Bind the pod to a node." : "Evict the pod, if its disruption budget allows.",
            writeParameters(), binding ? "io.k8s.api.core.v1.Binding" : "io.k8s.api.policy.v1.Eviction",
            binding ? "io.k8s.api.core.v1.Binding" : "io.k8s.api.policy.v1.Eviction");
        create.created = true;
        create.groupVersionKind = binding ? GroupVersionKind{"", "v1", "Binding"}
                                          : GroupVersionKind{"policy", "v1", "Eviction"};
        sub.operations.push_back(std::move(create));
      } else if (subresource == "log") {
        sub.operations.push_back(operation(
            "get", "get", "read" + subId, "Read the log of a container of the pod.",
            {"container", "follow", "limitBytes", "previous", "sinceSeconds", "tailLines", "timestamps"}, "", ""));
      } else if (subresource == "finalize") {
        sub.operations.push_back(operation("put", "put", "replace" + subId,
                                           "Replace the finalizers of the specified " + type_.kind + ".",
                                           writeParameters(), kindSchema_, kindSchema_));
      }
      if (!sub.operations.empty()) paths.push_back(std::move(sub));
    }
  }

  const api::ResourceType& type_;
  std::string kindSchema_;
  GroupVersionKind kindGvk_;
  std::string prefix_;
  std::string idStem_;
};

boost::json::object queryParameter(const std::string& name, OpenApiVersion version) {
  const auto& specs = queryParameterSpecs();
  const auto spec = specs.find(name);
  const char* type = spec == specs.end() ? "string" : spec->second.type;
  boost::json::object parameter{{"name", name}, {"in", "query"}};
  if (spec != specs.end()) parameter["description"] = spec->second.description;
  if (version == OpenApiVersion::V3) {
    parameter["schema"] = boost::json::object{{"type", type}, {"uniqueItems", true}};
  } else {
    parameter["type"] = type;
    parameter["uniqueItems"] = true;
  }
  return parameter;
}

boost::json::object pathParameter(const char* name, const char* description, OpenApiVersion version) {
  boost::json::object parameter{{"name", name}, {"in", "path"}, {"required", true}, {"description", description}};
  if (version == OpenApiVersion::V3) {
    parameter["schema"] = boost::json::object{{"type", "string"}, {"uniqueItems", true}};
  } else {
    parameter["type"] = "string";
    parameter["uniqueItems"] = true;
  }
  return parameter;
}

boost::json::object gvkObject(const GroupVersionKind& gvk) {
  return {{"group", gvk.group}, {"kind", gvk.kind}, {"version", gvk.version}};
}

boost::json::object schemaReference(const std::string& schema, OpenApiVersion version) {
  if (schema.empty()) return {{"type", "string"}};
  return {{"$ref", referenceTo(schema, version)}};
}

boost::json::object renderResponses(const OperationSpec& operation, OpenApiVersion version) {
  boost::json::object responses;
  std::vector<const char*> codes{"200"};
  if (operation.created) codes.push_back(operation.method == "delete" ? "202" : "201");
  const char* mediaType = operation.responseSchema.empty() ? "text/plain" : "application/json";
  for (const char* code : codes) {
    boost::json::object response{{"description", code == std::string_view("201") ? "Created"
                                                 : code == std::string_view("202") ? "Accepted"
                                                                                   : "OK"}};
    if (version == OpenApiVersion::V3) {
      response["content"] =
          boost::json::object{{mediaType, boost::json::object{{"schema", schemaReference(operation.responseSchema, version)}}}};
    } else {
      response["schema"] = schemaReference(operation.responseSchema, version);
    }
    responses[code] = std::move(response);
  }
  responses["401"] = boost::json::object{{"description", "Unauthorized"}};
  return responses;
}

boost::json::object renderOperation(const OperationSpec& operation, OpenApiVersion version) {
  boost::json::object rendered{{"tags", boost::json::array{boost::json::value(operation.tag)}},
                               {"description", operation.description},
                               {"operationId", operation.operationId},
                               {"x-kubernetes-action", operation.action},
                               {"x-kubernetes-group-version-kind", gvkObject(operation.groupVersionKind)}};
  boost::json::array parameters;
  // kubectl looks for fieldValidation by name among the operation's own parameters, so every
  // parameter is written out here rather than referenced from a shared list.
  for (const std::string& name : operation.queryParameters) parameters.push_back(queryParameter(name, version));
  const std::vector<std::string> consumes =
      operation.consumes.empty() ? std::vector<std::string>{"*/*"} : operation.consumes;
  if (version == OpenApiVersion::V3) {
    if (!operation.requestSchema.empty()) {
      boost::json::object content;
      for (const std::string& mediaType : consumes) {
        content[mediaType] = boost::json::object{{"schema", schemaReference(operation.requestSchema, version)}};
      }
      boost::json::object body{{"content", std::move(content)}};
      if (operation.method != "delete") body["required"] = true;
      rendered["requestBody"] = std::move(body);
    }
  } else {
    if (!operation.requestSchema.empty()) {
      boost::json::array mediaTypes;
      for (const std::string& mediaType : consumes) mediaTypes.emplace_back(mediaType);
      rendered["consumes"] = std::move(mediaTypes);
      parameters.insert(parameters.begin(),
                        boost::json::object{{"name", "body"},
                                            {"in", "body"},
                                            {"required", operation.method != "delete"},
                                            {"schema", schemaReference(operation.requestSchema, version)}});
    }
    rendered["produces"] = boost::json::array{operation.responseSchema.empty() ? "text/plain" : "application/json"};
    rendered["schemes"] = boost::json::array{"https"};
  }
  if (!parameters.empty()) rendered["parameters"] = std::move(parameters);
  rendered["responses"] = renderResponses(operation, version);
  return rendered;
}

}  // namespace

std::string groupVersionPath(const api::ResourceType& type) {
  return type.group.empty() ? "api/" + type.version : "apis/" + type.group + "/" + type.version;
}

std::vector<PathSpec> pathsOf(const api::ResourceType& type, const SchemaCatalog& catalog) {
  return PathBuilder(type, catalog).build();
}

std::vector<std::string> schemasNamedBy(const std::vector<PathSpec>& paths) {
  std::vector<std::string> names;
  for (const PathSpec& path : paths) {
    for (const OperationSpec& operation : path.operations) {
      for (const std::string* name : {&operation.requestSchema, &operation.responseSchema}) {
        if (!name->empty()) names.push_back(*name);
      }
    }
  }
  return names;
}

boost::json::object renderPathItem(const PathSpec& path, OpenApiVersion version) {
  boost::json::object item;
  for (const OperationSpec& operation : path.operations) item[operation.method] = renderOperation(operation, version);
  boost::json::array parameters;
  if (path.hasName) parameters.push_back(pathParameter("name", "The name of the object.", version));
  if (path.hasNamespace) {
    parameters.push_back(pathParameter("namespace", "The namespace the objects live in.", version));
  }
  boost::json::object pretty = queryParameter("pretty", version);
  pretty["description"] = "When true, the answer is indented for people to read.";
  parameters.push_back(std::move(pretty));
  item["parameters"] = std::move(parameters);
  return item;
}

}  // namespace kubelab::apiserver::openapi

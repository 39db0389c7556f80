#include "controllers/controllerref.h"

#include "api/objectmeta.h"

namespace kubelab::controllers {

std::optional<OwnerReference> controllerOf(const boost::json::object& object) {
  const auto* references = api::arrayAt(object, {"metadata", "ownerReferences"});
  if (!references) return std::nullopt;
  for (const auto& entry : *references) {
    if (!entry.is_object()) continue;
    const auto& reference = entry.get_object();
    if (!api::booleanAt(reference, {"controller"})) continue;
    return OwnerReference{api::stringAt(reference, {"apiVersion"}), api::stringAt(reference, {"kind"}),
                          api::stringAt(reference, {"name"}), api::stringAt(reference, {"uid"}), true,
                          api::booleanAt(reference, {"blockOwnerDeletion"})};
  }
  return std::nullopt;
}

bool isControlledBy(const boost::json::object& object, std::string_view ownerUid) {
  auto reference = controllerOf(object);
  return reference && reference->uid == ownerUid;
}

boost::json::object controllerReferenceTo(const boost::json::object& owner, std::string_view apiVersion,
                                          std::string_view kind) {
  return {{"apiVersion", apiVersion},
          {"kind", kind},
          {"name", api::name(owner)},
          {"uid", api::uid(owner)},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

}  // namespace kubelab::controllers

#pragma once
// ownerReferences as controllers use them: the one controller reference (controller: true) that
// says who manages an object, and building one for objects a controller creates.

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kubelab::controllers {

struct OwnerReference {
  std::string apiVersion;
  std::string kind;
  std::string name;
  std::string uid;
  bool controller = false;
  bool blockOwnerDeletion = false;
};

// The controller reference of `object`, if it has one.
std::optional<OwnerReference> controllerOf(const boost::json::object& object);
// Whether `object` is controlled by the owner with this uid.
bool isControlledBy(const boost::json::object& object, std::string_view ownerUid);
// {apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true} for `owner`.
boost::json::object controllerReferenceTo(const boost::json::object& owner, std::string_view apiVersion,
                                          std::string_view kind);

}  // namespace kubelab::controllers

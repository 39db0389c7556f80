#include "api/patchvalues.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>

namespace kubelab::api {

namespace {

bool isInteger(const boost::json::value& value) { return value.is_int64() || value.is_uint64(); }

bool integersEqual(const boost::json::value& left, const boost::json::value& right) {
  if (left.is_int64() && right.is_int64()) return left.get_int64() == right.get_int64();
  if (left.is_uint64() && right.is_uint64()) return left.get_uint64() == right.get_uint64();
  const boost::json::value& signedOne = left.is_int64() ? left : right;
  const boost::json::value& unsignedOne = left.is_int64() ? right : left;
  return signedOne.get_int64() >= 0 && static_cast<std::uint64_t>(signedOne.get_int64()) == unsignedOne.get_uint64();
}

}  // namespace

bool jsonEqual(const boost::json::value& left, const boost::json::value& right) {
  if (isInteger(left) && isInteger(right)) return integersEqual(left, right);
  if (left.kind() != right.kind()) return false;
  switch (left.kind()) {
    case boost::json::kind::null:
      return true;
    case boost::json::kind::bool_:
      return left.get_bool() == right.get_bool();
    case boost::json::kind::double_:
      return left.get_double() == right.get_double();
    case boost::json::kind::string:
      return left.get_string() == right.get_string();
    case boost::json::kind::array: {
      const boost::json::array& leftArray = left.get_array();
      const boost::json::array& rightArray = right.get_array();
      if (leftArray.size() != rightArray.size()) return false;
      for (std::size_t i = 0; i < leftArray.size(); ++i) {
        if (!jsonEqual(leftArray[i], rightArray[i])) return false;
      }
      return true;
    }
    case boost::json::kind::object: {
      const boost::json::object& leftObject = left.get_object();
      const boost::json::object& rightObject = right.get_object();
      if (leftObject.size() != rightObject.size()) return false;
      for (const auto& entry : leftObject) {
        const boost::json::value* other = rightObject.if_contains(entry.key());
        if (other == nullptr || !jsonEqual(entry.value(), *other)) return false;
      }
      return true;
    }
    default:
      return false;  // integers were handled above
  }
}

void removeNullMembers(boost::json::value& value) {
  if (boost::json::object* object = value.if_object()) {
    for (auto it = object->begin(); it != object->end();) {
      if (it->value().is_null()) {
        it = object->stable_erase(it);
      } else {
        removeNullMembers(it->value());
        ++it;
      }
    }
  } else if (boost::json::array* array = value.if_array()) {
    for (boost::json::value& element : *array) removeNullMembers(element);
  }
}

std::string_view jsonKindName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "null";
}

}  // namespace kubelab::api

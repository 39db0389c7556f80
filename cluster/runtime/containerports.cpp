#include "runtime/containerports.h"

#include <cstdlib>
#include <string>

#include "api/objectmeta.h"

namespace kubelab::runtime {

int containerPortNumber(const boost::json::object& container, const boost::json::value* port) {
  if (!port) return 0;
  if (port->is_number()) {
    boost::system::error_code error;
    int number = port->to_number<int>(error);
    return error ? 0 : number;
  }
  if (!port->is_string()) return 0;
  if (const auto* ports = api::arrayAt(container, {"ports"})) {
    for (const auto& entry : *ports) {
      if (entry.is_object() && api::stringAt(entry.get_object(), {"name"}) == port->as_string()) {
        return static_cast<int>(api::integerAt(entry.get_object(), {"containerPort"}));
      }
    }
  }
  return std::atoi(std::string(port->as_string()).c_str());
}

}  // namespace kubelab::runtime

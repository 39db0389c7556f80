#include "supervisor/statusfile.h"

#include <boost/json.hpp>

#include "supervisor/jsonfile.h"

namespace kubelab::supervisor {

namespace json = boost::json;

namespace {

std::string stringField(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

int intField(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_int64() ? static_cast<int>(value->as_int64()) : 0;
}

json::object componentToJson(const ComponentStatus& component) {
  json::object object;
  object["name"] = component.name;
  object["state"] = componentStateName(component.state);
  object["pid"] = component.pid;
  object["restarts"] = component.restarts;
  object["endpoint"] = component.endpoint;
  object["lastExit"] = component.lastExit;
  object["message"] = component.message;
  object["stoppedByUser"] = component.stoppedByUser;
  return object;
}

Result<ComponentStatus> componentFromJson(const json::value& value) {
  const json::object* object = value.if_object();
  if (object == nullptr) return invalid("a component is not a JSON object");
  ComponentStatus component;
  component.name = stringField(*object, "name");
  std::optional<ComponentState> state = parseComponentState(stringField(*object, "state"));
  if (component.name.empty() || !state) return invalid("a component has no name or no known state");
  component.state = *state;
  component.pid = intField(*object, "pid");
  component.restarts = intField(*object, "restarts");
  component.endpoint = stringField(*object, "endpoint");
  component.lastExit = stringField(*object, "lastExit");
  component.message = stringField(*object, "message");
  const json::value* stoppedByUser = object->if_contains("stoppedByUser");
  component.stoppedByUser = stoppedByUser != nullptr && stoppedByUser->is_bool() && stoppedByUser->as_bool();
  return component;
}

}  // namespace

Result<StatusFile> readStatusFile(const std::filesystem::path& file) {
  Result<json::value> value = readJsonFile(file);
  if (!value) return value.status();
  const json::object* object = value->if_object();
  if (object == nullptr) return invalid(file.string() + " is not a JSON object");
  StatusFile status;
  status.supervisorPid = intField(*object, "supervisorPid");
  std::optional<SupervisorPhase> phase = parseSupervisorPhase(stringField(*object, "phase"));
  if (!phase) return invalid(file.string() + " has no known phase");
  status.snapshot.phase = *phase;
  status.snapshot.message = stringField(*object, "message");
  if (const json::value* components = object->if_contains("components"); components && components->is_array()) {
    for (const json::value& entry : components->as_array()) {
      Result<ComponentStatus> component = componentFromJson(entry);
      if (!component) return invalid(file.string() + ": " + component.status().message());
      status.snapshot.components.push_back(std::move(component).value());
    }
  }
  return status;
}

Status writeStatusFile(const std::filesystem::path& file, const StatusFile& status) {
  json::array components;
  for (const ComponentStatus& component : status.snapshot.components) components.push_back(componentToJson(component));
  json::object object;
  object["supervisorPid"] = status.supervisorPid;
  object["phase"] = supervisorPhaseName(status.snapshot.phase);
  object["message"] = status.snapshot.message;
  object["components"] = std::move(components);
  return writeJsonFileAtomically(file, object);
}

}  // namespace kubelab::supervisor

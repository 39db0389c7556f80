#include "supervisor/supervisorstatus.h"

#include <array>
#include <utility>

namespace kubelab::supervisor {

namespace {

constexpr std::array<std::pair<ComponentState, const char*>, 5> kComponentStateNames{{
    {ComponentState::Stopped, "stopped"},
    {ComponentState::Starting, "starting"},
    {ComponentState::Running, "running"},
    {ComponentState::BackingOff, "back-off"},
    {ComponentState::Failed, "failed"},
}};

constexpr std::array<std::pair<SupervisorPhase, const char*>, 6> kPhaseNames{{
    {SupervisorPhase::Idle, "Idle"},
    {SupervisorPhase::Starting, "Starting"},
    {SupervisorPhase::Running, "Running"},
    {SupervisorPhase::Failed, "Failed"},
    {SupervisorPhase::Stopping, "Stopping"},
    {SupervisorPhase::Stopped, "Stopped"},
}};

template <typename Enum, std::size_t Size>
const char* nameOf(const std::array<std::pair<Enum, const char*>, Size>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t Size>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char*>, Size>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace

const char* componentStateName(ComponentState state) { return nameOf(kComponentStateNames, state); }
std::optional<ComponentState> parseComponentState(std::string_view name) { return valueOf(kComponentStateNames, name); }
const char* supervisorPhaseName(SupervisorPhase phase) { return nameOf(kPhaseNames, phase); }
std::optional<SupervisorPhase> parseSupervisorPhase(std::string_view name) { return valueOf(kPhaseNames, name); }

}  // namespace kubelab::supervisor

#include "kubelet/remotecommand.h"

#include <vector>

namespace kubelab::kubelet::remotecommand {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string negotiateProtocol(std::string_view offered) {
  std::vector<std::string_view> protocols;
  while (!offered.empty()) {
    auto comma = offered.find(',');
    protocols.push_back(trim(offered.substr(0, comma)));
    offered = comma == std::string_view::npos ? std::string_view() : offered.substr(comma + 1);
  }
  // The client lists what it prefers first; take the first one we speak.
  for (std::string_view protocol : protocols) {
    if (protocol == kProtocolV5 || protocol == kProtocolV4) return std::string(protocol);
  }
  return {};
}

std::string frame(Channel channel, std::string_view payload) {
  std::string message;
  message.reserve(payload.size() + 1);
  message += static_cast<char>(channel);
  message += payload;
  return message;
}

std::optional<Message> parse(std::string message) {
  if (message.empty()) return std::nullopt;
  Message parsed;
  parsed.channel = static_cast<std::uint8_t>(message.front());
  parsed.payload = message.substr(1);
  return parsed;
}

std::string closeSignal(Channel channel) {
  std::string message;
  message += static_cast<char>(Close);
  message += static_cast<char>(channel);
  return message;
}

boost::json::object exitStatus(int exitCode) {
  if (exitCode == 0) return {{"metadata", boost::json::object{}}, {"status", "Success"}};
  return {{"metadata", boost::json::object{}},
          {"status", "Failure"},
          {"message", "command terminated with non-zero exit code: exit status " + std::to_string(exitCode)},
          {"reason", "NonZeroExitCode"},
          {"details",
           {{"causes", boost::json::array{{{"reason", "ExitCode"}, {"message", std::to_string(exitCode)}}}}}}};
}

boost::json::object internalErrorStatus(const std::string& message) {
  return {{"metadata", boost::json::object{}},
          {"status", "Failure"},
          {"message", "Internal error occurred: " + message},
          {"reason", "InternalError"},
          {"details", {{"causes", boost::json::array{{{"message", message}}}}}},
          {"code", 500}};
}

}  // namespace kubelab::kubelet::remotecommand

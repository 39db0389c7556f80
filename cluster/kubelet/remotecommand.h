#pragma once
// The WebSocket streaming protocol of `kubectl exec` (k8s.io/apimachinery's wsstream and
// remotecommand): each binary message starts with a channel byte, 0 stdin, 1 stdout,
// 2 stderr, 3 error (the command's end as a metav1.Status), 4 resize (terminal size, JSON).
// v5.channel.k8s.io adds 255, a close signal whose payload is the channel being closed, so a
// client can end stdin (`kubectl exec -i pod -- cat`) without closing the connection.

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubelab::kubelet::remotecommand {

inline constexpr const char* kProtocolV5 = "v5.channel.k8s.io";
inline constexpr const char* kProtocolV4 = "v4.channel.k8s.io";

enum Channel : std::uint8_t { Stdin = 0, Stdout = 1, Stderr = 2, Error = 3, Resize = 4, Close = 255 };

// The protocol to answer with for a Sec-WebSocket-Protocol request header (comma-separated,
// in the client's order of preference), from those we speak: v5, then v4. "" when none.
std::string negotiateProtocol(std::string_view offered);

// One message: the channel byte, then the payload.
std::string frame(Channel channel, std::string_view payload);

struct Message {
  std::uint8_t channel = 0;
  std::string payload;
};
// nullopt for an empty message (no channel byte).
std::optional<Message> parse(std::string message);

// v5's close signal for a channel.
std::string closeSignal(Channel channel);

// The error channel's last word, as the kubelet writes it: Success, or a Failure with reason
// NonZeroExitCode whose ExitCode cause carries the code (kubectl exits with it and prints
// "command terminated with exit code N").
boost::json::object exitStatus(int exitCode);
// A failure to run the command at all (InternalError, 500).
boost::json::object internalErrorStatus(const std::string& message);

}  // namespace kubelab::kubelet::remotecommand

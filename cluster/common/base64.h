#pragma once
// Standard base64 (RFC 4648 with padding), as etcd's JSON API encodes keys and values.

#include <optional>
#include <string>
#include <string_view>

namespace kubelab {

std::string base64Encode(std::string_view bytes);
// std::nullopt when the input is not valid base64.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace kubelab

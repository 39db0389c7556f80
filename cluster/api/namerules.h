#pragma once
// The syntax rules Kubernetes applies to names, label keys and values, ports and keys, each
// returning Kubernetes' own explanation strings (empty when the value is valid). They are the
// building blocks of validation and of selector parsing.

#include <string>
#include <string_view>
#include <vector>

namespace kubelab::api {

using Explanations = std::vector<std::string>;

Explanations isDNS1123Label(std::string_view value);
Explanations isDNS1123Subdomain(std::string_view value);
Explanations isDNS1035Label(std::string_view value);
// A label key or annotation key: an optional DNS subdomain prefix, "/", and a name part.
Explanations isQualifiedName(std::string_view value);
Explanations isValidLabelValue(std::string_view value);
Explanations isConfigMapKey(std::string_view value);
Explanations isValidPortName(std::string_view value);
Explanations isValidPortNumber(std::int64_t port);
Explanations isValidPercent(std::string_view value);
// A name usable in a URL path segment (RBAC names): not "." or "..", no "/" or "%".
Explanations isValidPathSegmentName(std::string_view value);

std::string maxLengthError(std::size_t length);
std::string inclusiveRangeError(std::int64_t low, std::int64_t high);

// The per-type name checks of Kubernetes' ObjectMeta validation. `prefix` is true for a
// generateName, which may end in a dash.
enum class NameRule { DNS1123Subdomain, DNS1123Label, DNS1035Label, PathSegment };
Explanations validateName(NameRule rule, std::string_view name, bool prefix);

}  // namespace kubelab::api

#include "api/namerules.h"

#include <cctype>
#include <cstdint>

namespace kubelab::api {
namespace {

constexpr std::string_view kDNS1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1123LabelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character";
constexpr std::string_view kDNS1123SubdomainFormat =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDNS1123SubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
    "and end with an alphanumeric character";
constexpr std::string_view kDNS1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1035LabelMessage =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, "
    "and end with an alphanumeric character";
constexpr std::string_view kQualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
constexpr std::string_view kLabelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueMessage =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character";
constexpr std::string_view kConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
constexpr std::string_view kConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

// Kubernetes' RegexError: the message, examples, and the regular expression it checks.
std::string regexError(std::string_view message, std::string_view format, std::initializer_list<std::string_view> examples) {
  std::string text(message);
  text += " (e.g. ";
  bool first = true;
  for (std::string_view example : examples) {
    if (!first) text += " or ";
    first = false;
    text += "'" + std::string(example) + "', ";
  }
  text += "regex used for validation is '" + std::string(format) + "')";
  return text;
}

bool isLowerAlphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool isAlphanumeric(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matchesDNS1123Label(std::string_view value) {
  if (value.empty() || !isLowerAlphanumeric(value.front()) || !isLowerAlphanumeric(value.back())) return false;
  for (char c : value) {
    if (!isLowerAlphanumeric(c) && c != '-') return false;
  }
  return true;
}

bool matchesDNS1123Subdomain(std::string_view value) {
  if (value.empty()) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = value.find('.', start);
    if (!matchesDNS1123Label(value.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matchesQualifiedNamePart(std::string_view value) {
  if (value.empty() || !isAlphanumeric(value.front()) || !isAlphanumeric(value.back())) return false;
  for (char c : value) {
    if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::string maxLengthError(std::size_t length) { return "must be no more than " + std::to_string(length) + " characters"; }

std::string inclusiveRangeError(std::int64_t low, std::int64_t high) {
  return "must be between " + std::to_string(low) + " and " + std::to_string(high) + ", inclusive";
}

Explanations isDNS1123Label(std::string_view value) {
  Explanations errors;
  if (value.size() > 63) errors.push_back(maxLengthError(63));
  if (!matchesDNS1123Label(value)) {
    if (matchesDNS1123Subdomain(value)) {
      errors.push_back("must not contain dots");
    } else {
      errors.push_back(regexError(kDNS1123LabelMessage, kDNS1123LabelFormat, {"my-name", "123-abc"}));
    }
  }
  return errors;
}

Explanations isDNS1123Subdomain(std::string_view value) {
  Explanations errors;
  if (value.size() > 253) errors.push_back(maxLengthError(253));
  if (!matchesDNS1123Subdomain(value)) {
    errors.push_back(regexError(kDNS1123SubdomainMessage, kDNS1123SubdomainFormat, {"example.com"}));
  }
  return errors;
}

Explanations isDNS1035Label(std::string_view value) {
  Explanations errors;
  if (value.size() > 63) errors.push_back(maxLengthError(63));
  bool matches = !value.empty() && value.front() >= 'a' && value.front() <= 'z' && matchesDNS1123Label(value);
  if (!matches) errors.push_back(regexError(kDNS1035LabelMessage, kDNS1035LabelFormat, {"my-name", "abc-123"}));
  return errors;
}

Explanations isQualifiedName(std::string_view value) {
  Explanations errors;
  std::string_view name = value;
  std::size_t slash = value.find('/');
  if (slash != std::string_view::npos && value.find('/', slash + 1) != std::string_view::npos) {
    errors.push_back("a qualified name " + regexError(kQualifiedNameMessage, kQualifiedNameFormat, {"MyName", "my.name", "123-abc"}) +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    return errors;
  }
  if (slash != std::string_view::npos) {
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errors.push_back("prefix part must be non-empty");
    } else {
      for (const std::string& message : isDNS1123Subdomain(prefix)) errors.push_back("prefix part " + message);
    }
  }
  if (name.empty()) {
    errors.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errors.push_back("name part " + maxLengthError(63));
  }
  if (!matchesQualifiedNamePart(name)) {
    errors.push_back("name part " + regexError(kQualifiedNameMessage, kQualifiedNameFormat, {"MyName", "my.name", "123-abc"}));
  }
  return errors;
}

Explanations isValidLabelValue(std::string_view value) {
  Explanations errors;
  if (value.size() > 63) errors.push_back(maxLengthError(63));
  if (!value.empty() && !matchesQualifiedNamePart(value)) {
    errors.push_back(regexError(kLabelValueMessage, kLabelValueFormat, {"MyValue", "my_value", "12345"}));
  }
  return errors;
}

Explanations isConfigMapKey(std::string_view value) {
  Explanations errors;
  if (value.size() > 253) errors.push_back(maxLengthError(253));
  bool matches = !value.empty();
  for (char c : value) matches = matches && (isAlphanumeric(c) || c == '-' || c == '_' || c == '.');
  if (!matches) errors.push_back(regexError(kConfigMapKeyMessage, kConfigMapKeyFormat, {"key.name", "KEY_NAME", "key-name"}));
  if (value == ".") {
    errors.push_back("must not be '.'");
  } else if (value == "..") {
    errors.push_back("must not be '..'");
  } else if (value.substr(0, 2) == "..") {
    errors.push_back("must not start with '..'");
  }
  return errors;
}

Explanations isValidPortName(std::string_view value) {
  Explanations errors;
  if (value.size() > 15) errors.push_back(maxLengthError(15));
  bool charset = !value.empty();
  bool hasLetter = false;
  for (char c : value) {
    charset = charset && (isLowerAlphanumeric(c) || c == '-');
    hasLetter = hasLetter || (c >= 'a' && c <= 'z');
  }
  if (!charset) errors.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!hasLetter) errors.push_back("must contain at least one letter (a-z)");
  if (value.find("--") != std::string_view::npos) errors.push_back("must not contain consecutive hyphens");
  if (!value.empty() && (value.front() == '-' || value.back() == '-')) errors.push_back("must not begin or end with a hyphen");
  return errors;
}

Explanations isValidPortNumber(std::int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return {inclusiveRangeError(1, 65535)};
}

Explanations isValidPercent(std::string_view value) {
  bool matches = value.size() >= 2 && value.back() == '%';
  for (std::size_t i = 0; matches && i + 1 < value.size(); ++i) {
    matches = std::isdigit(static_cast<unsigned char>(value[i])) != 0;
  }
  if (matches) return {};
  return {regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", {"1%", "93%"})};
}

Explanations isValidPathSegmentName(std::string_view value) {
  if (value == "." || value == "..") return {"may not be '" + std::string(value) + "'"};
  Explanations errors;
  for (std::string_view illegal : {"/", "%"}) {
    if (value.find(illegal) != std::string_view::npos) errors.push_back("may not contain '" + std::string(illegal) + "'");
  }
  return errors;
}

Explanations validateName(NameRule rule, std::string_view name, bool prefix) {
  std::string masked(name);
  // A generateName may end in '-'; Kubernetes checks it as if a letter followed.
  if (prefix && masked.size() > 1 && masked.back() == '-') masked.back() = 'a';
  switch (rule) {
    case NameRule::DNS1123Label: return isDNS1123Label(masked);
    case NameRule::DNS1035Label: return isDNS1035Label(masked);
    case NameRule::PathSegment: return isValidPathSegmentName(name);
    case NameRule::DNS1123Subdomain: break;
  }
  return isDNS1123Subdomain(masked);
}

}  // namespace kubelab::api

#include "http/urlquery.h"

namespace kubelab::http {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

}  // namespace

std::string percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string percentEncode(std::string_view text) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (isUnreserved(c)) {
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 15];
    }
  }
  return out;
}

UrlQuery UrlQuery::parse(std::string_view query) {
  UrlQuery result;
  while (!query.empty()) {
    auto end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    if (equals == std::string_view::npos) {
      result.entries_.emplace_back(percentDecode(pair), "");
    } else {
      result.entries_.emplace_back(percentDecode(pair.substr(0, equals)), percentDecode(pair.substr(equals + 1)));
    }
  }
  return result;
}

bool UrlQuery::has(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return true;
  }
  return false;
}

std::string UrlQuery::get(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return value;
  }
  return {};
}

std::vector<std::string> UrlQuery::all(std::string_view key) const {
  std::vector<std::string> values;
  for (const auto& [name, value] : entries_) {
    if (name == key) values.push_back(value);
  }
  return values;
}

void UrlQuery::add(std::string key, std::string value) { entries_.emplace_back(std::move(key), std::move(value)); }

std::string UrlQuery::encode() const {
  std::string out;
  for (const auto& [name, value] : entries_) {
    if (!out.empty()) out += '&';
    out += percentEncode(name) + "=" + percentEncode(value);
  }
  return out;
}

}  // namespace kubelab::http

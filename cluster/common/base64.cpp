#include "common/base64.h"

#include <array>
#include <cstdint>

namespace kubelab {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> makeDecodeTable() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr auto decodeTable = makeDecodeTable();

}  // namespace

std::string base64Encode(std::string_view bytes) {
  // Sized once and written through a pointer: the store and API server encode megabytes of it.
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  char* write = out.data();
  const auto* read = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t whole = bytes.size() / 3 * 3;
  for (std::size_t i = 0; i < whole; i += 3) {
    std::uint32_t group = (std::uint32_t{read[i]} << 16) | (std::uint32_t{read[i + 1]} << 8) | read[i + 2];
    *write++ = alphabet[(group >> 18) & 63];
    *write++ = alphabet[(group >> 12) & 63];
    *write++ = alphabet[(group >> 6) & 63];
    *write++ = alphabet[group & 63];
  }
  std::size_t rest = bytes.size() - whole;
  if (rest > 0) {
    std::uint32_t group = std::uint32_t{read[whole]} << 16;
    if (rest == 2) group |= std::uint32_t{read[whole + 1]} << 8;
    *write++ = alphabet[(group >> 18) & 63];
    *write++ = alphabet[(group >> 12) & 63];
    if (rest == 2) *write = alphabet[(group >> 6) & 63];  // the last place stays '='
  }
  return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  std::string out(text.size() / 4 * 3 - padding, '\0');
  char* write = out.data();
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=') {
        // Padding only in the last group's final one or two places.
        if (!last || j < 4 - padding) return std::nullopt;
        group <<= 6;
        continue;
      }
      std::int8_t value = decodeTable[static_cast<unsigned char>(c)];
      if (value < 0) return std::nullopt;
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    std::size_t produced = last ? 3 - padding : 3;
    if (produced > 0) *write++ = static_cast<char>((group >> 16) & 0xFF);
    if (produced > 1) *write++ = static_cast<char>((group >> 8) & 0xFF);
    if (produced > 2) *write++ = static_cast<char>(group & 0xFF);
  }
  return out;
}

}  // namespace kubelab

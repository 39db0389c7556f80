#include "api/labelselector.h"

#include <boost/json/object.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

#include "api/fielderror.h"
#include "api/namerules.h"

namespace kubelab::api {
namespace {

enum class Token { Error, End, ClosedParen, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In,
                   LessThan, NotEquals, NotIn, OpenParen };

struct ScannedItem {
  Token token;
  std::string literal;
};

bool isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isSpecialSymbol(char c) { return std::string_view("=!(),><").find(c) != std::string_view::npos; }

std::optional<Token> keywordToken(std::string_view text) {
  static const std::vector<std::pair<std::string_view, Token>> keywords{
      {")", Token::ClosedParen}, {",", Token::Comma},       {"!", Token::DoesNotExist}, {"==", Token::DoubleEquals},
      {"=", Token::Equals},      {">", Token::GreaterThan}, {"in", Token::In},          {"<", Token::LessThan},
      {"!=", Token::NotEquals},  {"notin", Token::NotIn},   {"(", Token::OpenParen}};
  for (const auto& [keyword, token] : keywords) {
    if (keyword == text) return token;
  }
  return std::nullopt;
}

// Splits the selector into tokens the way Kubernetes' lexer does: the longest run of operator
// characters that still forms an operator, identifiers up to whitespace or an operator.
std::vector<ScannedItem> scan(std::string_view text) {
  std::vector<ScannedItem> items;
  std::size_t position = 0;
  while (true) {
    while (position < text.size() && isWhitespace(text[position])) ++position;
    if (position >= text.size()) break;
    if (isSpecialSymbol(text[position])) {
      std::string buffer;
      std::optional<ScannedItem> last;
      while (position < text.size() && isSpecialSymbol(text[position])) {
        buffer += text[position];
        if (std::optional<Token> token = keywordToken(buffer)) {
          last = ScannedItem{*token, buffer};
        } else if (last) {
          break;
        }
        ++position;
      }
      items.push_back(last ? *last : ScannedItem{Token::Error, "error expected: keyword found '" + buffer + "'"});
      continue;
    }
    std::size_t start = position;
    while (position < text.size() && !isSpecialSymbol(text[position]) && !isWhitespace(text[position])) ++position;
    std::string literal(text.substr(start, position - start));
    std::optional<Token> token = keywordToken(literal);
    items.push_back({token.value_or(Token::Identifier), literal});
  }
  items.push_back({Token::End, ""});
  return items;
}

Status requirementError(const FieldError& error) { return invalid(error.message()); }

// Kubernetes' NewRequirement checks: a valid key and label values, and the right number of values.
// `keyField` is how Kubernetes names the key in its error: "key", or "<nil>" when the string parser
// checks a key before building the requirement.
Result<LabelRequirement> makeRequirement(std::string key, SelectorOperator op, std::vector<std::string> values,
                                         std::string_view keyField = "key") {
  if (Explanations problems = isQualifiedName(key); !problems.empty()) {
    std::string joined;
    for (const std::string& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
    return requirementError(invalidError(std::string(keyField), renderString(key), joined));
  }
  switch (op) {
    case SelectorOperator::In:
    case SelectorOperator::NotIn:
      if (values.empty()) return invalid("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
      break;
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals:
    case SelectorOperator::NotEquals:
      if (values.size() != 1) return invalid("values: Invalid value: " + renderStringList(values) + ": exact-match compatibility requires one single value");
      break;
    case SelectorOperator::Exists:
    case SelectorOperator::DoesNotExist:
      if (!values.empty()) return invalid("values: Invalid value: " + renderStringList(values) + ": values set must be empty for exists and does not exist");
      break;
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan:
      for (std::size_t i = 0; i < values.size(); ++i) {
        std::int64_t number = 0;
        const std::string& value = values[i];
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error != std::errc() || end != value.data() + value.size()) {
          return requirementError(invalidError(indexPath("values", i), renderString(value), "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (Explanations problems = isValidLabelValue(values[i]); !problems.empty()) {
      std::string joined;
      for (const std::string& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
      return requirementError(invalidError(keyPath(indexPath("values", i), key), renderString(values[i]), joined));
    }
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return LabelRequirement{std::move(key), op, std::move(values)};
}

// A recursive-descent parser over the scanned tokens, with Kubernetes' error messages.
class Parser {
 public:
  explicit Parser(std::vector<ScannedItem> items) : items_(std::move(items)) {}

  Result<std::vector<LabelRequirement>> parse();

 private:
  // In a value position, "in" and "notin" are plain identifiers.
  Token peek(bool valueContext) const { return adjust(items_[position_].token, valueContext); }
  const std::string& peekLiteral() const { return items_[position_].literal; }
  ScannedItem consume(bool valueContext) {
    ScannedItem item = items_[position_++];
    item.token = adjust(item.token, valueContext);
    return item;
  }
  static Token adjust(Token token, bool valueContext) {
    return valueContext && (token == Token::In || token == Token::NotIn) ? Token::Identifier : token;
  }

  Result<LabelRequirement> parseRequirement();
  Result<std::vector<std::string>> parseValues();
  Result<std::vector<std::string>> parseIdentifiersList();

  std::vector<ScannedItem> items_;
  std::size_t position_ = 0;
};

Result<std::vector<LabelRequirement>> Parser::parse() {
  std::vector<LabelRequirement> requirements;
  while (true) {
    Token token = peek(true);
    if (token == Token::End) return requirements;
    if (token != Token::Identifier && token != Token::DoesNotExist) {
      return invalid("found '" + peekLiteral() + "', expected: !, identifier, or 'end of string'");
    }
    Result<LabelRequirement> requirement = parseRequirement();
    if (!requirement) return invalid("unable to parse requirement: " + requirement.status().message());
    requirements.push_back(std::move(*requirement));
    ScannedItem next = consume(true);
    if (next.token == Token::End) return requirements;
    if (next.token != Token::Comma) return invalid("found '" + next.literal + "', expected: ',' or 'end of string'");
    if (Token after = peek(true); after != Token::Identifier && after != Token::DoesNotExist) {
      return invalid("found '" + peekLiteral() + "', expected: identifier after ','");
    }
  }
}

Result<LabelRequirement> Parser::parseRequirement() {
  bool negated = false;
  ScannedItem item = consume(true);
  if (item.token == Token::DoesNotExist) {
    negated = true;
    item = consume(true);
  }
  if (item.token != Token::Identifier) return invalid("found '" + item.literal + "', expected: identifier");
  std::string key = item.literal;
  // A negated key takes no operator: "!a=b" fails in parse() on the "=" that follows.
  if (negated) return makeRequirement(key, SelectorOperator::DoesNotExist, {}, "<nil>");
  if (Token next = peek(true); next == Token::End || next == Token::Comma) {
    return makeRequirement(key, SelectorOperator::Exists, {}, "<nil>");
  }
  if (Explanations problems = isQualifiedName(key); !problems.empty()) {
    return makeRequirement(key, SelectorOperator::Exists, {}, "<nil>").status();
  }
  ScannedItem op = consume(false);
  SelectorOperator selectorOperator;
  switch (op.token) {
    case Token::In: selectorOperator = SelectorOperator::In; break;
    case Token::NotIn: selectorOperator = SelectorOperator::NotIn; break;
    case Token::Equals: selectorOperator = SelectorOperator::Equals; break;
    case Token::DoubleEquals: selectorOperator = SelectorOperator::DoubleEquals; break;
    case Token::NotEquals: selectorOperator = SelectorOperator::NotEquals; break;
    case Token::GreaterThan: selectorOperator = SelectorOperator::GreaterThan; break;
    case Token::LessThan: selectorOperator = SelectorOperator::LessThan; break;
    default: return invalid("found '" + op.literal + "', expected: in, notin, =, ==, !=, gt, lt");
  }
  std::vector<std::string> values;
  if (selectorOperator == SelectorOperator::In || selectorOperator == SelectorOperator::NotIn) {
    Result<std::vector<std::string>> parsed = parseValues();
    if (!parsed) return parsed.status();
    values = std::move(*parsed);
  } else if (Token next = peek(true); next == Token::End || next == Token::Comma) {
    values.emplace_back();  // "a=" selects the empty value
  } else {
    ScannedItem value = consume(true);
    if (value.token != Token::Identifier) return invalid("found '" + value.literal + "', expected: identifier");
    values.push_back(value.literal);
  }
  return makeRequirement(key, selectorOperator, std::move(values));
}

Result<std::vector<std::string>> Parser::parseValues() {
  ScannedItem open = consume(true);
  if (open.token != Token::OpenParen) return invalid("found '" + open.literal + "' expected: '('");
  Token next = peek(true);
  if (next == Token::ClosedParen) {
    consume(true);
    return std::vector<std::string>{""};
  }
  if (next != Token::Identifier && next != Token::Comma) {
    return invalid("found '" + peekLiteral() + "', expected: ',', ')' or identifier");
  }
  std::string literal = peekLiteral();
  Result<std::vector<std::string>> values = parseIdentifiersList();
  if (!values) return values;
  if (consume(true).token != Token::ClosedParen) return invalid("found '" + literal + "', expected: ')'");
  return values;
}

Result<std::vector<std::string>> Parser::parseIdentifiersList() {
  std::vector<std::string> values;
  while (true) {
    ScannedItem item = consume(true);
    if (item.token == Token::Identifier) {
      values.push_back(item.literal);
      Token next = peek(true);
      if (next == Token::Comma) continue;
      if (next == Token::ClosedParen) return values;
      return invalid("found '" + peekLiteral() + "', expected: ',' or ')'");
    }
    if (item.token != Token::Comma) return invalid("found '" + item.literal + "', expected: ',', or identifier");
    // Empty members, as in "(,a)" or "(a,)", stand for the empty value.
    if (values.empty()) values.emplace_back();
    Token next = peek(true);
    if (next == Token::ClosedParen || next == Token::Comma) values.emplace_back();
    if (next == Token::ClosedParen) return values;
  }
}

std::string operatorText(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::Equals: return "=";
    case SelectorOperator::DoubleEquals: return "==";
    case SelectorOperator::NotEquals: return "!=";
    case SelectorOperator::In: return " in ";
    case SelectorOperator::NotIn: return " notin ";
    case SelectorOperator::GreaterThan: return ">";
    case SelectorOperator::LessThan: return "<";
    case SelectorOperator::Exists:
    case SelectorOperator::DoesNotExist: break;
  }
  return "";
}

void sortByKey(std::vector<LabelRequirement>& requirements) {
  std::stable_sort(requirements.begin(), requirements.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
}

}  // namespace

bool LabelRequirement::matches(const Labels& labels) const {
  auto found = labels.find(key);
  bool hasValue = found != labels.end() && std::binary_search(values.begin(), values.end(), found->second);
  switch (op) {
    case SelectorOperator::In:
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals: return hasValue;
    case SelectorOperator::NotIn:
    case SelectorOperator::NotEquals: return !hasValue;
    case SelectorOperator::Exists: return found != labels.end();
    case SelectorOperator::DoesNotExist: return found == labels.end();
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan: {
      if (found == labels.end() || values.size() != 1) return false;
      std::int64_t actual = 0;
      std::int64_t limit = 0;
      const std::string& text = found->second;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), actual);
      if (error != std::errc() || end != text.data() + text.size()) return false;
      std::from_chars(values[0].data(), values[0].data() + values[0].size(), limit);
      return op == SelectorOperator::GreaterThan ? actual > limit : actual < limit;
    }
  }
  return false;
}

std::string LabelRequirement::toString() const {
  std::string text = op == SelectorOperator::DoesNotExist ? "!" + key : key;
  if (op == SelectorOperator::Exists || op == SelectorOperator::DoesNotExist) return text;
  text += operatorText(op);
  std::string joined;
  for (const std::string& value : values) joined += (joined.empty() ? "" : ",") + value;
  if (op == SelectorOperator::In || op == SelectorOperator::NotIn) return text + "(" + joined + ")";
  return text + joined;
}

LabelSelector LabelSelector::nothing() {
  LabelSelector selector;
  selector.matchesNothing_ = true;
  return selector;
}

LabelSelector LabelSelector::fromSet(const Labels& labels) {
  LabelSelector selector;
  for (const auto& [key, value] : labels) selector.requirements_.push_back({key, SelectorOperator::Equals, {value}});
  return selector;
}

Result<LabelSelector> LabelSelector::parse(std::string_view text) {
  Result<std::vector<LabelRequirement>> requirements = Parser(scan(text)).parse();
  if (!requirements) return requirements.status();
  LabelSelector selector;
  selector.requirements_ = std::move(*requirements);
  sortByKey(selector.requirements_);
  return selector;
}

Result<LabelSelector> LabelSelector::fromJson(const boost::json::value* json) {
  if (json == nullptr || json->is_null()) return nothing();
  if (!json->is_object()) return invalid("a label selector must be an object");
  LabelSelector selector;
  if (const boost::json::value* matchLabels = json->get_object().if_contains("matchLabels");
      matchLabels != nullptr && matchLabels->is_object()) {
    for (const auto& [key, value] : matchLabels->get_object()) {
      std::string text = value.is_string() ? std::string(value.get_string()) : "";
      Result<LabelRequirement> requirement = makeRequirement(std::string(key), SelectorOperator::Equals, {text});
      if (!requirement) return requirement.status();
      selector.requirements_.push_back(std::move(*requirement));
    }
  }
  const boost::json::value* expressions = json->get_object().if_contains("matchExpressions");
  if (expressions != nullptr && expressions->is_array()) {
    for (const boost::json::value& expression : expressions->get_array()) {
      const boost::json::object* object = expression.if_object();
      if (object == nullptr) return invalid("a label selector requirement must be an object");
      auto text = [&](std::string_view field) {
        const boost::json::value* found = object->if_contains(field);
        return found != nullptr && found->is_string() ? std::string(found->get_string()) : std::string();
      };
      std::string op = text("operator");
      SelectorOperator selectorOperator;
      if (op == "In") selectorOperator = SelectorOperator::In;
      else if (op == "NotIn") selectorOperator = SelectorOperator::NotIn;
      else if (op == "Exists") selectorOperator = SelectorOperator::Exists;
      else if (op == "DoesNotExist") selectorOperator = SelectorOperator::DoesNotExist;
      else return invalid(renderString(op) + " is not a valid label selector operator");
      std::vector<std::string> values;
      if (const boost::json::value* list = object->if_contains("values"); list != nullptr && list->is_array()) {
        for (const boost::json::value& value : list->get_array()) values.push_back(value.is_string() ? std::string(value.get_string()) : "");
      }
      Result<LabelRequirement> requirement = makeRequirement(text("key"), selectorOperator, std::move(values));
      if (!requirement) return requirement.status();
      selector.requirements_.push_back(std::move(*requirement));
    }
  }
  sortByKey(selector.requirements_);
  return selector;
}

bool LabelSelector::matches(const Labels& labels) const {
  if (matchesNothing_) return false;
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const LabelRequirement& requirement) { return requirement.matches(labels); });
}

std::string LabelSelector::toString() const {
  std::string text;
  for (const LabelRequirement& requirement : requirements_) text += (text.empty() ? "" : ",") + requirement.toString();
  return text;
}

}  // namespace kubelab::api

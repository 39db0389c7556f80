#pragma once
// Label selectors: the string syntax of `kubectl get -l` and `?labelSelector=`
// ("a=b,c!=d,e in (x,y),f notin (z),g,!h"), and the metav1.LabelSelector JSON of workload specs
// ({matchLabels, matchExpressions}). Parse errors carry Kubernetes' own messages.

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::api {

using Labels = std::map<std::string, std::string>;

enum class SelectorOperator { Equals, DoubleEquals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan };

struct LabelRequirement {
  std::string key;
  SelectorOperator op = SelectorOperator::Exists;
  std::vector<std::string> values;  // sorted and unique

  bool matches(const Labels& labels) const;
  std::string toString() const;  // "app in (a,b)", "!tier", "env=prod"
};

class LabelSelector {
 public:
  // Matches every object: the empty selector.
  static LabelSelector everything() { return LabelSelector(); }
  // Matches nothing: what a missing (null) metav1.LabelSelector means to a controller.
  static LabelSelector nothing();
  // Exact match on every pair, as a Service's or ReplicationController's selector means.
  static LabelSelector fromSet(const Labels& labels);
  // The string syntax; "" is everything.
  static Result<LabelSelector> parse(std::string_view text);
  // A metav1.LabelSelector; nullptr or JSON null is nothing, {} is everything.
  static Result<LabelSelector> fromJson(const boost::json::value* selector);

  bool matches(const Labels& labels) const;
  bool matchesEverything() const { return !matchesNothing_ && requirements_.empty(); }
  bool matchesNothing() const { return matchesNothing_; }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }
  // The canonical string form, requirements sorted by key (what kubectl shows as Selector).
  std::string toString() const;

 private:
  std::vector<LabelRequirement> requirements_;
  bool matchesNothing_ = false;
};

}  // namespace kubelab::api

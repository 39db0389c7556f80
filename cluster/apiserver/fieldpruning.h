#pragma once
// Unknown fields of a request body, found and removed as Kubernetes does when it decodes JSON
// into its typed Go structs: a field the type does not declare is dropped, and reported under
// fieldValidation=Strict (400) or Warn (a Warning header per field). The field lists come from
// the schema catalog (openapischema.h); structures it does not mark complete are left alone.

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace kubelab::apiserver {

// Removes fields the kind's schema does not declare (as decoding into Kubernetes' Go types does)
// and returns their paths in Kubernetes' notation ("spec.containers[0].imagee",
// "metadata.labelz"), in document order. Free-form fields (RawExtension, objects with
// additionalProperties, map[string]T values) are walked by their value type; status is pruned
// too. Types the catalog does not mark complete are left alone (nothing pruned beneath them).
std::vector<std::string> pruneUnknownFields(std::string_view apiVersion, std::string_view kind,
                                            boost::json::object& object);

// The strict-decoding message Kubernetes gives for those paths (one or several), e.g.
// `strict decoding error: unknown field "spec.foo"`.
std::string strictDecodingMessage(const std::vector<std::string>& unknownFields);

// One field's message as Kubernetes words it, `unknown field "spec.foo"`: the text of each
// Warning header under fieldValidation=Warn.
std::string unknownFieldMessage(std::string_view path);

}  // namespace kubelab::apiserver

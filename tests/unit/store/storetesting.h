#pragma once
// Synchronous wrappers over MvccStore's completion callbacks, for tests.

#include <future>

#include "store/mvccstore.h"

namespace kubelab::store::testing {

template <typename T, typename Call>
Result<T> wait(Call call) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  call([&promise](Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

inline Result<PutResponse> put(MvccStore& store, const std::string& key, const std::string& value,
                               std::int64_t lease = 0) {
  PutRequest request;
  request.key = key;
  request.value = value;
  request.lease = lease;
  request.prevKv = true;
  return wait<PutResponse>([&](auto done) { store.put(request, done); });
}

inline Result<DeleteRangeResponse> remove(MvccStore& store, const KeyRange& range) {
  return wait<DeleteRangeResponse>([&](auto done) { store.deleteRange(DeleteRangeRequest{range, true}, done); });
}

inline Result<RangeResponse> get(MvccStore& store, const KeyRange& range, std::int64_t revision = 0) {
  RangeRequest request;
  request.range = range;
  request.revision = revision;
  return store.range(request);
}

inline KeyRange prefix(const std::string& start) {
  std::string end = start;
  end.back() = static_cast<char>(end.back() + 1);
  return {start, end};
}

}  // namespace kubelab::store::testing

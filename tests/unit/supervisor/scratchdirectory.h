#pragma once
// A fresh temporary directory for one test (tests/support), removed afterwards.

#include <cstdlib>
#include <memory>

#include <gtest/gtest.h>

#include "support/temporarydirectory.h"

namespace kubelab::supervisor {

inline std::unique_ptr<kubelab::testing::TemporaryDirectory> scratchDirectory() {
  auto directory = kubelab::testing::TemporaryDirectory::create("kubelab-supervisor-test");
  if (!directory) {
    ADD_FAILURE() << directory.status().toString();
    std::abort();  // nothing in these tests can run without one
  }
  return std::move(directory).value();
}

}  // namespace kubelab::supervisor

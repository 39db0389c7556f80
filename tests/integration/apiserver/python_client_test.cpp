// The official Python client (Debian's python3-kubernetes) against kubelab-apiserver.

#include <gtest/gtest.h>

#include "integration/apiserver/apiserverfixture.h"

namespace kubelab::testing {
namespace {

TEST(PythonClientTest, EverydayWorkflowsWork) {
  auto cluster = ApiServerFixture::start();
  ASSERT_TRUE(cluster.isOk()) << cluster.status().toString();
  CommandResult result = runCommand(
      {"/usr/bin/python3", KUBELAB_PYTHON_CHECK, (*cluster)->kubeconfig().string()}, "", 120);
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err << "\napiserver log:\n" << (*cluster)->logTail();
  EXPECT_EQ(result.out.find("FAILED"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace kubelab::testing

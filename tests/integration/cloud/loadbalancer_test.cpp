// kubelab-cloud-controller-manager against the real API server: `kubectl expose --type=LoadBalancer`
// gets an EXTERNAL-IP from 127.200.0.0/16, and deleting the Service gives it back.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/childprocess.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;

TEST(CloudControllerTest, LoadBalancerServicesGetAnAddressAndGiveItBack) {
  auto fixture = ControlPlaneFixture::start();
  ASSERT_TRUE(fixture) << fixture.status().toString();
  auto& plane = **fixture;
  auto log = plane.apiServer().directory() / "cloud-controller-manager.log";
  auto cloud = ChildProcess::start(KUBELAB_CLOUD_CONTROLLER_MANAGER_BINARY,
                                   {"--kubeconfig", plane.apiServer().kubeconfig().string()}, log);
  ASSERT_TRUE(cloud) << cloud.status().toString();

  ASSERT_EQ(plane.kubectl({"create", "deployment", "web", "--image=nginx:1.25"}).exitCode, 0);
  auto exposed = plane.kubectl({"expose", "deployment", "web", "--type=LoadBalancer", "--port=80"});
  ASSERT_EQ(exposed.exitCode, 0) << exposed.err;
  std::string shown;
  EXPECT_TRUE(eventually(
      [&] {
        shown = plane.kubectl({"get", "service", "web"}).out;
        return shown.find("127.200.0.1") != std::string::npos;
      },
      10s))
      << shown << "\n" << [&] {
           std::ifstream in(log);
           return std::string(std::istreambuf_iterator<char>(in), {});
         }();
  std::string events;
  EXPECT_TRUE(eventually(
      [&] {
        events = plane.kubectl({"get", "events", "--field-selector", "involvedObject.name=web"}).out;
        return events.find("EnsuredLoadBalancer") != std::string::npos;
      },
      10s))
      << events;

  // A second Service gets the next address; deleting the first frees its own.
  ASSERT_EQ(plane.kubectl({"expose", "deployment", "web", "--name=web2", "--type=LoadBalancer", "--port=81"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return plane.kubectl({"get", "service", "web2"}).out.find("127.200.0.2") != std::string::npos; }, 10s));
  auto deleted = plane.kubectl({"delete", "service", "web", "--timeout=20s"});
  EXPECT_EQ(deleted.exitCode, 0) << deleted.err;
  EXPECT_EQ(plane.client().get(client::resources::services, "default", "web").status().code(), StatusCode::NotFound);
  ASSERT_EQ(plane.kubectl({"expose", "deployment", "web", "--name=web3", "--type=LoadBalancer", "--port=82"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return plane.kubectl({"get", "service", "web3"}).out.find("127.200.0.1") != std::string::npos; }, 10s))
      << plane.kubectl({"get", "services"}).out;
}

}  // namespace
}  // namespace kubelab::testing

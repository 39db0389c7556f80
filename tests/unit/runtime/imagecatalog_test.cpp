#include "runtime/imagecatalog.h"

#include <gtest/gtest.h>

namespace kubelab::runtime {
namespace {

TEST(ImageReferenceTest, NormalizesAsContainerRuntimesDo) {
  EXPECT_EQ(parseImageReference("nginx").normalized(), "docker.io/library/nginx:latest");
  EXPECT_EQ(parseImageReference("nginx:1.25").normalized(), "docker.io/library/nginx:1.25");
  EXPECT_EQ(parseImageReference("kubelab/web:2").normalized(), "docker.io/kubelab/web:2");
  EXPECT_EQ(parseImageReference("docker.io/library/busybox:1.36").repository, "docker.io/library/busybox");
  EXPECT_EQ(parseImageReference("registry.k8s.io/pause:3.9").repository, "registry.k8s.io/pause");
  EXPECT_EQ(parseImageReference("localhost:5000/app").repository, "localhost:5000/app");
  EXPECT_EQ(parseImageReference("localhost:5000/app").tag, "latest");
  auto digest = parseImageReference("nginx@sha256:abc");
  EXPECT_EQ(digest.digest, "sha256:abc");
  EXPECT_EQ(digest.normalized(), "docker.io/library/nginx@sha256:abc");
}

ImageCatalog testCatalog() {
  auto catalog = ImageCatalog::parse(R"(
images:
  - name: nginx
    executable: kubelab-workload
    entrypoint: [kubelab-workload, web]
    fixedEntrypoint: true
  - name: busybox
    executable: /bin/busybox
    cmd: [sh]
  - name: kubelab/only-v1
    tags: "1.*"
    executable: /bin/true
)",
                                     "/opt/kubelab/bin");
  EXPECT_TRUE(catalog.isOk()) << catalog.status().toString();
  return std::move(catalog).value();
}

TEST(ImageCatalogTest, FindsImagesByNormalizedNameAndTagPattern) {
  ImageCatalog catalog = testCatalog();
  ASSERT_NE(catalog.find("nginx:1.14.2"), nullptr);
  EXPECT_EQ(catalog.find("nginx:1.14.2")->executable, "/opt/kubelab/bin/kubelab-workload");
  EXPECT_NE(catalog.find("docker.io/library/nginx"), nullptr);
  EXPECT_NE(catalog.find("busybox:1.36"), nullptr);
  EXPECT_EQ(catalog.find("busybox:1.36")->executable, "/bin/busybox");
  EXPECT_NE(catalog.find("kubelab/only-v1:1.3"), nullptr);
  EXPECT_EQ(catalog.find("kubelab/only-v1:2.0"), nullptr);
  EXPECT_EQ(catalog.find("quay.io/nginx:1"), nullptr);
  EXPECT_EQ(catalog.find("foo:1"), nullptr);
}

TEST(ImageCatalogTest, PullErrorNamesTheNormalizedImage) {
  EXPECT_EQ(ImageCatalog::pullErrorMessage("foo:1"),
            "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/foo:1\": failed to "
            "resolve reference \"docker.io/library/foo:1\": docker.io/library/foo:1: not found");
}

TEST(ImageCatalogTest, RejectsCatalogsWithoutImagesOrExecutables) {
  EXPECT_FALSE(ImageCatalog::parse("something: else", "/").isOk());
  EXPECT_FALSE(ImageCatalog::parse("images: [{name: x}]", "/").isOk());
  EXPECT_FALSE(ImageCatalog::parse("images: [{executable: /bin/true}]", "/").isOk());
  EXPECT_FALSE(ImageCatalog::parse("images: [", "/").isOk());
}

TEST(ImageCatalogTest, TheShippedCatalogHasEveryBuiltInImage) {
  auto catalog = ImageCatalog::loadFile(KUBELAB_IMAGE_CATALOG, "/bin-dir");
  ASSERT_TRUE(catalog.isOk()) << catalog.status().toString();
  for (std::string image : {"nginx:1.14.2", "kubelab/web:2", "kubelab/crash:1", "kubelab/job:1", "kubelab/logger:1",
                            "kubelab/kv:1"}) {
    const CatalogImage* found = catalog->find(image);
    ASSERT_NE(found, nullptr) << image;
    EXPECT_EQ(found->executable, "/bin-dir/kubelab-workload") << image;
  }
  ASSERT_NE(catalog->find("busybox:1.36"), nullptr);
  EXPECT_EQ(catalog->find("busybox:1.36")->executable, "/bin/busybox");
}

TEST(ResolveCommandTest, CommandReplacesEntrypointAndArgsReplaceCmd) {
  ImageCatalog catalog = testCatalog();
  const CatalogImage& busybox = *catalog.find("busybox");
  EXPECT_EQ(resolveCommand(busybox, {}, {}).argv, (std::vector<std::string>{"sh"}));
  EXPECT_EQ(resolveCommand(busybox, {"sh", "-c", "echo hi"}, {}).argv,
            (std::vector<std::string>{"sh", "-c", "echo hi"}));
  EXPECT_EQ(resolveCommand(busybox, {"echo"}, {"a", "b"}).argv, (std::vector<std::string>{"echo", "a", "b"}));
  EXPECT_EQ(resolveCommand(busybox, {}, {"-c", "true"}).argv, (std::vector<std::string>{"-c", "true"}));
  EXPECT_EQ(resolveCommand(busybox, {"sleep", "1"}, {}).executable, "/bin/busybox");
}

TEST(ResolveCommandTest, ABuiltInProgramKeepsItsEntrypoint) {
  ImageCatalog catalog = testCatalog();
  const CatalogImage& nginx = *catalog.find("nginx");
  EXPECT_EQ(resolveCommand(nginx, {"nginx", "-g", "daemon off;"}, {}).argv,
            (std::vector<std::string>{"kubelab-workload", "web"}));
  EXPECT_EQ(resolveCommand(nginx, {}, {"--verbose"}).argv,
            (std::vector<std::string>{"kubelab-workload", "web", "--verbose"}));
}

}  // namespace
}  // namespace kubelab::runtime

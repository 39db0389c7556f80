#pragma once
// The image catalog of the `process` runtime: which host program an image reference runs.
// Kept as data (resources/images.yaml) so that lessons can add images. An image missing from
// the catalog fails to pull, with the message containerd gives for an unknown image.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubelab::runtime {

// An image reference taken apart as container runtimes do: "nginx" is
// docker.io/library/nginx:latest, "kubelab/web:2" is docker.io/kubelab/web:2.
struct ImageReference {
  std::string repository;  // normalized, with registry: docker.io/library/nginx
  std::string tag;         // "latest" when none is written
  std::string digest;      // sha256:..., or ""

  std::string normalized() const;  // repository:tag (or @digest), what a pull error names
};

ImageReference parseImageReference(const std::string& reference);

struct CatalogImage {
  std::string repository;  // normalized
  std::string tagPattern = "*";
  std::filesystem::path executable;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  bool fixedEntrypoint = false;
};

// What a container runs: the program and its argv (argv[0] included).
struct ResolvedCommand {
  std::filesystem::path executable;
  std::vector<std::string> argv;
};

class ImageCatalog {
 public:
  // Relative executables are resolved against `programDirectory`.
  static Result<ImageCatalog> loadFile(const std::filesystem::path& file, const std::filesystem::path& programDirectory);
  static Result<ImageCatalog> parse(const std::string& yaml, const std::filesystem::path& programDirectory);

  // The entry for an image, or nullptr when the catalog does not have it.
  const CatalogImage* find(const std::string& imageReference) const;
  // The error Kubernetes shows for an image that cannot be pulled (ErrImagePull's message).
  static std::string pullErrorMessage(const std::string& imageReference);

  const std::vector<CatalogImage>& images() const { return images_; }

 private:
  std::vector<CatalogImage> images_;
};

// The command a container runs, by Kubernetes' rule: `command` replaces the image's
// ENTRYPOINT and `args` its CMD; a command without args drops the CMD too.
ResolvedCommand resolveCommand(const CatalogImage& image, const std::vector<std::string>& command,
                               const std::vector<std::string>& args);

}  // namespace kubelab::runtime

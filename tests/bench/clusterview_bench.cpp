// Frame time of the cluster view: 1,000 pods on simulated nodes, fed through ClusterModel as
// informers would feed it, painted offscreen. Prints ms per frame and frames per second for
// a whole-cluster view and a 1:1 view, while pods change and while a rollout animates. The
// control plane's boxes carry busy traffic (links with moving dots), unless --no-traffic.
//
//   build/bin/clusterview_bench [--nodes 15] [--pods 1000] [--frames 120] [--width 1600 --height 1000] [--variants]
//                               [--no-traffic]

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "clustermodel.h"
#include "clusterobjects.h"
#include "clusterscene.h"
#include "clusterview.h"
#include "poditem.h"

using namespace kubelab::visualizer;
using testing::makeNode;
using testing::makePod;

namespace {

struct Figures {
  double average = 0;
  double p95 = 0;
};

Figures summarize(std::vector<double> milliseconds) {
  std::sort(milliseconds.begin(), milliseconds.end());
  Figures figures;
  figures.average = std::accumulate(milliseconds.begin(), milliseconds.end(), 0.0) / milliseconds.size();
  figures.p95 = milliseconds[std::min(milliseconds.size() - 1, milliseconds.size() * 95 / 100)];
  return figures;
}

void print(const char* scenario, const Figures& paint, const Figures& update) {
  std::printf("%-44s paint %6.2f ms/frame (p95 %6.2f)  model+scene %5.2f ms  => %6.1f fps\n", scenario, paint.average,
              paint.p95, update.average, 1000.0 / (paint.average + update.average));
}

std::string podName(int index) { return "web-" + std::to_string(index / 100) + "-" + std::to_string(index); }
std::string nodeName(int index) { return "node-" + std::to_string(index + 1); }
std::string ownerOf(int index) { return "web-" + std::to_string(index / 100); }

// `frames` frames; before each, `change(frame)` feeds the model; the view then paints.
void measure(const char* scenario, ClusterModel& model, ClusterView& view, int frames,
             const std::function<void(int)>& change) {
  std::vector<double> paint, update;
  QElapsedTimer clock;
  for (int frame = 0; frame < frames; ++frame) {
    clock.start();
    change(frame);
    model.flushNow();
    QCoreApplication::processEvents();  // animation steps and posted events
    update.push_back(clock.nsecsElapsed() / 1e6);
    clock.start();
    view.viewport()->repaint();
    paint.push_back(clock.nsecsElapsed() / 1e6);
  }
  print(scenario, summarize(paint), summarize(update));
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication application(argc, argv);
  QCommandLineParser parser;
  parser.addHelpOption();
  QCommandLineOption nodesOption(QStringLiteral("nodes"), QStringLiteral("simulated nodes"), QStringLiteral("n"), QStringLiteral("15"));
  QCommandLineOption podsOption(QStringLiteral("pods"), QStringLiteral("pods"), QStringLiteral("n"), QStringLiteral("1000"));
  QCommandLineOption framesOption(QStringLiteral("frames"), QStringLiteral("frames per scenario"), QStringLiteral("n"), QStringLiteral("120"));
  QCommandLineOption widthOption(QStringLiteral("width"), QStringLiteral("viewport width"), QStringLiteral("px"), QStringLiteral("1600"));
  QCommandLineOption heightOption(QStringLiteral("height"), QStringLiteral("viewport height"), QStringLiteral("px"), QStringLiteral("1000"));
  QCommandLineOption variantsOption(QStringLiteral("variants"), QStringLiteral("also measure other view settings"));
  QCommandLineOption noTrafficOption(QStringLiteral("no-traffic"), QStringLiteral("no control-plane traffic links"));
  parser.addOptions({nodesOption, podsOption, framesOption, widthOption, heightOption, variantsOption, noTrafficOption});
  parser.process(application);
  const int nodes = parser.value(nodesOption).toInt();
  const int pods = parser.value(podsOption).toInt();
  const int frames = parser.value(framesOption).toInt();

  ClusterModel model;
  ClusterScene scene(&model);
  ClusterView view(&scene);
  view.resize(parser.value(widthOption).toInt(), parser.value(heightOption).toInt());
  view.show();

  QElapsedTimer clock;
  clock.start();
  for (int index = 0; index < nodes; ++index) model.enqueue(makeObjectChange(ResourceKind::Node, makeNode(nodeName(index))));
  for (int index = 0; index < pods; ++index) {
    model.enqueue(makeObjectChange(ResourceKind::Pod, makePod(podName(index), nodeName(index % nodes), "Running", true,
                                                              ownerOf(index))));
  }
  model.flushNow();
  if (!parser.isSet(noTrafficOption)) {
    // Every link busy (the dots' cap and the widest lines), as during a big rollout.
    QList<ComponentView> components;
    for (const char* name : {"store", "apiserver", "scheduler", "controller-manager", "cloud-controller-manager"}) {
      components.append({QString::fromLatin1(name), QStringLiteral("running"), 0, {}});
    }
    model.setComponents(components);
    ControlPlaneTraffic traffic;
    traffic.apiServer = 400;
    traffic.store = 600;
    traffic.perClient = true;
    traffic.clients = {{QStringLiteral("system:kube-scheduler"), 50},
                       {QStringLiteral("system:kube-controller-manager"), 120},
                       {QStringLiteral("system:cloud-controller-manager"), 2},
                       {QStringLiteral("system:node:node-1"), 200}};
    model.setTraffic(traffic);
  }
  std::printf("%d pods on %d nodes: JSON to views to laid-out scene in %lld ms (%d items)\n", pods, nodes,
              static_cast<long long>(clock.elapsed()), static_cast<int>(scene.items().size()));
  QCoreApplication::processEvents();

  auto flipReadiness = [&](int frame) {
    // 10 pods a frame change readiness and phase, as a burst of kubelet status updates does.
    for (int step = 0; step < 10; ++step) {
      int index = (frame * 10 + step) % pods;
      bool ready = frame % 2 == 1;
      model.enqueue(makeObjectChange(ResourceKind::Pod, makePod(podName(index), nodeName(index % nodes),
                                                                ready ? "Running" : "Pending", ready, ownerOf(index))));
    }
  };
  int rolled = 0;
  auto rollout = [&](int frame) {
    // A rollout: every other frame, 5 new pods appear unscheduled and 5 more are bound, so
    // chips are always moving from the lane to their nodes.
    if (frame % 2 == 1) return;
    for (int step = 0; step < 5; ++step, ++rolled) {
      std::string name = "next-" + std::to_string(rolled);
      model.enqueue(makeObjectChange(ResourceKind::Pod, makePod(name, "", "Pending", false, "next")));
      if (rolled >= 5) {
        std::string bound = "next-" + std::to_string(rolled - 5);
        model.enqueue(makeObjectChange(ResourceKind::Pod,
                                       makePod(bound, nodeName(rolled % nodes), "Running", true, "next")));
      }
    }
  };

  // The configuration the app uses first, then one change at a time, so the note in
  // docs/architecture.md can say what each setting buys.
  struct Variant {
    const char* name;
    std::function<void()> apply;
  };
  auto setPodCache = [&](QGraphicsItem::CacheMode mode) {
    for (QGraphicsItem* item : scene.items()) {
      if (dynamic_cast<PodItem*>(item)) item->setCacheMode(mode);
    }
  };
  const std::vector<Variant> variants = {
      {"as the app paints", [] {}},
      {"pod chips not cached", [&] { setPodCache(QGraphicsItem::NoCache); }},
      {"no antialiasing", [&] {
         setPodCache(QGraphicsItem::DeviceCoordinateCache);
         view.setRenderHint(QPainter::Antialiasing, false);
       }},
      {"BSP item index", [&] {
         view.setRenderHint(QPainter::Antialiasing, true);
         scene.setItemIndexMethod(QGraphicsScene::BspTreeIndex);
       }},
      {"MinimalViewportUpdate", [&] {
         scene.setItemIndexMethod(QGraphicsScene::NoIndex);
         view.setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
       }},
  };
  const bool allVariants = parser.isSet(variantsOption);
  for (const Variant& variant : variants) {
    variant.apply();
    view.fitAll();
    QCoreApplication::processEvents();
    std::printf("[%s] viewport %dx%d, whole cluster in view (scale %.2f):\n", variant.name, view.viewport()->width(),
                view.viewport()->height(), view.transform().m11());
    measure("  idle repaint", model, view, frames, [](int) {});
    measure("  10 pods change per frame", model, view, frames, flipReadiness);
    measure("  rollout: chips moving lane -> nodes", model, view, frames, rollout);

    view.resetTransform();
    view.centerOn(0, 0);
    QCoreApplication::processEvents();
    std::printf("[%s] 1:1 zoom, top-left of the cluster:\n", variant.name);
    measure("  idle repaint", model, view, frames, [](int) {});
    measure("  10 pods change per frame", model, view, frames, flipReadiness);
    measure("  rollout: chips moving lane -> nodes", model, view, frames, rollout);
    if (!allVariants) break;
  }
  return 0;
}

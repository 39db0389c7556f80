// The whole app against a real embedded cluster: a temporary state directory, the simulated
// runtime, 3 nodes, brought up through the supervisor library as the app does it. A Deployment
// made through the API must show as 3 node boxes holding its pods, in the scene and in a
// grabbed PNG of the main window (saved, and its path printed, for a human to look at).

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>

#include <boost/json/parse.hpp>

#include <cstdio>

#include "backgroundwork.h"
#include "embeddedtestcluster.h"
#include "client/restclient.h"
#include "client/restconfig.h"
#include "clusterscene.h"
#include "explanationview.h"
#include "inspectordock.h"
#include "logsview.h"
#include "languageswitcher.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "poditem.h"
#include "supervisecommand.h"
#include "supervisor/clustercontrol.h"

using namespace kubelab;
using visualizer::NodeItem;
using visualizer::PodItem;

class ScreenshotTest : public QObject {
  Q_OBJECT

 private:
  testing::EmbeddedTestCluster cluster_{QStringLiteral("screenshot")};

  void createDeployment(const std::string& kubeconfig) {
    Result<client::RestConfig> config = client::loadKubeconfig(kubeconfig);
    QVERIFY2(config.isOk(), config.status().message().c_str());
    client::RestClient api(*config);
    boost::json::object deployment = boost::json::parse(R"({
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
               "template": {"metadata": {"labels": {"app": "web"}},
                            "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})").as_object();
    auto created = api.create(client::resources::deployments, "default", deployment);
    QVERIFY2(created.isOk(), created.status().message().c_str());
  }

 private slots:
  void theWindowShowsTheNodesAndPodsOfARealCluster() {
    QVERIFY(cluster_.valid());
    app::LanguageSwitcher languages;
    languages.setLanguage(QStringLiteral("en"));
    app::MainWindow window(&languages);
    window.resize(1400, 900);
    window.show();

    window.connectTo(cluster_.request());

    QTRY_VERIFY_WITH_TIMEOUT(window.model()->hasSynced(), 90000);
    QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItems().size(), 3, 30000);
    createDeployment(cluster_.target().state.kubeconfigFile().string());
    if (QTest::currentTestFailed()) return;

    auto podsRunningOnNodes = [&] {
      const auto& pods = window.model()->pods();
      if (pods.size() != 3) return false;
      for (const auto& pod : pods) {
        PodItem* item = window.scene()->podItem(pod.key);
        if (!item || !dynamic_cast<NodeItem*>(item->container()) || pod.phase != QLatin1String("Running")) return false;
      }
      return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(podsRunningOnNodes(), 60000);
    QTest::qWait(PodItem::kMoveMilliseconds + 300);  // the last move ends

    QSet<QString> nodeNames;
    for (NodeItem* node : window.scene()->nodeItems()) {
      nodeNames.insert(node->node().name);
      QVERIFY(!node->isGreyedOut());
      QVERIFY(window.view()->mapToScene(window.view()->viewport()->rect()).boundingRect().intersects(
          node->sceneBoundingRect()));
    }
    QCOMPARE(nodeNames, QSet<QString>({QStringLiteral("node-1"), QStringLiteral("node-2"), QStringLiteral("node-3")}));
    for (const auto& pod : window.model()->pods()) {
      PodItem* item = window.scene()->podItem(pod.key);
      QCOMPARE(item->pos(), item->slot());
      QVERIFY(item->container()->sceneBoundingRect().contains(item->sceneBoundingRect()));
    }

    // Clicking a pod shows its YAML in the inspector.
    const visualizer::PodView& firstPod = *window.model()->pods().cbegin();
    window.scene()->podItem(firstPod.key)->setSelected(true);
    QVERIFY(window.inspector()->text().contains(QStringLiteral("name: \"%1\"").arg(firstPod.name)));
    QVERIFY(window.inspector()->text().contains(QStringLiteral("phase: \"Running\"")));
    // ... its describe summary, owner chain, Events, the scheduler's reasons and its log.
    app::InspectorDock* inspector = window.inspector();
    QVERIFY(inspector->describeText().contains(QRegularExpression(QStringLiteral("\nNode: +%1\n").arg(firstPod.node))));
    QVERIFY(inspector->ownerChainText().contains(QStringLiteral("ReplicaSet")));
    QTRY_VERIFY_WITH_TIMEOUT(inspector->eventsTree()->topLevelItemCount() > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(inspector->explanation()->decisionModel()->rowCount() == 3, 10000);
    QCOMPARE(inspector->explanation()->decisionModel()->decision()->node, firstPod.node);
    // The log is read only while its tab shows: no stream is held open for a hidden tab.
    QCOMPARE(inspector->logs()->fetches() + inspector->logs()->streams(), 0);
    QVERIFY(!inspector->logs()->isFollowing());
    inspector->tabs()->setCurrentIndex(3);
    QCOMPARE(inspector->logs()->fetches() + inspector->logs()->streams(), 1);
    // The simulated runtime keeps no logs: the answer is the kubelet's word for that.
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->logs()->statusText().contains(QStringLiteral("Fetching")), 10000);
    inspector->tabs()->setCurrentIndex(0);
    QVERIFY(!inspector->logs()->isFollowing());
    QTemporaryDir inspectorPictures(QDir::tempPath() + QStringLiteral("/kubelab-inspector-XXXXXX"));
    inspectorPictures.setAutoRemove(false);
    for (int tab : {0, 2, 3, 4}) {
      inspector->tabs()->setCurrentIndex(tab);
      QTest::qWait(50);
      QString picture = inspectorPictures.filePath(QStringLiteral("inspector-tab%1.png").arg(tab));
      QVERIFY(window.grab().save(picture, "PNG"));
      std::printf("inspector: %s (logs: %s)\n", qPrintable(picture), qPrintable(inspector->logs()->statusText()));
    }
    inspector->inspect(visualizer::ResourceKind::Deployment, QStringLiteral("default/web"));  // the owner link's target
    QVERIFY(inspector->explanation()->notesText().contains(QStringLiteral("replicas + maxSurge = 3 + 1 = 4 pods")));
    QTest::qWait(50);  // the layout settles
    QVERIFY(window.grab().save(inspectorPictures.filePath(QStringLiteral("inspector-deployment.png")), "PNG"));
    inspector->tabs()->setCurrentIndex(0);
    window.scene()->clearSelection();

    QImage image = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QTemporaryDir pictures(QDir::tempPath() + QStringLiteral("/kubelab-screenshot-XXXXXX"));
    pictures.setAutoRemove(false);  // kept for a human to look at; it is one small PNG
    QString file = pictures.filePath(QStringLiteral("kubelab-window.png"));
    QVERIFY(image.save(file, "PNG"));
    std::printf("screenshot: %s (%dx%d)\n", qPrintable(file), image.width(), image.height());

    // Non-trivial: many colors, and the green of Running pods over a chip-sized area.
    QSet<QRgb> colors;
    int runningPixels = 0;
    const QRgb running = visualizer::PodItem::fillColor(visualizer::PodDisplayState::Running).rgb();
    for (int y = 0; y < image.height(); y += 1) {
      const QRgb* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
      for (int x = 0; x < image.width(); ++x) {
        if (colors.size() < 5000) colors.insert(line[x]);
        runningPixels += (line[x] & 0xFFFFFF) == (running & 0xFFFFFF);
      }
    }
    QVERIFY2(colors.size() > 100, qPrintable(QStringLiteral("%1 colors").arg(colors.size())));
    const int chipArea = static_cast<int>(PodItem::kWidth * PodItem::kHeight);
    QVERIFY2(runningPixels > 3 * chipArea / 3,
             qPrintable(QStringLiteral("%1 pixels of the Running color").arg(runningPixels)));
  }
};

// The supervisor library starts its daemon by running this program again with `supervise`.
int main(int argc, char** argv) {
  if (kubelab::app::isSuperviseCommand(argc, argv)) return kubelab::app::runSuperviseCommand(argc, argv);
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
  ScreenshotTest test;
  int failures = QTest::qExec(&test, argc, argv);
  kubelab::app::waitForBackgroundWork();  // the panels' threads end before static destruction
  return failures;
}

#include "screenshot_test.moc"

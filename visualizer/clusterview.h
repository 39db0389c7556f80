#pragma once
// The widget that shows a ClusterScene: zoom with the wheel (Ctrl+wheel or plain), drag to
// pan, "fit" to see everything. Painting is tuned for many small chips (see the frame-time
// note in docs/architecture.md).

#include <QGraphicsView>

namespace kubelab::visualizer {

class ClusterScene;

class ClusterView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit ClusterView(ClusterScene* scene, QWidget* parent = nullptr);

  ClusterScene* clusterScene() const { return scene_; }
  void zoomBy(qreal factor);
  void fitAll();

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // Until the user pans or zooms, the view keeps the scene's top-left corner in sight as the
  // scene grows (QGraphicsView would centre it).
  void keepTopLeftInSight();

  ClusterScene* scene_;
  bool userNavigated_ = false;
};

}  // namespace kubelab::visualizer

#include "clusterview.h"

#include <QEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>

#include "clusterscene.h"

namespace kubelab::visualizer {

ClusterView::ClusterView(ClusterScene* scene, QWidget* parent) : QGraphicsView(scene, parent), scene_(scene) {
  setRenderHint(QPainter::Antialiasing);
  setRenderHint(QPainter::TextAntialiasing);
  setDragMode(ScrollHandDrag);
  setTransformationAnchor(AnchorUnderMouse);
  // Many small items move at once while pods animate; one bounding rectangle per frame is
  // cheaper than hundreds of small ones, and painters need no state saved between items that
  // set their own pens and brushes.
  setViewportUpdateMode(SmartViewportUpdate);
  setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
  setCacheMode(CacheBackground);
  setAlignment(Qt::AlignLeft | Qt::AlignTop);
  connect(scene_, &QGraphicsScene::sceneRectChanged, this, &ClusterView::keepTopLeftInSight);
}

void ClusterView::keepTopLeftInSight() {
  if (userNavigated_) return;
  horizontalScrollBar()->setValue(horizontalScrollBar()->minimum());
  verticalScrollBar()->setValue(verticalScrollBar()->minimum());
}

void ClusterView::mousePressEvent(QMouseEvent* event) {
  userNavigated_ = true;
  QGraphicsView::mousePressEvent(event);
}

void ClusterView::zoomBy(qreal factor) {
  userNavigated_ = true;
  qreal current = transform().m11();
  qreal target = std::clamp(current * factor, 0.1, 4.0);
  scale(target / current, target / current);
}

void ClusterView::fitAll() {
  fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
  if (transform().m11() > 1.0) resetTransform();
  keepTopLeftInSight();
}

void ClusterView::wheelEvent(QWheelEvent* event) {
  if (event->modifiers() & Qt::ControlModifier || !(event->modifiers() & Qt::ShiftModifier)) {
    zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
    event->accept();
    return;
  }
  QGraphicsView::wheelEvent(event);
}

void ClusterView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) scene_->retranslate();
  QGraphicsView::changeEvent(event);
}

}  // namespace kubelab::visualizer

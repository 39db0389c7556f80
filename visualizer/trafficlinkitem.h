#pragma once
// A link between two control-plane boxes that carries their traffic: the line grows wider with
// the requests per second, and dots run along it from sender to receiver at kDotSpeed, one for
// each request up to kMaxDotsPerSecond (above that the width tells; the cap keeps dots apart). The scene moves every link's dots from
// one timer, which stops while nothing moves; a link whose traffic is unknown is hidden. The
// line and label are cached child items, so a step repaints only dots over a cached picture,
// and the dots' positions come from the path flattened once, not measured again each frame.

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPixmap>
#include <QPolygonF>
#include <QString>

#include <optional>
#include <vector>

class QGraphicsPathItem;
class QGraphicsSimpleTextItem;

namespace kubelab::visualizer {

class TrafficLinkItem : public QGraphicsItem {
 public:
  static constexpr double kMaxDotsPerSecond = 10;
  static constexpr double kDotSpeed = 160;  // scene units (pixels at 1:1) per second

  explicit TrafficLinkItem(QGraphicsItem* parent = nullptr);

  // From the sender to the receiver, in the item's (the scene's) coordinates.
  void setPath(const QPainterPath& path);
  const QPainterPath& path() const { return path_; }
  void setRate(std::optional<double> perSecond);
  std::optional<double> rate() const { return rate_; }
  // Drawn beside the middle of the link ("kubelets and proxies: 12 req/s"); empty for none.
  void setLabel(const QString& text);
  QString label() const;

  // Moves the dots on by `seconds` and lets new ones in; false when nothing moves any more.
  bool advance(double seconds);
  int dotCount() const { return static_cast<int>(dots_.size()); }
  qreal lineWidth() const;
  // The point `fraction` (0..1) of the way along the path.
  QPointF pointAt(double fraction) const;

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  void updateLine();

  QPainterPath path_;
  QPolygonF points_;              // the path flattened
  std::vector<double> distances_;  // from the start to each point
  QRectF bounds_;
  std::optional<double> rate_;
  double credit_ = 0;          // requests owed a dot
  std::vector<double> dots_;   // how far along the path each dot is, 0..1
  QPixmap dot_;                // one dot, as drawn at the current width and zoom
  QGraphicsPathItem* line_;
  QGraphicsSimpleTextItem* label_;
};

}  // namespace kubelab::visualizer

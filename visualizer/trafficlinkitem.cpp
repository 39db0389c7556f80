#include "trafficlinkitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QPainter>
#include <QPaintDevice>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace kubelab::visualizer {

namespace {

constexpr qreal kMaxLineWidth = 6.5;
const QColor kLineColor(0x3B, 0x7D, 0xD8, 110);
const QColor kIdleColor(0x9C, 0xA3, 0xAF, 140);
const QColor kDotColor(0x1E, 0x4F, 0xA3);

}  // namespace

TrafficLinkItem::TrafficLinkItem(QGraphicsItem* parent)
    : QGraphicsItem(parent), line_(new QGraphicsPathItem(this)), label_(new QGraphicsSimpleTextItem(this)) {
  setZValue(-1);  // under the boxes it joins
  setVisible(false);
  setAcceptedMouseButtons(Qt::NoButton);
  line_->setFlag(ItemStacksBehindParent);
  line_->setCacheMode(DeviceCoordinateCache);
  label_->setCacheMode(DeviceCoordinateCache);
  QFont font = label_->font();
  font.setPointSizeF(7.5);
  label_->setFont(font);
  label_->setBrush(QColor(0x37, 0x41, 0x51));
}

void TrafficLinkItem::setPath(const QPainterPath& path) {
  if (path == path_) return;
  prepareGeometryChange();
  path_ = path;
  QList<QPolygonF> polygons = path_.toSubpathPolygons();
  points_ = polygons.isEmpty() ? QPolygonF() : polygons.front();
  distances_.assign(points_.size(), 0);
  for (qsizetype i = 1; i < points_.size(); ++i) {
    QPointF step = points_[i] - points_[i - 1];
    distances_[i] = distances_[i - 1] + std::hypot(step.x(), step.y());
  }
  qreal margin = kMaxLineWidth / 2 + 3;
  bounds_ = path_.boundingRect().adjusted(-margin, -margin, margin, margin);
  line_->setPath(path_);
  label_->setPos(pointAt(0.5) + QPointF(8, -label_->boundingRect().height() / 2));
}

void TrafficLinkItem::setRate(std::optional<double> perSecond) {
  if (perSecond == rate_) return;
  rate_ = perSecond;
  setVisible(rate_.has_value());
  if (!rate_ || *rate_ <= 0) {
    credit_ = 0;
    dots_.clear();
  }
  updateLine();
  update();
}

void TrafficLinkItem::setLabel(const QString& text) {
  if (text == label_->text()) return;
  label_->setText(text);
  label_->setPos(pointAt(0.5) + QPointF(8, -label_->boundingRect().height() / 2));
}

QString TrafficLinkItem::label() const { return label_->text(); }

qreal TrafficLinkItem::lineWidth() const {
  double perSecond = std::max(0.0, rate_.value_or(0));
  return std::min(kMaxLineWidth, 1.5 + 1.3 * std::log2(1 + perSecond));
}

void TrafficLinkItem::updateLine() {
  bool idle = rate_.value_or(0) <= 0;
  line_->setPen(QPen(idle ? kIdleColor : kLineColor, lineWidth(), idle ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
}

QPointF TrafficLinkItem::pointAt(double fraction) const {
  if (points_.isEmpty()) return {};
  double target = std::clamp(fraction, 0.0, 1.0) * distances_.back();
  auto after = std::lower_bound(distances_.begin(), distances_.end(), target);
  if (after == distances_.begin()) return points_.front();
  if (after == distances_.end()) return points_.back();
  auto index = static_cast<qsizetype>(after - distances_.begin());
  double span = distances_[index] - distances_[index - 1];
  double along = span > 0 ? (target - distances_[index - 1]) / span : 0;
  return points_[index - 1] + (points_[index] - points_[index - 1]) * along;
}

bool TrafficLinkItem::advance(double seconds) {
  if (!isVisible() || seconds <= 0) return false;
  bool moved = !dots_.empty();
  double length = distances_.empty() ? 0 : distances_.back();
  if (length <= 0) return false;
  double step = seconds * kDotSpeed / length;
  for (double& dot : dots_) dot += step;
  dots_.erase(std::remove_if(dots_.begin(), dots_.end(), [](double dot) { return dot >= 1; }), dots_.end());
  double perSecond = std::min(kMaxDotsPerSecond, std::max(0.0, rate_.value_or(0)));
  // After a stall (a hidden window), no more than one trip's worth.
  credit_ = std::min(credit_ + perSecond * seconds, kMaxDotsPerSecond * length / kDotSpeed);
  while (credit_ >= 1) {
    // Each new dot as far along as its request would be by now, so they enter evenly spaced.
    credit_ -= 1;
    double along = credit_ / perSecond * kDotSpeed / length;
    if (along < 1) dots_.push_back(along);
  }
  if (moved || !dots_.empty()) update();
  return !dots_.empty() || perSecond > 0;
}

QRectF TrafficLinkItem::boundingRect() const { return bounds_; }

void TrafficLinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  if (dots_.empty()) return;
  // One antialiased dot drawn once per width, then copied: a blit costs a fraction of a circle.
  qreal radius = lineWidth() / 2 + 1.2;
  qreal scale = std::max<qreal>(1, painter->deviceTransform().m11()) * painter->device()->devicePixelRatioF();
  int side = static_cast<int>(std::ceil(2 * radius * scale)) + 2;
  if (dot_.width() != side) {
    dot_ = QPixmap(side, side);
    dot_.fill(Qt::transparent);
    QPainter dotPainter(&dot_);
    dotPainter.setRenderHint(QPainter::Antialiasing);
    dotPainter.setPen(Qt::NoPen);
    dotPainter.setBrush(kDotColor);
    dotPainter.drawEllipse(QRectF(1, 1, side - 2, side - 2));
  }
  QRectF target(-radius - 1 / scale, -radius - 1 / scale, 2 * radius + 2 / scale, 2 * radius + 2 / scale);
  for (double dot : dots_) painter->drawPixmap(target.translated(pointAt(dot)), dot_, dot_.rect());
}

}  // namespace kubelab::visualizer

#include "languageswitcher.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>

namespace kubelab::app {

namespace {

const char* kSettingsKey = "ui/language";

}  // namespace

LanguageSwitcher::LanguageSwitcher(QObject* parent) : QObject(parent) {
  setLanguage(QSettings().value(QLatin1String(kSettingsKey)).toString());
}

void LanguageSwitcher::setLanguage(const QString& language) {
  chosen_ = availableLanguages().contains(language) ? language : QString();
  QSettings().setValue(QLatin1String(kSettingsKey), chosen_);
  QString effective = chosen_;
  if (effective.isEmpty()) {
    effective = QLocale::system().language() == QLocale::Korean ? QStringLiteral("ko") : QStringLiteral("en");
  }
  QCoreApplication::removeTranslator(&appTranslator_);
  QCoreApplication::removeTranslator(&qtTranslator_);
  effective_ = effective;
  QLocale::setDefault(QLocale(effective == QLatin1String("ko") ? QLocale::Korean : QLocale::English));
  // English is the source language; its .qm only carries plural forms.
  if (appTranslator_.load(QStringLiteral(":/i18n/kubelab_%1.qm").arg(effective))) {
    QCoreApplication::installTranslator(&appTranslator_);
  }
  if (qtTranslator_.load(QStringLiteral("qtbase_%1").arg(effective),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(&qtTranslator_);
  }
}

}  // namespace kubelab::app

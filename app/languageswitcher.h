#pragma once
// The UI language: the system's by default, or one the user picked from the Language menu
// (remembered). Switching installs the translators; every widget then gets
// QEvent::LanguageChange and retranslates itself.

#include <QObject>
#include <QString>
#include <QTranslator>

namespace kubelab::app {

class LanguageSwitcher : public QObject {
  Q_OBJECT

 public:
  explicit LanguageSwitcher(QObject* parent = nullptr);

  // "en", "ko", or "" for the system language.
  void setLanguage(const QString& language);
  QString chosenLanguage() const { return chosen_; }
  // The language in effect ("en" or "ko").
  QString effectiveLanguage() const { return effective_; }
  static QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("ko")}; }

 private:
  QString chosen_;
  QString effective_;
  QTranslator appTranslator_;
  QTranslator qtTranslator_;
};

}  // namespace kubelab::app

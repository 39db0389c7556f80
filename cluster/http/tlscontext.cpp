#include "http/tlscontext.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>

#include "pki/subject.h"

namespace kubelab::http {

namespace ssl = boost::asio::ssl;
using boost::system::error_code;

namespace {

constexpr unsigned char http11Protocol[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
constexpr unsigned char sessionIdContext[] = {'k', 'u', 'b', 'e', 'l', 'a', 'b'};

// ALPN: we speak HTTP/1.1 only. Go's clients (kubectl) offer h2 first and fall back when
// the server picks http/1.1 or nothing.
int selectHttp11(SSL*, const unsigned char** selected, unsigned char* selectedLength, const unsigned char* offered,
                 unsigned int offeredLength, void*) {
  unsigned char* choice = nullptr;
  unsigned char choiceLength = 0;
  if (SSL_select_next_proto(&choice, &choiceLength, http11Protocol, sizeof http11Protocol, offered, offeredLength) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *selected = choice;
  *selectedLength = choiceLength;
  return SSL_TLSEXT_ERR_OK;
}

// A client certificate that does not verify must not end the handshake: kube-apiserver
// treats it as "no certificate" and lets other authenticators (tokens) or a 401 decide.
// OpenSSL still records the verification result for verifiedClientCertificate.
int keepHandshakeGoing(int, X509_STORE_CTX*) { return 1; }

Status loadFailure(const std::string& what, const error_code& error) {
  ERR_clear_error();
  return invalid(what + ": " + error.message());
}

Result<std::shared_ptr<TlsContext>> newContext(ssl::context::method method) {
  std::shared_ptr<TlsContext> context;
  try {
    context = std::make_shared<TlsContext>(method);
  } catch (const boost::system::system_error& error) {
    return internalError(std::string("cannot create a TLS context: ") + error.what());
  }
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) return internalError("cannot require TLS 1.2");
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  return context;
}

Status loadClientCertificate(TlsContext& context, const ClientTlsOptions& options) {
  const bool hasCertificate = !options.certificateFile.empty() || !options.certificatePem.empty();
  const bool hasKey = !options.privateKeyFile.empty() || !options.privateKeyPem.empty();
  if (hasCertificate != hasKey) return invalid("a client certificate and its key go together; only one was given");
  if (!hasCertificate) return Status::ok();
  error_code error;
  if (!options.certificateFile.empty()) {
    context.use_certificate_chain_file(options.certificateFile, error);
  } else {
    context.use_certificate_chain(boost::asio::buffer(options.certificatePem), error);
  }
  if (error) return loadFailure("cannot load the client certificate " + options.certificateFile, error);
  if (!options.privateKeyFile.empty()) {
    context.use_private_key_file(options.privateKeyFile, ssl::context::pem, error);
  } else {
    context.use_private_key(boost::asio::buffer(options.privateKeyPem), ssl::context::pem, error);
  }
  if (error) return loadFailure("cannot load the client key " + options.privateKeyFile, error);
  return Status::ok();
}

Status loadTrustedAuthorities(TlsContext& context, const ClientTlsOptions& options) {
  error_code error;
  if (!options.caFile.empty()) {
    context.load_verify_file(options.caFile, error);
    if (error) return loadFailure("cannot load the CA file " + options.caFile, error);
  }
  if (!options.caPem.empty()) {
    context.add_certificate_authority(boost::asio::buffer(options.caPem), error);
    if (error) return loadFailure("cannot load the CA certificate data", error);
  }
  if (options.caFile.empty() && options.caPem.empty()) {
    context.set_default_verify_paths(error);
    if (error) return loadFailure("cannot load the system's CA certificates", error);
  }
  return Status::ok();
}

bool isIpAddress(const std::string& name) {
  error_code error;
  boost::asio::ip::make_address(name, error);
  return !error;
}

}  // namespace

Result<std::shared_ptr<TlsContext>> makeServerTlsContext(const ServerTlsOptions& options) {
  auto context = newContext(ssl::context::tls_server);
  if (!context) return context.status();
  error_code error;
  (*context)->use_certificate_chain_file(options.certificateFile, error);
  if (error) return loadFailure("cannot load the TLS certificate " + options.certificateFile, error);
  (*context)->use_private_key_file(options.privateKeyFile, ssl::context::pem, error);
  if (error) return loadFailure("cannot load the TLS key " + options.privateKeyFile, error);
  SSL_CTX* native = (*context)->native_handle();
  SSL_CTX_set_alpn_select_cb(native, selectHttp11, nullptr);
  // OpenSSL refuses to resume a session of a server that verifies peers unless the
  // session carries this context; clients that resume (Go, curl) would then fail.
  SSL_CTX_set_session_id_context(native, sessionIdContext, sizeof sessionIdContext);
  if (!options.clientCaFile.empty()) {
    (*context)->load_verify_file(options.clientCaFile, error);
    if (error) return loadFailure("cannot load the client CA file " + options.clientCaFile, error);
    // The CertificateRequest names the acceptable CAs; Go's clients send a certificate
    // only when it chains to one of them.
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.clientCaFile.c_str());
    if (names == nullptr) {
      ERR_clear_error();
      return invalid("no CA certificate in " + options.clientCaFile);
    }
    SSL_CTX_set_client_CA_list(native, names);
    if (options.requireClientCertificate) {
      SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    } else {
      SSL_CTX_set_verify(native, SSL_VERIFY_PEER, keepHandshakeGoing);
    }
  } else if (options.requireClientCertificate) {
    return invalid("requiring client certificates needs a client CA file");
  }
  return context;
}

std::optional<ClientCertificate> verifiedClientCertificate(const SSL* connection) {
  const X509* peer = SSL_get0_peer_certificate(connection);
  if (peer == nullptr || SSL_get_verify_result(connection) != X509_V_OK) return std::nullopt;
  pki::Subject subject = pki::subjectOf(*peer);
  return ClientCertificate{std::move(subject.commonName), std::move(subject.organizations)};
}

Result<std::shared_ptr<TlsContext>> makeClientTlsContext(const ClientTlsOptions& options) {
  auto context = newContext(ssl::context::tls_client);
  if (!context) return context.status();
  if (options.insecureSkipVerify) {
    SSL_CTX_set_verify((*context)->native_handle(), SSL_VERIFY_NONE, nullptr);
  } else {
    KUBELAB_RETURN_IF_ERROR(loadTrustedAuthorities(**context, options));
    SSL_CTX_set_verify((*context)->native_handle(), SSL_VERIFY_PEER, nullptr);
  }
  KUBELAB_RETURN_IF_ERROR(loadClientCertificate(**context, options));
  return context;
}

Status prepareClientConnection(SSL* connection, const ClientTlsOptions& options, const std::string& host) {
  const std::string& name = options.serverName.empty() ? host : options.serverName;
  const bool isAddress = isIpAddress(name);
  if (!isAddress && SSL_set_tlsext_host_name(connection, name.c_str()) != 1) {
    ERR_clear_error();
    return invalid("cannot send \"" + name + "\" as the TLS server name");
  }
  if (options.insecureSkipVerify) return Status::ok();
  X509_VERIFY_PARAM* parameters = SSL_get0_param(connection);
  // A wildcard covers one whole leftmost label, as in Go; never "w*.example.com".
  X509_VERIFY_PARAM_set_hostflags(parameters, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  const int set = isAddress ? X509_VERIFY_PARAM_set1_ip_asc(parameters, name.c_str())
                            : X509_VERIFY_PARAM_set1_host(parameters, name.c_str(), name.size());
  if (set != 1) {
    ERR_clear_error();
    return invalid("cannot check the server's certificate against \"" + name + "\"");
  }
  return Status::ok();
}

std::string describeHandshakeFailure(const SSL* connection, const error_code& error) {
  std::string text = error.message();
  const long verification = SSL_get_verify_result(connection);
  if (verification != X509_V_OK) text += " (" + std::string(X509_verify_cert_error_string(verification)) + ")";
  ERR_clear_error();
  return text;
}

}  // namespace kubelab::http

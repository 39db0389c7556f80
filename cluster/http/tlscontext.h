#pragma once
// OpenSSL contexts for the HTTP server and client, built from their TLS options. Internal to
// cluster/http: only httpserver.cpp and httpclient.cpp include it, so the Asio SSL headers
// stay out of everyone else's build.

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/httpclient.h"
#include "http/httpserver.h"

namespace kubelab::http {

using TlsContext = boost::asio::ssl::context;

// TLS 1.2+, the certificate and key (checked to match), HTTP/1.1 by ALPN, and, with a
// client CA, optional client certificates whose verification result is kept for
// verifiedClientCertificate instead of failing the handshake.
Result<std::shared_ptr<TlsContext>> makeServerTlsContext(const ServerTlsOptions& options);

// The identity of the client certificate on this connection, if one was presented and
// verified against the client CA.
std::optional<ClientCertificate> verifiedClientCertificate(const SSL* connection);

// TLS 1.2+, the trusted CAs, and the client certificate if any.
Result<std::shared_ptr<TlsContext>> makeClientTlsContext(const ClientTlsOptions& options);

// Per connection: the name the server's certificate must carry (DNS name or IP address) and
// SNI, which only DNS names may be sent as.
Status prepareClientConnection(SSL* connection, const ClientTlsOptions& options, const std::string& host);

// Why the handshake failed, with the certificate check's own reason when it was that.
std::string describeHandshakeFailure(const SSL* connection, const boost::system::error_code& error);

}  // namespace kubelab::http

import AsyncHTTPClient
import FactoryCore
import Foundation
import NIOCore
import NIOHTTP1

/// How the client proves itself to the portal (research note §1): an inbound webhook, whose
/// code is in the URL and never expires, or an OAuth application, whose access token lives an
/// hour and is renewed with a refresh token that rotates on every renewal.
public protocol Bitrix24Credential: Sendable {
    /// The URL of `method` and, for OAuth, the bearer token to send with it.
    func endpoint(of method: String) async -> (url: String, bearer: String?)
    /// After `expired_token`: a new access token; false when this credential has none to renew.
    func renew(using http: HTTPClient, timeout: TimeAmount) async throws -> Bool
}

/// `BITRIX_BASE_URL` (`https://portal/rest/USER_ID`) and `BITRIX_TOKEN` (the webhook's code).
public struct Bitrix24Webhook: Bitrix24Credential {
    let base: String
    let code: String

    public init(base: String, code: String) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.code = code
    }

    public func endpoint(of method: String) async -> (url: String, bearer: String?) { ("\(base)/\(code)/\(method).json", nil) }
    public func renew(using http: HTTPClient, timeout: TimeAmount) async throws -> Bool { false }
}

/// An OAuth application's tokens: calls go to the portal's `client_endpoint` with the access
/// token as a bearer; `expired_token` renews it at the token server, and the rotated refresh
/// token is handed to `keep` (which must store it before the next renewal, or the application
/// must be authorised again). Bitrix24 asks not to renew ahead of time, so renewal waits for
/// the portal to say so.
public actor Bitrix24OAuth: Bitrix24Credential {
    public struct Tokens: Sendable, Equatable, Codable {
        public var accessToken: String
        public var refreshToken: String

        public init(accessToken: String, refreshToken: String) { (self.accessToken, self.refreshToken) = (accessToken, refreshToken) }

        enum CodingKeys: String, CodingKey { case accessToken = "access_token", refreshToken = "refresh_token" }
    }

    let clientEndpoint: String
    let tokenURL: String
    let clientID: String
    let clientSecret: String
    private(set) var tokens: Tokens
    let keep: @Sendable (Tokens) throws -> Void

    public init(clientEndpoint: String, tokenURL: String = "https://oauth.bitrix.info/oauth/token/", clientID: String, clientSecret: String,
                tokens: Tokens, keep: @escaping @Sendable (Tokens) throws -> Void) {
        self.clientEndpoint = clientEndpoint.hasSuffix("/") ? clientEndpoint : clientEndpoint + "/"
        (self.tokenURL, self.clientID, self.clientSecret, self.tokens, self.keep) = (tokenURL, clientID, clientSecret, tokens, keep)
    }

    public func endpoint(of method: String) async -> (url: String, bearer: String?) { ("\(clientEndpoint)\(method).json", tokens.accessToken) }

    public func renew(using http: HTTPClient, timeout: TimeAmount) async throws -> Bool {
        var query = URLComponents(string: tokenURL)
        query?.queryItems = [URLQueryItem(name: "grant_type", value: "refresh_token"), URLQueryItem(name: "client_id", value: clientID),
                             URLQueryItem(name: "client_secret", value: clientSecret), URLQueryItem(name: "refresh_token", value: tokens.refreshToken)]
        guard let url = query?.url?.absoluteString else { return false }
        let text: String
        let status: Int
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: timeout)
            status = Int(response.status.code)
            text = String(buffer: try await response.body.collect(upTo: 1024 * 1024))
        } catch {
            // The URL carries the application's secret: the failure names the step only.
            throw Bitrix24Failure(status: 0, code: "TRANSPORT", message: "oauth token renewal: \(type(of: error))")
        }
        guard (200..<300).contains(status), let answer = try? Bitrix24JSON.parse(text).objectFields,
              let access = answer["access_token"]?.stringValue, let refresh = answer["refresh_token"]?.stringValue else {
            let failure = Bitrix24Failure.from(status: status, body: text)
            // invalid_grant: the refresh token is spent or revoked; someone must authorise the application again.
            throw Bitrix24Failure(status: status, code: failure.code == "invalid_grant" ? "invalid_token" : failure.code,
                                  message: "oauth token renewal: \(failure.message)")
        }
        tokens = Tokens(accessToken: access, refreshToken: refresh)
        try keep(tokens)
        return true
    }
}

/// `BITRIX_OAUTH_TOKEN_FILE`: the OAuth application's tokens as JSON (`access_token`,
/// `refresh_token`), put there by whoever authorised the application and rewritten by the
/// server at each renewal, readable by its owner only.
public enum Bitrix24TokenFile {
    public static func read(_ path: String) throws -> Bitrix24OAuth.Tokens {
        do {
            return try JSONDecoder().decode(Bitrix24OAuth.Tokens.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw FactoryError.validation(field: "BITRIX_OAUTH_TOKEN_FILE", reason: "bad_token_file",
                                          "cannot read the Bitrix24 tokens from \(path): write {\"access_token\": …, \"refresh_token\": …} there")
        }
    }

    public static func write(_ tokens: Bitrix24OAuth.Tokens, to path: String) throws {
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: try JSONEncoder().encode(tokens), attributes: [.posixPermissions: 0o600]) else {
            throw FactoryError.unavailable("token_file_unwritable", "cannot write the renewed Bitrix24 tokens to \(temporary)")
        }
        // Renamed over the old file: a crash leaves the old tokens or the new, never half of one.
        guard rename(temporary, path) == 0 else {
            throw FactoryError.unavailable("token_file_unwritable", "cannot replace \(path) with the renewed Bitrix24 tokens")
        }
    }
}

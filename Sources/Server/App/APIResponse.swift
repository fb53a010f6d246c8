import FactoryCore
import Foundation
import HTTPTypes
import Hummingbird

/// A JSON answer with its status. Bodies are built from `JSONValue`, so what the API says is
/// spelled out in one place per resource (see `Representations`), in snake_case as the spec.
public struct APIResponse: ResponseGenerator {
    public let status: HTTPResponse.Status
    public let body: JSONValue
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status = .ok, _ body: JSONValue) {
        self.status = status
        self.body = body
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body.canonicalText)))
    }

    /// A page of a list with its paging facts.
    public static func page(_ items: [JSONValue], _ page: Page) -> APIResponse {
        APIResponse(.ok, ["items": .array(items), "page": .int(Int64(page.number)), "page_size": .int(Int64(page.size))])
    }
}

import Foundation

/// The OpenAPI 3.1 description of the whole API, kept beside this file as `openapi.json`
/// and served at `/api/v1/openapi.json`. A test holds it and the router to each other.
public enum OpenAPIDocument {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Array(#"{"openapi":"3.1.0","info":{"title":"missing","version":"0"},"paths":{}}"#.utf8)
        }
        return Array(data)
    }()
}

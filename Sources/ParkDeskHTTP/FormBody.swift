public import Hummingbird

extension FormFields {
    /// A posted form's fields: all of them, or, when the body is longer than `limit`, the whole fields within it
    /// (`complete` false). The rest of the body is read, so that the answer reaches the browser.
    public static func read(_ request: Request, limit: Int) async throws -> (fields: FormFields, complete: Bool) {
        var kept = ByteBuffer()
        var complete = true
        for try await var chunk in request.body {
            guard complete else { continue }
            if kept.readableBytes + chunk.readableBytes <= limit {
                kept.writeBuffer(&chunk)
            } else {
                complete = false
                var head = chunk.readSlice(length: limit - kept.readableBytes) ?? ByteBuffer()
                kept.writeBuffer(&head)
            }
        }
        var text = String(buffer: kept)
        if !complete, let last = text.lastIndex(of: "&") { text = String(text[..<last]) }
        return (FormFields(text), complete)
    }
}

import OpenAPIRuntime

/// Implements the operations of `openapi.yaml`; each handler translates and delegates, nothing more.
struct APIHandlers: APIProtocol {
    let health: HealthService

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        if let reason = await health.notReadyReason() {
            return .serviceUnavailable(.init(body: .applicationProblemJson(.init(
                _type: "https://parkdesk.invalid/problems/not-ready", title: "Not ready", status: 503, detail: reason))))
        }
        return .ok(.init(body: .json(.init(status: .ready))))
    }
}

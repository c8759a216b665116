import Hummingbird

import ParkDeskAPI
import ParkDeskHTTP

/// Turns every error into the answer of the door the request came through: a page people read gets the site's
/// error page, anything else the API's problem+json (`Doors.isPage` decides).
struct ErrorAnswerMiddleware: AppMiddleware {
    let doors: Doors

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error where Doors.isPage(request) {
            return doors.errorPage(request, APIDoor.status(of: error))
        } catch {
            return APIDoor.answer(error, to: request, context: context)
        }
    }
}

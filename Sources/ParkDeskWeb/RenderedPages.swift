import ParkDeskCore

/// The HTML of a page kind (home, results), kept by what it shows: the whole view (the search's cards, counts,
/// chips and the form as filled) is the key, so an identical page is not rendered twice, and any difference in
/// what the database answered renders anew. Every request still runs its search and counts; only the template
/// engine's work (it reflects on every value: most of the page's CPU once the cards were kept) is spared for a
/// view seen in the last minute.
final class RenderedPages<View: Hashable & Sendable>: Sendable {
    private struct Key: Hashable, Sendable {
        let view: View
        let path: String
    }

    private let kept = Kept<Key, String>(lifetime: .seconds(60), capacity: 2_000)

    /// The page showing `view` at `path`, rendered by `render` when not kept.
    func html(_ view: View, path: String, render: () -> String) -> String {
        kept.value(for: Key(view: view, path: path), orMake: render)
    }
}

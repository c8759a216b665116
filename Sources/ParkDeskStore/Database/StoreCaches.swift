import ParkDeskCore

/// What the stores of one database keep between statements, made once with the `Database` value so that every
/// store made from it (`database.search`, `database.places` …) shares it.
final class StoreCaches: Sendable {
    /// The districts: reference data from the migrations, read once (a search then filters on `district_id`
    /// directly and can use its index).
    let districts = Kept<KeptOnce, [District]>()
    /// Parks as public pages show them, each read at most once per 30 s: a park's count of public listings is an
    /// index-only count (3.7 ms for a park of 23,670 listings at 1,000,000), and it was paid on every listing page.
    /// Staff pages read parks directly (exact counts).
    let publicParks = Kept<Int, Park>(lifetime: .seconds(30))
    /// All parks as the public pages list them (the home page, /parks), on the same terms.
    let publicParkList = Kept<KeptOnce, [Park]>(lifetime: .seconds(30))
    /// The public listings counted per district, park, kind, deal and status (`listing_counts`, sql/0020), read at
    /// most once a second: the results page's facet counts are summed from here, at most a second behind.
    let listingCounts = Kept<KeptOnce, [ListingCount]>(lifetime: .seconds(1))
    /// The text parser of the current place names, kept for a minute (building it reads every district and
    /// park), and forgotten when a park changes.
    let textParser = Kept<KeptOnce, TextParser>(lifetime: .seconds(60))
    /// The parks to choose from in the staff console's filters and forms, kept for a minute (their listing counts
    /// may be that old; the names are forgotten when a park changes).
    let parkChoices = Kept<KeptOnce, [Park]>(lifetime: .seconds(60))
    /// What ANALYZE's statistics say of a search term (`KeywordFrequencies`), kept for ten minutes.
    let keywordReadings = Kept<String, KeywordFrequencies.Reading>(lifetime: .seconds(600))
}

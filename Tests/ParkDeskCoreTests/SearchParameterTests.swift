import ParkDeskCore
import Testing

/// The one reader of search parameters: the API's exact spelling, a person's form, one value where one is taken.
@Suite struct SearchParameterTests {
    static func read(
        _ pairs: [(SearchParameter, String)], _ spelling: SearchParameter.Spelling = .exact
    ) -> (ListingSearchInput, [SearchParameter.Unreadable]) {
        var reader = SearchParameterReader(spelling: spelling)
        var refused: [SearchParameter.Unreadable] = []
        for (parameter, value) in pairs {
            do { try reader.read(parameter, value) } catch { refused.append(error) }
        }
        return (reader.input, refused)
    }

    @Test func theAPIsSpellingIsReadExactly() {
        let (input, refused) = Self.read([
            (.kind, "factory"), (.kind, "warehouse"), (.deal, "rent"), (.district, "xiangtan-county"),
            (.minBuildingArea, "1000"), (.maxBuildingArea, "5e3"), (.landAreaUnit, "mu"), (.standalone, "true"),
            (.q, "行车 16吨"), (.sort, "price-asc"), (.limit, "50"), (.facets, "false"), (.status, "pending"),
        ])
        #expect(refused.isEmpty)
        #expect(input.kinds == [.factory, .warehouse] && input.deal == .rent && input.districts == ["xiangtan-county"])
        #expect(input.minBuildingArea == 1000 && input.maxBuildingArea == 5000 && input.landAreaInMu)
        #expect(input.standalone == true && input.q == "行车 16吨" && input.sort == .priceAsc)
        #expect(input.limit == 50 && !input.facets && input.statuses == [.pending])
    }

    @Test func wrongValuesAreNamedAndChangeNothing() {
        let (input, refused) = Self.read([
            (.kind, "厂房"), (.deal, "Rent"), (.park, "1.5"), (.minPrice, "cheap"), (.standalone, "on"),
            (.landAreaUnit, "acre"), (.sort, "price_asc"), (.q, "a"), (.q, "b"), (.limit, "20"), (.limit, "30"),
        ])
        #expect(
            refused == [
                .noSuchChoice, .noSuchChoice, .notANumber, .notANumber, .notYesOrNo, .noSuchChoice, .noSuchChoice,
                .repeated, .repeated,
            ])
        #expect(input.kinds.isEmpty && input.deal == nil && input.park == nil && input.minPrice == nil)
        #expect(input.standalone == nil && !input.landAreaInMu && input.sort == nil)
        #expect(input.q == "a" && input.limit == 20, "the first of a single parameter counts")
    }

    @Test func aPersonsFormMayUseLabelsAndCheckBoxes() {
        let (input, refused) = Self.read(
            [(.kind, "厂房"), (.kind, "land"), (.deal, "出租"), (.singleStorey, "on"), (.minPrice, "inf")], .form)
        #expect(input.kinds == [.factory] && input.deal == .rent && input.singleStorey == true)
        #expect(refused == [.noSuchChoice, .notANumber], "infinity is no price a person means")
        #expect(Self.read([(.minPrice, "inf")]).0.minPrice == .infinity, "the API reads it; validation refuses it")
    }

    @Test func everyParameterHasTheAPIsName() {
        #expect(SearchParameter(rawValue: "minBuildingArea") == .minBuildingArea)
        #expect(SearchParameter(rawValue: "utm_source") == nil)
        #expect(SearchParameter.allCases.filter(\.isList) == [.kind, .district, .status, .feature, .drop])
    }
}
